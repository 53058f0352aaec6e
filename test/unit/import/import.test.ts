import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkParsed } from '../../../src/keepalived/check.js';
import { parseConfig, parseConfigText } from '../../../src/keepalived/parser.js';
import { buildInventory } from '../../../src/import/build.js';
import { checkRoundTrip } from '../../../src/import/roundtrip.js';
import { runImport } from '../../../src/import/run.js';
import { emitInventory } from '../../../src/import/emit.js';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { lintInventory } from '../../../src/inventory/lint.js';

// Given the keepalived.conf of each host, import builds the inventory that renders them back.

function conf(o: {
  state: string;
  priority: number;
  src: string;
  peer: string;
  advert?: number;
  vips?: string[];
  extra?: string[];
}): string {
  return [
    'global_defs {',
    '    router_id lb',
    '}',
    'vrrp_script chk_haproxy {',
    '    script "/usr/bin/killall -0 haproxy"',
    '    weight -20',
    '}',
    'vrrp_instance VI_1 {',
    `    state ${o.state}`,
    '    interface eth0',
    '    virtual_router_id 42',
    `    priority ${o.priority}`,
    `    advert_int ${o.advert ?? 1}`,
    '    authentication {',
    '        auth_type PASS',
    '        auth_pass s3cret',
    '    }',
    `    unicast_src_ip ${o.src}`,
    '    unicast_peer {',
    `        ${o.peer}`,
    '    }',
    '    virtual_ipaddress {',
    ...(o.vips ?? ['10.10.10.100/24 dev eth0', 'fd00::100']).map((v) => `        ${v}`),
    '    }',
    '    track_script {',
    '        chk_haproxy',
    '    }',
    '    notify_master "/etc/keepalived/notify.sh master"',
    ...(o.extra ?? ['    smtp_alert']),
    '}',
  ].join('\n');
}

const LB1 = { state: 'MASTER', priority: 150, src: '10.10.10.51', peer: '10.10.10.52' };
const LB2 = { state: 'BACKUP', priority: 100, src: '10.10.10.52', peer: '10.10.10.51' };
const hosts = (a: Parameters<typeof conf>[0], b: Parameters<typeof conf>[0]) => [
  { host: 'lb1', parsed: parseConfigText(conf(a), 'lb1.conf') },
  { host: 'lb2', parsed: parseConfigText(conf(b), 'lb2.conf') },
];
const same = (r: ReturnType<typeof runImport>): boolean =>
  r.roundTrip.every((t) => t.missing.length + t.added.length === 0);

