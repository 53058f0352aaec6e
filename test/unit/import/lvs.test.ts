import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/keepalived/parser.js';
import { checkRoundTrip } from '../../../src/import/roundtrip.js';
import { emitInventory } from '../../../src/import/emit.js';
import { formatSummary, runImport } from '../../../src/import/run.js';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { lintInventory } from '../../../src/inventory/lint.js';

// LVS blocks are imported into the cluster's virtual_servers / virtual_server_groups when they fit the model
// exactly, and render back to the same configuration; the rest is listed as not modelled.

const LVS = [
  'virtual_server_group WEB {',
  '    10.10.10.100 8080',
  '    10.10.10.101 8080',
  '}',
  'virtual_server 10.10.10.100 80 {',
  '    delay_loop 6',
  '    lb_algo wrr',
  '    lb_kind NAT',
  '    protocol TCP',
  '    persistence_timeout 50',
  '    real_server 192.168.1.11 8080 {',
  '        weight 1',
  '        HTTP_GET {',
  '            url {',
  '                path /health',
  '                status_code 200',
  '            }',
  '            connect_timeout 3',
  '            retry 3',
  '            delay_before_retry 2',
  '        }',
  '    }',
  '    real_server 192.168.1.12 8080 {',
  '        weight 2',
  '        TCP_CHECK {',
  '            connect_port 8080',
  '            connect_timeout 3',
  '        }',
  '    }',
  '}',
  'virtual_server group WEB {',
  '    lb_algo sh',
  '    lb_kind NAT',
  '    protocol TCP',
  '    real_server 192.168.1.21 8080 {',
  '        TCP_CHECK {',
  '            connect_timeout 2',
  '        }',
  '    }',
  '}',
];

const config = (state: string, prio: number, src: string, peer: string, lvs: string[]): string =>
  [
    'vrrp_instance VI_1 {',
    `    state ${state}`,
    '    interface eth0',
    '    virtual_router_id 42',
    `    priority ${prio}`,
    `    unicast_src_ip ${src}`,
    '    unicast_peer {',
    `        ${peer}`,
    '    }',
    '    virtual_ipaddress {',
    '        10.10.10.100',
    '        10.10.10.101',
    '    }',
    '}',
    ...lvs,
  ].join('\n');

const two = (a: string[], b: string[]) => [
  {
    host: 'lb1',
    parsed: parseConfigText(config('MASTER', 150, '10.10.10.51', '10.10.10.52', a), 'lb1.conf'),
  },
  {
    host: 'lb2',
    parsed: parseConfigText(config('BACKUP', 100, '10.10.10.52', '10.10.10.51', b), 'lb2.conf'),
  },
];

function imported(a: string[], b: string[]) {
  const r = runImport(two(a, b), { secrets: 'inline' });
  const yaml = emitInventory(r.result, { secrets: 'inline', sources: [] }).verifyYaml;
  const { inventory } = loadInventoryTexts(new Map([['imported.yaml', yaml]]));
  return {
    r,
    yaml,
    doc: parse(yaml) as { clusters: Record<string, Record<string, unknown[] & Record<string, unknown>>> },
    findings: lintInventory(inventory),
  };
}

