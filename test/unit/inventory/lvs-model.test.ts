import { afterAll, describe, expect, it } from 'vitest';
import { InventoryError, type LintFinding } from '../../../src/inventory/findings.js';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { removalBound } from '../../../src/inventory/lvs/checkers.js';
import { renderHostConfig } from '../../../src/render/render.js';
import { keepalivedTest, removeNamespace } from '../render/keepalived-t.js';

// keepalived's LVS side in the inventory: virtual_server, real_server, the checkers and virtual_server_group.
// Lint codes with their positions, the rendering, and the real keepalived -t on both.

afterAll(removeNamespace);

const FILE = '/inv/lvs.yaml';
const BASE = [
  'hosts:',
  '  h1: { address: 10.0.0.1/24 }',
  '  h2: { address: 10.0.0.2/24 }',
  'clusters:',
  '  c1:',
  '    virtual_router_id: 51',
  '    vips: [10.0.0.50/24, 10.0.0.49]',
  '    members:',
  '      h1: { priority: 100 }',
  '      h2: { priority: 90 }',
];

function load(lines: string[]): ReturnType<typeof loadInventoryTexts> {
  return loadInventoryTexts(new Map([[FILE, [...BASE, ...lines].join('\n') + '\n']]));
}

function codes(lines: string[]): string[] {
  let findings: LintFinding[];
  try {
    findings = load(lines).findings;
  } catch (err) {
    if (!(err instanceof InventoryError)) throw err;
    findings = err.findings;
  }
  return findings.map((f) => `${f.code}@${f.location.line}:${f.location.column}`);
}

const render = (lines: string[], host = 'h1'): string => renderHostConfig(load(lines).inventory, host).text;