describe('import from keepalived.conf files', () => {
  it('makes one cluster of the two members, member values where they differ, keepalived defaults written out', () => {
    const r = runImport(hosts(LB1, LB2), { secrets: 'inline' });
    const doc = r.result.doc;
    expect(doc.hosts).toEqual({ lb1: { address: '10.10.10.51' }, lb2: { address: '10.10.10.52' } });
    expect(Object.keys(doc.clusters!)).toEqual(['vi-1']);
    const c = doc.clusters!['vi-1']!;
    expect(c).toMatchObject({
      instance_name: 'VI_1',
      virtual_router_id: 42,
      interface: 'eth0',
      vips: [{ address: '10.10.10.100/24', dev: 'eth0' }, 'fd00::100'],
      advert_int: 1,
      unicast: true,
      // keepalived's default vrrp_script interval (1 s) written, since vipctl's is 2
      track_scripts: { chk_haproxy: { script: '/usr/bin/killall -0 haproxy', interval: 1, weight: -20 } },
      notify: { master: { path: '/etc/keepalived/notify.sh', args: ['master'] } },
      members: { lb1: { state: 'MASTER', priority: 150 }, lb2: { state: 'BACKUP', priority: 100 } },
      // modelled since #13: a typed field, no longer extra
      smtp_alert: true,
    });
    expect(c.extra).toBeUndefined();
    // global_defs is modelled since #13: what both hosts write goes to defaults.global_defs
    expect(doc.defaults?.global_defs).toEqual({ router_id: 'lb' });
    expect(r.result.unmapped.map((u) => u.text)).toEqual([]);
    expect(same(r)).toBe(true);
  });

  it('keeps a member-level advert_int when members disagree, and reports a VIP disagreement', () => {
    const r = runImport(hosts(LB1, { ...LB2, advert: 2, vips: ['10.10.10.101'] }), { secrets: 'inline' });
    const c = r.result.doc.clusters!['vi-1']!;
    expect(c.advert_int).toBeUndefined();
    expect(c.members.lb1!.advert_int).toBe(1);
    expect(c.members.lb2!.advert_int).toBe(2);
    expect(r.result.findings.map((f) => f.code)).toEqual(['IMP002']);
    // the inventory holds lb1's VIPs: lb2's config cannot come back the same, and the round trip says so
    expect(r.roundTrip.find((t) => t.host === 'lb2')!.missing).toContain(
      'vrrp_instance VI_1 vip 10.10.10.101',
    );
  });

  it('lists unicast lines as not modelled when the peers are not exactly the other members', () => {
    const r = runImport(hosts({ ...LB1, peer: '10.10.10.99' }, LB2), { secrets: 'inline' });
    const c = r.result.doc.clusters!['vi-1']!;
    expect(c.unicast).toBeUndefined();
    // unicast_src_ip / unicast_peer are modelled keywords: lint refuses them in extra (EXT001), so they are
    // listed with their text instead of written where configure would fail
    expect(c.extra).toBeUndefined();
    const texts = r.result.unmapped.filter((u) => u.cluster === 'vi-1').map((u) => u.text);
    expect(texts).toEqual(expect.arrayContaining(['unicast_src_ip 10.10.10.51', 'unicast_peer { … }']));
    expect(r.roundTrip.every((t) => t.missing.length === 0)).toBe(true);
  });

  it('keeps two clusters that reuse a VRID with other VIPs apart', () => {
    // two segments: each pair's unicast peers are its own
    const a = parseConfigText(
      conf({ ...LB1, src: '10.1.0.11', peer: '10.1.0.12', vips: ['10.1.0.1'] }),
      'a.conf',
    );
    const b = parseConfigText(
      conf({ ...LB2, src: '10.2.0.11', peer: '10.2.0.12', vips: ['10.2.0.1'] }).replace('VI_1', 'VI_other'),
      'b.conf',
    );
    const r = buildInventory([
      { name: 'a', parsed: a },
      { name: 'b', parsed: b },
    ]);
    // VI_other is vipctl's default name for a cluster "other": the name comes back
    expect(Object.keys(r.doc.clusters!)).toEqual(['vi-1', 'other']);
  });

  it('joins instances with other names and VIPs when their unicast peers name each other', () => {
    const a = parseConfigText(conf({ ...LB1, vips: ['10.1.0.1'] }), 'a.conf');
    const b = parseConfigText(conf({ ...LB2, vips: ['10.2.0.1'] }).replace('VI_1', 'VI_b'), 'b.conf');
    const r = buildInventory([
      { name: 'lb1', parsed: a },
      { name: 'lb2', parsed: b },
    ]);
    expect(Object.keys(r.doc.clusters!)).toEqual(['vi-1']);
    expect(Object.keys(r.doc.clusters!['vi-1']!.members)).toEqual(['lb1', 'lb2']);
    expect(r.findings.map((f) => f.code)).toEqual(['IMP002']); // the VIPs differ: lb1's are kept
  });

  it('refuses a host with no address it can learn, naming the flag that gives it', () => {
    const text =
      'vrrp_instance V {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n  10.0.0.5\n }\n}';
    expect(() => runImport([{ host: 'x', parsed: parseConfigText(text) }], { secrets: 'inline' })).toThrow(
      /no address for host x[\s\S]*--address x=IP/,
    );
  });

  it('never writes a password into the YAML: password files 0600 by default, or an env file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-imp-'));
    const out = join(dir, 'inv.yaml');
    const r = runImport(hosts(LB1, LB2), { secrets: 'file', output: out });
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).not.toContain('s3cret');
    expect(parse(yaml).clusters['vi-1'].auth).toEqual({
      type: 'PASS',
      password_file: 'inv.secrets/vi-1.pass',
    });
    const pass = join(dir, 'inv.secrets/vi-1.pass');
    expect(readFileSync(pass, 'utf8')).toBe('s3cret\n');
    expect(statSync(pass).mode & 0o777).toBe(0o600);
    expect(same(r)).toBe(true);
    const env = emitInventory(r.result, { secrets: 'env', output: out, sources: [] });
    expect(env.yaml).not.toContain('s3cret');
    expect(env.files).toEqual([
      { path: join(dir, 'inv.env'), content: "VIPCTL_AUTH_VI_1='s3cret'\n", mode: 0o600 },
    ]);
    expect(readdirSync(dir).sort()).toEqual(['inv.secrets', 'inv.yaml']);
  });

  it('the round trip catches a difference (it can fail)', () => {
    const input = hosts(LB1, LB2);
    const r = buildInventory(input.map((h) => ({ name: h.host, parsed: h.parsed })));
    const emitted = emitInventory(r, { secrets: 'inline', sources: [] });
    const broken = emitted.verifyYaml.replace('priority: 150', 'priority: 140');
    const rt = checkRoundTrip(broken, input, r.unmapped);
    expect(rt[0]!.missing).toEqual(['vrrp_instance VI_1 priority 150']);
    expect(rt[0]!.added).toEqual(['vrrp_instance VI_1 priority 140']);
  });
});