describe('import of LVS blocks', () => {
  it('a virtual_server over HTTP_GET and TCP_CHECK real servers and a group: typed fields, lint clean, same config back', () => {
    const { r, doc, findings } = imported(LVS, LVS);
    expect(r.result.unmapped).toEqual([]);
    expect(r.result.counts.virtualServers).toBe(2);
    const c = doc.clusters['vi-1'];
    expect(c.virtual_server_groups).toEqual({
      WEB: [
        { address: '10.10.10.100', port: 8080 },
        { address: '10.10.10.101', port: 8080 },
      ],
    });
    expect(c.virtual_servers[0]).toEqual({
      address: '10.10.10.100',
      port: 80,
      delay_loop: 6,
      lb_algo: 'wrr',
      lb_kind: 'NAT',
      protocol: 'TCP',
      persistence_timeout: 50,
      real_servers: [
        {
          address: '192.168.1.11',
          port: 8080,
          weight: 1,
          check: {
            type: 'HTTP_GET',
            url: [{ path: '/health', status_code: 200 }],
            connect_timeout: 3,
            retry: 3,
            delay_before_retry: 2,
          },
        },
        {
          address: '192.168.1.12',
          port: 8080,
          weight: 2,
          check: { type: 'TCP_CHECK', connect_port: 8080, connect_timeout: 3 },
        },
      ],
    });
    expect(c.virtual_servers[1]).toMatchObject({ group: 'WEB', lb_algo: 'sh' });
    expect(findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.message}`)).toEqual([]);
    expect(findings.filter((f) => /^LVS/.test(f.code)).map((f) => `${f.code} ${f.message}`)).toEqual([]);
    for (const t of r.roundTrip) expect(t).toMatchObject({ missing: [], added: [], expectedMissing: 0 });
    expect(formatSummary(r)).toContain('2 virtual_servers');
  });

  it('the round trip sees a changed real server (it compares LVS blocks)', () => {
    const input = two(LVS, LVS);
    const { r, yaml } = imported(LVS, LVS);
    const broken = yaml.replace('weight: 2', 'weight: 3');
    const rt = checkRoundTrip(broken, input, r.result.unmapped);
    expect(rt[0]!.missing).toEqual([
      'virtual_server 10.10.10.100 80 / real_server 192.168.1.12 8080 weight 2',
    ]);
    expect(rt[0]!.added).toEqual(['virtual_server 10.10.10.100 80 / real_server 192.168.1.12 8080 weight 3']);
  });

  it('a virtual_server not on a VIP, or with an unmodelled checker, is listed as not modelled; nothing is lost', () => {
    const other = [
      'virtual_server 10.20.30.40 80 {',
      '    lb_algo rr',
      '    lb_kind NAT',
      '    protocol TCP',
      '    real_server 192.168.1.11 80 {',
      '        TCP_CHECK {',
      '            connect_timeout 3',
      '        }',
      '    }',
      '}',
      'virtual_server 10.10.10.101 25 {',
      '    lb_algo rr',
      '    lb_kind NAT',
      '    protocol TCP',
      '    real_server 192.168.1.11 25 {',
      '        SMTP_CHECK {',
      '            helo_name foo.example',
      '        }',
      '    }',
      '}',
    ];
    const { r, doc } = imported(other, other);
    expect(r.result.counts.virtualServers ?? 0).toBe(0);
    const c = Object.values(doc.clusters)[0] as Record<string, unknown>;
    expect(c.virtual_servers).toBeUndefined();
    const why = r.result.unmapped.filter((u) => u.host === 'lb1').map((u) => `${u.text}: ${u.why}`);
    expect(why).toEqual([
      'virtual_server 10.20.30.40 80 { … }: 10.20.30.40 is not a VIP of a cluster of this host: the model has virtual servers on VIPs only',
      'virtual_server 10.10.10.101 25 { … }: SMTP_CHECK is not a checker the model has',
    ]);
    const summary = formatSummary(r);
    expect(summary).toContain('not modelled: lb1: virtual_server 10.20.30.40 80 { … }');
    expect(summary).toContain('SMTP_CHECK is not a checker the model has');
    for (const t of r.roundTrip) expect(t).toMatchObject({ missing: [], added: [], expectedMissing: 2 });
  });

  it('a virtual_server only one member has stays unmapped (every member renders the cluster’s)', () => {
    const { r } = imported(LVS, []);
    expect(r.result.counts.virtualServers ?? 0).toBe(0);
    expect(r.result.unmapped.map((u) => u.why)).toContain(
      'not every member of cluster vi-1 has this virtual_server the same',
    );
    for (const t of r.roundTrip) expect(t).toMatchObject({ missing: [], added: [] });
  });
});

describe('import of LVS blocks: fwmark, MISC_CHECK, sorry server, quorum scripts', () => {
  const lvs = [
    'virtual_server fwmark 7 {',
    '    delay_loop 10',
    '    lb_algo wlc',
    '    lb_kind NAT',
    '    quorum 2',
    '    quorum_up /etc/keepalived/up.sh',
    '    sorry_server 192.168.1.99 80',
    '    real_server 192.168.1.11 80 {',
    '        weight 3',
    '        inhibit_on_failure',
    '        MISC_CHECK {',
    '            misc_path /etc/keepalived/check.sh',
    '            misc_timeout 5',
    '        }',
    '    }',
    '    real_server 192.168.1.12 80 {',
    '        MISC_CHECK {',
    '            misc_path "/etc/keepalived/check.sh --deep"',
    '        }',
    '    }',
    '}',
  ];
  it('a fwmark service goes to the host’s one cluster; a misc_path with arguments keeps it not modelled', () => {
    const ok = lvs.slice(0, 15).concat(['}']);
    const a = imported(ok, ok);
    expect(a.r.result.unmapped).toEqual([]);
    expect(a.doc.clusters['vi-1']!.virtual_servers).toMatchObject([
      {
        fwmark: 7,
        quorum: 2,
        quorum_up: '/etc/keepalived/up.sh',
        sorry_server: { address: '192.168.1.99', port: 80 },
      },
    ]);
    for (const t of a.r.roundTrip) expect(t).toMatchObject({ missing: [], added: [] });
    const b = imported(lvs, lvs);
    expect(b.r.result.unmapped.map((u) => u.why)).toContain(
      'misc_path: a command lint refuses or with arguments',
    );
    for (const t of b.r.roundTrip) expect(t).toMatchObject({ missing: [], added: [] });
  });
});