describe('virtual_server', () => {
  const good = [
    '    virtual_servers:',
    '      - address: 10.0.0.50', // line 12
    '        port: 80',
    '        lb_algo: wrr',
    '        delay_loop: 3',
    '        real_servers:',
    '          - address: 10.0.0.11', // line 17
    '            port: 8080',
    '            weight: 3',
    '            check: { type: HTTP_GET, url: [{ path: /health, status_code: "200-299" }], retry: 2 }',
    '          - { address: 10.0.0.12, port: 8080, check: { type: TCP_CHECK, connect_timeout: 2 } }',
  ];

  it('a VIP service over two checked real servers lints clean, renders on every member and passes keepalived -t', () => {
    expect(codes(good)).toEqual([]);
    const h1 = render(good);
    expect(h1).toContain(
      [
        'virtual_server 10.0.0.50 80 {',
        '    delay_loop 3',
        '    lb_algo wrr',
        '    lb_kind NAT',
        '    protocol TCP',
        '    real_server 10.0.0.11 8080 {',
        '        weight 3',
        '        HTTP_GET {',
        '            url {',
        '                path /health',
        '                status_code 200-299',
        '            }',
        '            retry 2',
        '        }',
        '    }',
      ].join('\n'),
    );
    expect(render(good, 'h2')).toContain(h1.slice(h1.indexOf('virtual_server ')));
    expect(keepalivedTest(h1)).toEqual({ status: 'valid', stderr: '' });
  });

  it('LVS001: the address must be a VIP of the cluster; exactly one of address, fwmark, group', () => {
    expect(codes(good.map((l) => l.replace('address: 10.0.0.50', 'address: 10.0.0.60')))).toEqual([
      'LVS001@12:18',
    ]);
    expect(
      codes([
        '    virtual_servers:',
        '      - { address: 10.0.0.50, port: 80, fwmark: 3, real_servers: [] }',
      ]),
    ).toEqual(['LVS001@12:9', 'LVS006@12:66']);
  });

  it('LVS004 / LVS013: port needed, port 0 needs persistence, a service defined twice', () => {
    expect(codes(['    virtual_servers:', '      - { address: 10.0.0.50, real_servers: [] }'])).toEqual([
      'LVS004@12:20',
      'LVS006@12:45',
    ]);
    expect(
      codes([
        '    virtual_servers:',
        '      - { address: 10.0.0.50, port: 0, real_servers: [{ address: 10.0.0.11 }] }',
        '      - { address: 10.0.0.50, port: 0, persistence_timeout: 30, real_servers: [{ address: 10.0.0.11 }] }',
      ]),
    ).toEqual(['LVS004@12:37', 'LVS013@13:9']);
  });

  it('LVS006 duplicate real servers, LVS005 weights, LVS007 DR port change, LVS009 DR note', () => {
    expect(
      codes([
        '    virtual_servers:',
        '      - address: 10.0.0.50',
        '        port: 80',
        '        lb_algo: rr',
        '        lb_kind: DR', // 15
        '        real_servers:',
        '          - { address: 10.0.0.11, port: 8080, weight: 5 }', // 17
        '          - { address: 10.0.0.11, port: 8080, weight: -1 }', // 18
      ]),
    ).toEqual(
      ['LVS009@15:18', 'LVS005@17:55', 'LVS007@17:41', 'LVS005@18:55', 'LVS006@18:13', 'LVS007@18:41'].sort(
        byPos,
      ),
    );
  });

  it("keepalived itself warns about the DR port change LVS007 catches (its 'ports don't match')", () => {
    const dr = [
      '    virtual_servers:',
      '      - { address: 10.0.0.50, port: 80, lb_kind: DR, real_servers: [{ address: 10.0.0.11, port: 8080 }] }',
    ];
    const text = render(dr);
    expect(keepalivedTest(text).stderr).toMatch(/ports don't match - resetting/);
  });

  it('LVS008: NAT to a real server that is a member of the cluster', () => {
    expect(
      codes([
        '    virtual_servers:',
        '      - { address: 10.0.0.50, port: 80, lb_kind: NAT, real_servers: [{ address: 10.0.0.2, check: { type: TCP_CHECK } }] }',
      ]),
    ).toEqual(['LVS008@12:81']);
  });

  it('LVS011: keys keepalived ignores; LVS014 granularity; sorry server', () => {
    expect(
      codes([
        '    virtual_servers:',
        '      - address: 10.0.0.50',
        '        port: 80',
        '        persistence_granularity: 255.0.255.0', // 14
        '        sorry_server_inhibit: true', // 15
        '        hysteresis: 2', // 16
        '        real_servers: [{ address: 10.0.0.11, check: { type: HTTP_GET, enable_sni: true, url: [{ path: / }] } }]',
      ]),
    ).toEqual(['LVS011@14:34', 'LVS014@14:34', 'LVS011@15:31', 'LVS011@16:21', 'LVS011@17:83']);
  });

  it('LVS012: a real server without a check never leaves, so its notify scripts never run', () => {
    expect(
      codes([
        '    virtual_servers:',
        '      - { address: 10.0.0.50, port: 80, real_servers: [{ address: 10.0.0.11, inhibit_on_failure: true }] }',
      ]),
    ).toEqual(['LVS012@12:98']);
  });
});

describe('checkers', () => {
  const vs = (check: string): string[] => [
    '    virtual_servers:',
    `      - { address: 10.0.0.50, port: 80, real_servers: [{ address: 10.0.0.11, check: ${check} }] }`,
  ];

  it('LVS010: status codes, digests, paths and addresses keepalived refuses', () => {
    expect(codes(vs('{ type: HTTP_GET, url: [{ path: health, status_code: 700, digest: abc }] }'))).toEqual([
      'LVS010@12:117',
      'LVS010@12:138',
      'LVS010@12:151',
    ]);
    expect(codes(vs('{ type: TCP_CHECK, connect_ip: nothere, connect_port: 70000 }'))).toEqual([
      'LVS010@12:116',
      'NUM001@12:139',
    ]);
  });

  it('a keyword of another checker is a schema error (keepalived: Unknown keyword)', () => {
    expect(codes(vs('{ type: TCP_CHECK, url: [{ path: / }] }'))[0]).toMatch(/^SCH002@/);
    expect(codes(vs('{ type: MISC_CHECK, misc_path: /bin/true, connect_timeout: 3 }'))[0]).toMatch(
      /^SCH002@/,
    );
  });

  it('MISC_CHECK: path rules of scripts (NOT001/NOT002) and script security switched on', () => {
    expect(codes(vs('{ type: MISC_CHECK, misc_path: "check.sh x" }'))).toEqual(['NOT001@12:116']);
    const text = render(
      vs('{ type: MISC_CHECK, misc_path: /usr/bin/true, misc_timeout: 3, misc_dynamic: true }'),
    );
    expect(text).toMatch(/enable_script_security/);
    expect(text).toContain('misc_path "/usr/bin/true"');
    expect(keepalivedTest(text)).toEqual({ status: 'valid', stderr: '' });
  });

  it('every checker type renders and passes keepalived -t', () => {
    const text = render([
      '    virtual_servers:',
      '      - address: 10.0.0.50',
      '        port: 443',
      '        lb_kind: DR',
      '        real_servers:',
      '          - { address: 10.0.0.11, check: { type: SSL_GET, enable_sni: true, virtualhost: www.example, url: [{ path: /, digest: 9b3a0c85a887a256d6939da88aabd8cd }] } }',
      '          - { address: 10.0.0.12, check: { type: DNS_CHECK, dns_type: AAAA, name: example.com } }',
      '          - { address: 10.0.0.13, check: { type: TCP_CHECK, connect_port: 8443, bindto: 10.0.0.1, warmup: 2, log_all_failures: true, alpha: true } }',
    ]);
    expect(text).toMatch(/SSL_GET \{[\s\S]*enable_sni[\s\S]*DNS_CHECK \{\n\s+type AAAA\n\s+name example.com/);
    expect(keepalivedTest(text)).toEqual({ status: 'valid', stderr: '' });
  });

  it('removalBound: next check, attempts and retries', () => {
    expect(removalBound({ type: 'TCP_CHECK', connect_timeout: 1, retry: 1, delay_before_retry: 1 }, 2)).toBe(
      5,
    );
    expect(removalBound({ type: 'HTTP_GET', url: [{ path: '/' }] }, 6)).toBe(6 + 2 * 5 + 1);
    expect(removalBound({ type: 'MISC_CHECK', misc_path: '/bin/true' }, 4)).toBe(8);
  });
});

describe('virtual_server_group', () => {
  it('entries must be VIPs of the cluster, of one family; the group must exist', () => {
    expect(
      codes([
        '    virtual_server_groups:',
        '      g1: [{ address: 10.0.0.50, port: 80 }, { address: 10.0.0.77, port: 80 }, { address: "fd00::1", port: 80 }]',
        '      g2: []',
        '    virtual_servers:',
        '      - { group: g3, real_servers: [{ address: 10.0.0.11, check: { type: TCP_CHECK } }] }',
      ]),
    ).toEqual(['LVS015@12:7', 'LVS001@12:57', 'LVS001@12:91', 'LVS015@13:7', 'LVS002@15:18']);
  });

  it('a group with a firewall mark: DR ignores real server ports (LVS011), as keepalived warns', () => {
    const lines = [
      '    virtual_server_groups:',
      '      g1: [{ address: 10.0.0.50, port: 80 }, { fwmark: 7 }]',
      '    virtual_servers:',
      '      - { group: g1, lb_kind: DR, real_servers: [{ address: 10.0.0.11, port: 80, check: { type: TCP_CHECK } }] }',
    ];
    expect(codes(lines)).toEqual(['LVS009@14:31', 'LVS011@14:78']);
    const text = render(lines);
    expect(text).toContain('virtual_server_group g1 {\n    10.0.0.50 80\n    fwmark 7\n}');
    expect(keepalivedTest(text).stderr).toMatch(/port will be ignored/);
  });
});

function byPos(a: string, b: string): number {
  const pa = a.split('@')[1]!.split(':').map(Number);
  const pb = b.split('@')[1]!.split(':').map(Number);
  return pa[0]! - pb[0]! || pa[1]! - pb[1]! || a.localeCompare(b);
}