describe('round trip over the corpus', () => {
  const ROOT = resolve('test/fixtures/keepalived-corpus');
  const files = ['samples', 'public'].flatMap((d) => readdirSync(join(ROOT, d)).map((f) => `${d}/${f}`));
  // the configs check-config finds no error in (the others are templates or broken; see expected-errors.json)
  const clean = files.filter(
    (f) => !checkParsed(parseConfig(join(ROOT, f))).some((d) => d.severity === 'error'),
  );

  it('covers most of the corpus', () => {
    expect(clean.length).toBeGreaterThanOrEqual(40);
  });

  it.each(clean)('%s: render(import(config)) is the same configuration', (f) => {
    const parsed = parseConfig(join(ROOT, f));
    const r = runImport([{ host: 'h1', parsed, address: '192.0.2.1' }], { secrets: 'inline' });
    expect(r.roundTrip[0]).toMatchObject({ missing: [], added: [] });
    // nothing lands in extra that lint refuses there (modelled, scripts/tracking, not a plain keyword)
    const yaml = emitInventory(r.result, { secrets: 'inline', sources: [] }).verifyYaml;
    const { inventory } = loadInventoryTexts(new Map([['imported.yaml', yaml]]));
    const ext = lintInventory(inventory).filter((x) => /^EXT00[123]$/.test(x.code));
    expect(ext.map((x) => x.message)).toEqual([]);
    // and no script path or arguments lint refuses (a notify command with arguments was once imported as a
    // path NOT002 refuses); what the config itself gets wrong (auth_pass over 8…) lint rightly reports
    const errors = lintInventory(inventory).filter((x) => /^NOT\d{3}$/.test(x.code));
    expect(errors.map((x) => `${x.code} ${x.message}`)).toEqual([]);
  });
});

describe('keywords the VRRP model (#13) holds are mapped to typed fields, not extra', () => {
  const two = (a: string, b: string) => [
    { host: 'lb1', parsed: parseConfigText(a, 'lb1.conf'), address: '10.10.10.51' },
    { host: 'lb2', parsed: parseConfigText(b, 'lb2.conf'), address: '10.10.10.52' },
  ];
  const config = (routerId: string, prio: number): string =>
    [
      'global_defs {',
      `    router_id ${routerId}`,
      '    notification_email {',
      '        ops@example.com',
      '    }',
      '    vrrp_garp_master_refresh 60',
      '    script_user keepalived_script',
      '}',
      'vrrp_script chk {',
      '    script "/usr/bin/pgrep haproxy"',
      '    weight -10',
      '}',
      'vrrp_track_process haproxy {',
      '    process haproxy',
      '}',
      'vrrp_sync_group G1 {',
      '    group {',
      '        VI_1',
      '    }',
      '    notify /etc/keepalived/group.sh',
      '}',
      'vrrp_instance VI_1 {',
      '    interface eth0',
      '    virtual_router_id 42',
      `    priority ${prio}`,
      '    virtual_ipaddress {',
      '        10.10.10.100',
      '    }',
      '    track_script {',
      '        chk weight -60',
      '    }',
      '    track_process {',
      '        haproxy',
      '    }',
      '    track_interface {',
      '        eth1 weight 20',
      '        eth2',
      '    }',
      '    garp_master_refresh_repeat 2',
      '    no_accept',
      '    notify_stop /etc/keepalived/stop.sh keepalived_script',
      '}',
    ].join('\n');

  it('maps weights, trackers, notify, options, global_defs and sync groups, and renders them back the same', () => {
    const r = runImport(two(config('lb1', 150), config('lb2', 100)), { secrets: 'inline' });
    const doc = r.result.doc;
    const c = doc.clusters!['vi-1']!;
    expect(c).toMatchObject({
      // the reference's weight wins over the definition's
      track_scripts: { chk: { script: '/usr/bin/pgrep haproxy', interval: 1, weight: -60 } },
      // keepalived's default weight 1 for a process, written out
      track_processes: { haproxy: { process: 'haproxy', weight: 1 } },
      track_interfaces: [{ interface: 'eth1', weight: 20 }, 'eth2'],
      garp: { master_refresh_repeat: 2 },
      accept: false,
      notify: { stop: { path: '/etc/keepalived/stop.sh', user: 'keepalived_script' } },
    });
    expect(c.extra).toBeUndefined();
    // what both hosts write alike goes to defaults, router_id (different) to each host
    expect(doc.defaults?.global_defs).toEqual({
      notification_email: ['ops@example.com'],
      vrrp_garp_master_refresh: 60,
      script_user: 'keepalived_script',
    });
    expect(doc.hosts!.lb1!.global_defs).toEqual({ router_id: 'lb1' });
    expect(doc.hosts!.lb2!.global_defs).toEqual({ router_id: 'lb2' });
    expect(doc.sync_groups).toEqual({ G1: { group: ['vi-1'], notify: { any: '/etc/keepalived/group.sh' } } });
    expect(r.result.unmapped).toEqual([]);
    expect(r.roundTrip).toMatchObject([
      { missing: [], added: [] },
      { missing: [], added: [] },
    ]);
  });

  it('lists, never puts in extra, a modelled keyword in a form the model cannot hold', () => {
    const text = config('lb1', 150).replace('no_accept', 'track_interface {\n eth3 weight abc\n }');
    const r = runImport(two(text, config('lb2', 100)), { secrets: 'inline' });
    const lb1 = r.result.unmapped.filter((u) => u.host === 'lb1');
    expect(lb1.map((u) => u.text)).toEqual(['track_interface { … }']);
    expect(lb1[0]!.why).toMatch(/not modelled/);
    expect(r.result.doc.clusters!['vi-1']!.extra).toBeUndefined();
  });

  it('a track_script lint and render refuse in extra is listed when its vrrp_script is not modelled', () => {
    const text = config('lb1', 150).replace(
      '    weight -10\n',
      '    weight -10\n    nonsense_keyword { x }\n',
    );
    const r = runImport(two(text, text.replace('lb1', 'lb2')), { secrets: 'inline' });
    const c = r.result.doc.clusters!['vi-1']!;
    expect(c.track_scripts).toBeUndefined();
    expect(c.extra?.['track_script']).toBeUndefined();
    expect(r.result.unmapped.map((u) => u.text)).toContain('track_script { … }');
  });
});

describe('VIP options', () => {
  it('scope, no_track and virtual_ipaddress_excluded (excluded: true) render back the same', () => {
    const text = [
      'vrrp_instance VI_1 {',
      '    interface eth0',
      '    virtual_router_id 7',
      '    priority 100',
      '    unicast_src_ip 10.0.0.1',
      '    virtual_ipaddress {',
      '        10.0.0.100',
      '        10.0.0.102 dev eth0 scope link no_track',
      '    }',
      '    virtual_ipaddress_excluded {',
      '        10.0.0.101/24 dev eth0',
      '    }',
      '}',
    ].join('\n');
    const r = runImport([{ host: 'h1', parsed: parseConfigText(text, 'h1.conf') }], { secrets: 'inline' });
    const c = r.result.doc.clusters!['vi-1']!;
    expect(c.vips).toEqual([
      '10.0.0.100',
      { address: '10.0.0.102', dev: 'eth0', scope: 'link', no_track: true },
      { address: '10.0.0.101/24', dev: 'eth0', excluded: true },
    ]);
    expect(c.extra).toBeUndefined();
    expect(r.roundTrip[0]).toMatchObject({ missing: [], added: [] });
  });
});

describe('hand-written forms met when adopting a live cluster (test/e2e/adopt.test.ts)', () => {
  const conf = (router: string, prio: number, notify: string): string =>
    [
      'global_defs {',
      `    router_id ${router}`,
      '}',
      'vrrp_sync_group SG {',
      '    group { VI_a VI_b }',
      `    notify_master ${notify}`,
      '}',
      ...['a', 'b'].flatMap((n, i) => [
        `vrrp_instance VI_${n} {`,
        '    interface eth0',
        `    virtual_router_id ${60 + i}`,
        `    priority ${prio}`,
        `    virtual_ipaddress { 10.10.10.${60 + i} }`,
        '}',
      ]),
    ].join('\n');
  const two = (notify: string) => [
    { host: 'lb1', parsed: parseConfigText(conf('LB1', 150, notify), 'lb1.conf'), address: '10.10.10.51' },
    { host: 'lb2', parsed: parseConfigText(conf('LB2', 100, notify), 'lb2.conf'), address: '10.10.10.52' },
  ];

  it('a sync group listing its instances on one line, a notify command with arguments: mapped, lint-clean, same config', () => {
    const r = runImport(two('"/etc/keepalived/notify.sh  MASTER group=SG"'), { secrets: 'inline' });
    expect(r.result.doc.sync_groups).toEqual({
      SG: {
        group: ['a', 'b'],
        notify: { master: { path: '/etc/keepalived/notify.sh', args: ['MASTER', 'group=SG'] } },
      },
    });
    expect(r.result.findings).toEqual([]);
    expect(r.roundTrip).toMatchObject([
      { missing: [], added: [] },
      { missing: [], added: [] },
    ]);
    const { inventory } = loadInventoryTexts(new Map([['i.yaml', r.yaml]]));
    expect(lintInventory(inventory).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a notify argument lint would refuse (shell characters) is listed as not modelled, never imported as is', () => {
    const r = runImport(two('"/etc/keepalived/notify.sh $(id)"'), { secrets: 'inline' });
    expect(r.result.doc.sync_groups?.SG).toEqual({ group: ['a', 'b'] });
    expect(r.result.unmapped.map((u) => `${u.host} ${u.text}`)).toEqual([
      'lb1 SG: notify_master "/etc/keepalived/notify.sh $(id)"',
      'lb2 SG: notify_master "/etc/keepalived/notify.sh $(id)"',
    ]);
  });

  it('--from-hosts: the defaults given (SSH) are kept beside what every config holds alike (global_defs)', () => {
    const same = (host: string, prio: number) =>
      parseConfigText(
        conf('R', prio, '/etc/keepalived/n.sh').replace(
          'router_id R',
          'router_id R\n    vrrp_garp_master_repeat 2',
        ),
        `${host}.conf`,
      );
    const r = runImport(
      [
        { host: 'lb1', parsed: same('lb1', 150), address: '10.10.10.51' },
        { host: 'lb2', parsed: same('lb2', 100), address: '10.10.10.52' },
      ],
      {
        secrets: 'inline',
        hostsDoc: {
          defaults: {
            ssh: { user: 'root', port: 22 },
            interface: 'eth0',
            global_defs: { router_id: 'x', smtp_connect_timeout: 30 },
          },
          hosts: { lb1: { address: '10.10.10.51' }, lb2: { address: '10.10.10.52' } },
        },
      },
    );
    expect(r.result.doc.defaults).toEqual({
      ssh: { user: 'root', port: 22 },
      interface: 'eth0',
      global_defs: { router_id: 'R', smtp_connect_timeout: 30, vrrp_garp_master_repeat: 2 },
    });
  });

  it('--from-hosts: the host entries given are kept, and so is what the configs hold per host (router_id)', () => {
    const r = runImport(two('/etc/keepalived/notify.sh'), {
      secrets: 'inline',
      hostsDoc: {
        hosts: { lb1: { address: '10.10.10.51', ssh: { user: 'root' } }, lb2: { address: '10.10.10.52' } },
      },
    });
    expect(r.result.doc.hosts).toEqual({
      lb1: { address: '10.10.10.51', global_defs: { router_id: 'LB1' }, ssh: { user: 'root' } },
      lb2: { address: '10.10.10.52', global_defs: { router_id: 'LB2' } },
    });
    expect(r.roundTrip).toMatchObject([
      { missing: [], added: [] },
      { missing: [], added: [] },
    ]);
  });
});
