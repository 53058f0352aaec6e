import { describe, expect, it } from 'vitest';
import { InventoryError, type LintFinding } from '../../../src/inventory/findings.js';
import { loadInventory, loadInventoryTexts } from '../../../src/inventory/load.js';

// Bad inventories, one fault each: every case names the exact code(s) and line:column it must produce.
// Cases are edits of one valid base, so their line numbers are those of BASE below.

const BASE = [
  /*  1 */ 'defaults:',
  /*  2 */ '  interface: eth0',
  /*  3 */ '  advert_int: 1',
  /*  4 */ 'hosts:',
  /*  5 */ '  h1: { address: 10.0.0.1/24 }',
  /*  6 */ '  h2: { address: 10.0.0.2/24 }',
  /*  7 */ '  h3: { address: 10.0.0.3/24 }',
  /*  8 */ 'clusters:',
  /*  9 */ '  c1:',
  /* 10 */ '    virtual_router_id: 51',
  /* 11 */ '    vips: [10.0.0.50]',
  /* 12 */ '    auth: { type: PASS, password: secret }',
  /* 13 */ '    members:',
  /* 14 */ '      h1: { priority: 100 }',
  /* 15 */ '      h2: { priority: 90 }',
  /* 16 */ '  c2:',
  /* 17 */ '    virtual_router_id: 52',
  /* 18 */ '    vips: [10.0.0.60]',
  /* 19 */ '    members:',
  /* 20 */ '      h2: { priority: 100 }',
  /* 21 */ '      h3: { priority: 90 }',
];

/** BASE with some lines replaced; a list replaces one line by several (later lines shift down). */
function variant(edits: Record<number, string | string[]>): string {
  return BASE.flatMap((line, i) => edits[i + 1] ?? [line]).join('\n') + '\n';
}

const FILE = '/inv/bad.yaml';

/** Every finding as CODE@line:col (loading errors, or lint findings when loading succeeds). */
function findingsOf(text: string): string[] {
  return collect(() => loadInventoryTexts(new Map([[FILE, text]])).findings);
}

function collect(load: () => LintFinding[]): string[] {
  let findings: LintFinding[];
  try {
    findings = load();
  } catch (err) {
    if (!(err instanceof InventoryError)) throw err;
    findings = err.findings;
  }
  return findings.map((f) => `${f.code}@${f.location.line}:${f.location.column}`);
}

interface Case {
  name: string;
  text: string;
  expect: string[];
}

const cases: Case[] = [
  // YAML syntax
  {
    name: 'unclosed flow map',
    text: variant({ 5: '  h1: { address: 10.0.0.1/24' }),
    expect: ['YAML001@6:3'],
  },
  { name: 'tab indentation', text: variant({ 10: '\tvirtual_router_id: 51' }), expect: ['YAML001@10:1'] },
  { name: 'unterminated quote', text: variant({ 11: '    vips: ["10.0.0.50]' }), expect: ['YAML001@11:12'] },
  {
    name: 'duplicate member key',
    text: variant({ 15: '      h1: { priority: 90 }' }),
    expect: ['YAML002@15:7'],
  },
  { name: 'duplicate cluster key', text: variant({ 16: '  c1:' }), expect: ['YAML002@16:3'] },
  {
    name: 'duplicate host key',
    text: variant({ 7: '  h2: { address: 10.0.0.3/24 }' }),
    expect: ['YAML002@7:3'],
  },
  // Unknown keys (with suggestions, checked separately below)
  { name: 'unknown top-level key', text: variant({ 4: 'hostz:' }), expect: ['SCH002@4:1'] },
  { name: 'unknown defaults key', text: variant({ 2: '  interfaces: eth0' }), expect: ['SCH002@2:3'] },
  {
    name: 'unknown host key',
    text: variant({ 5: '  h1: { adress: 10.0.0.1 }' }),
    expect: ['SCH003@5:3', 'SCH002@5:9'],
  },
  {
    name: 'unknown member key',
    text: variant({ 14: '      h1: { prio: 100 }' }),
    expect: ['SCH003@14:7', 'SCH002@14:13'],
  },
  {
    name: 'unknown cluster key',
    text: variant({ 10: '    virtual_router: 51' }),
    expect: ['SCH003@9:3', 'SCH002@10:5'],
  },
  {
    name: 'unknown auth key',
    text: variant({ 12: '    auth: { type: PASS, pasword: secret }' }),
    expect: ['SCH004@12:11', 'SCH002@12:25'],
  },
  { name: 'unknown ssh key', text: variant({ 2: '  ssh: { identityfile: /k }' }), expect: ['SCH002@2:10'] },
  {
    name: 'unknown vip key',
    text: variant({ 11: '    vips: [{ address: 10.0.0.50, lable: eth0:v }]' }),
    expect: ['SCH002@11:34'],
  },
  {
    name: 'unknown notify key',
    text: variant({
      12: [
        '    auth: { type: PASS, password: secret }',
        '    notify: { master: { path: /x.sh, contnt: "#!/bin/sh" } }',
      ],
    }),
    expect: ['SCH002@13:38'],
  },
  // Wrong types and values
  {
    name: 'VRID as quoted text',
    text: variant({ 10: '    virtual_router_id: "51"' }),
    expect: ['SCH001@10:24'],
  },
  { name: 'VRID not whole', text: variant({ 10: '    virtual_router_id: 51.5' }), expect: ['SCH001@10:24'] },
  {
    name: 'priority as text',
    text: variant({ 14: '      h1: { priority: high }' }),
    expect: ['SCH001@14:23'],
  },
  {
    name: 'state in lower case',
    text: variant({ 14: '      h1: { priority: 100, state: master }' }),
    expect: ['SCH001@14:35'],
  },
  { name: 'vips not a list', text: variant({ 11: '    vips: 10.0.0.50' }), expect: ['SCH001@11:11'] },
  {
    name: 'members as a list',
    text: variant({ 13: '    members: [h1, h2]', 14: '', 15: '' }),
    expect: ['SCH001@13:14'],
  },
  { name: 'host as a scalar', text: variant({ 5: '  h1: 10.0.0.1' }), expect: ['SCH001@5:7'] },
  { name: 'ssh port out of range', text: variant({ 2: '  ssh: { port: 70000 }' }), expect: ['SCH001@2:16'] },
  {
    name: 'auth type unknown',
    text: variant({ 12: '    auth: { type: KERBEROS, password: secret }' }),
    expect: ['SCH001@12:19'],
  },
  {
    name: 'become enabled as yes (text in YAML 1.2)',
    text: variant({ 2: '  become: { enabled: yes }' }),
    expect: ['SCH001@2:22'],
  },
  {
    name: 'notify as a number',
    text: variant({ 12: ['    auth: { type: PASS, password: secret }', '    notify: { master: 42 }'] }),
    expect: ['SCH001@13:23'],
  },
  {
    name: 'extra value as a map',
    text: variant({
      12: ['    auth: { type: PASS, password: secret }', '    extra: { dont_track_primary: { a: 1 } }'],
    }),
    expect: ['SCH001@13:34'],
  },
  {
    name: 'track script interval 0',
    text: variant({
      12: [
        '    auth: { type: PASS, password: secret }',
        '    track_scripts: { chk: { script: /bin/true, interval: 0 } }',
      ],
    }),
    expect: ['NUM001@13:58'],
  },
  {
    name: 'garp repeat 0',
    text: variant({ 12: ['    auth: { type: PASS, password: secret }', '    garp: { master_repeat: 0 }'] }),
    expect: ['NUM001@13:28'],
  },
  { name: 'top level is a list', text: '- h1\n- h2\n', expect: ['SCH001@1:1'] },
  {
    name: 'track_interfaces not a list',
    text: variant({ 12: ['    auth: { type: PASS, password: secret }', '    track_interfaces: eth1'] }),
    expect: ['SCH001@13:23'],
  },
  // Missing keys and contradictions
  { name: 'missing vips', text: variant({ 11: '' }), expect: ['SCH003@9:3'] },
  { name: 'missing priority', text: variant({ 14: '      h1: { state: MASTER }' }), expect: ['SCH003@14:7'] },
  { name: 'missing members', text: variant({ 13: '', 14: '', 15: '' }), expect: ['SCH003@9:3'] },
  { name: 'missing host address', text: variant({ 7: '  h3: { interface: eth0 }' }), expect: ['SCH003@7:3'] },
  {
    name: 'vip map without address',
    text: variant({ 11: '    vips: [{ addr: 10.0.0.50 }]' }),
    expect: ['SCH003@11:12', 'SCH002@11:14'],
  },
  {
    name: 'PASS without a password source',
    text: variant({ 12: '    auth: { type: PASS }' }),
    expect: ['SCH004@12:11'],
  },
  {
    name: 'two password sources',
    text: variant({ 12: '    auth: { type: PASS, password: secret, password_env: X }' }),
    expect: ['SCH004@12:11'],
  },
  {
    name: 'auth none with a password',
    text: variant({ 12: '    auth: { type: none, password: x }' }),
    expect: ['SCH004@12:11'],
  },
  {
    name: 'preempt and nopreempt contradict',
    text: variant({
      12: ['    auth: { type: PASS, password: secret }', '    preempt: true', '    nopreempt: true'],
    }),
    expect: ['SCH004@14:16'],
  },
  // Lint: VRID
  { name: 'VRID 0', text: variant({ 10: '    virtual_router_id: 0' }), expect: ['VRID001@10:24'] },
  { name: 'VRID 256', text: variant({ 10: '    virtual_router_id: 256' }), expect: ['VRID001@10:24'] },
  {
    name: 'VRID shared on one segment',
    text: variant({ 17: '    virtual_router_id: 51' }),
    expect: ['VRID002@17:24'],
  },
  // Lint: priorities and states
  { name: 'priority 255', text: variant({ 14: '      h1: { priority: 255 }' }), expect: ['PRIO001@14:23'] },
  { name: 'priority 0', text: variant({ 15: '      h2: { priority: 0 }' }), expect: ['PRIO001@15:23'] },
  {
    name: 'equal priorities',
    text: variant({ 15: '      h2: { priority: 100 }' }),
    expect: ['PRIO002@15:23'],
  },
  {
    name: 'MASTER with the lower priority',
    text: variant({ 15: '      h2: { priority: 90, state: MASTER }' }),
    expect: ['PRIO003@15:34'],
  },
  {
    name: 'two MASTERs',
    text: variant({
      14: '      h1: { priority: 100, state: MASTER }',
      15: '      h2: { priority: 90, state: MASTER }',
    }),
    expect: ['PRIO003@15:34', 'PRIO004@15:34'],
  },
  // Lint: authentication and timing
  {
    name: 'auth_pass of 9 characters',
    text: variant({ 12: '    auth: { type: PASS, password: secret123 }' }),
    expect: ['AUTH001@12:35'],
  },
  {
    name: 'password env not set',
    text: variant({ 12: '    auth: { type: PASS, password_env: VIPCTL_TEST_NEVER_SET }' }),
    expect: ['AUTH002@12:39'],
  },
  {
    name: 'password file missing',
    text: variant({ 12: '    auth: { type: PASS, password_file: /nonexistent/pass }' }),
    expect: ['AUTH002@12:40'],
  },
  {
    name: 'member with auth none',
    text: variant({ 15: '      h2: { priority: 90, auth: { type: none } }' }),
    expect: ['AUTH003@15:41'],
  },
  {
    name: 'member with another password',
    text: variant({ 15: '      h2: { priority: 90, auth: { type: PASS, password: other } }' }),
    expect: ['AUTH004@15:57'],
  },
  {
    name: 'empty password',
    text: variant({ 12: '    auth: { type: PASS, password: "" }' }),
    expect: ['AUTH005@12:35'],
  },
  {
    name: 'password with a space',
    text: variant({ 12: '    auth: { type: PASS, password: "a b" }' }),
    expect: ['AUTH006@12:35'],
  },
  {
    name: 'member advert_int differs',
    text: variant({ 15: '      h2: { priority: 90, advert_int: 2 }' }),
    expect: ['ADV001@15:39'],
  },
  {
    name: 'advert_int 0',
    text: variant({ 12: ['    auth: { type: PASS, password: secret }', '    advert_int: 0'] }),
    expect: ['ADV002@13:17'],
  },
  {
    name: 'fractional advert_int under VRRPv2',
    text: variant({ 12: ['    auth: { type: PASS, password: secret }', '    advert_int: 0.5'] }),
    expect: ['ADV003@13:17'],
  },
  {
    name: 'auth PASS on an IPv6 (VRRPv3) cluster',
    text: variant({ 11: '    vips: ["fd00::50/64"]' }),
    expect: ['AUTH007@12:35'],
  },
  // Lint: VIPs
  { name: 'VIP not an address', text: variant({ 11: '    vips: [10.0.0.300]' }), expect: ['VIP001@11:12'] },
  { name: 'VIP prefix 33', text: variant({ 11: '    vips: [10.0.0.50/33]' }), expect: ['VIP001@11:12'] },
  { name: 'VIP is a host address', text: variant({ 11: '    vips: [10.0.0.2]' }), expect: ['VIP002@11:12'] },
  {
    name: 'VIP outside the subnet',
    text: variant({ 11: '    vips: [10.9.0.50]' }),
    expect: ['VIP003@11:12'],
  },
  { name: 'VIP in two clusters', text: variant({ 18: '    vips: [10.0.0.50]' }), expect: ['VIP004@18:12'] },
  {
    name: 'label on an IPv6 VIP',
    text: variant({ 11: '    vips: [10.0.0.50, { address: "fd00::50", label: "eth0:x" }]' }),
    expect: ['VIP005@11:23'],
  },
  {
    name: 'VIP listed twice',
    text: variant({ 11: '    vips: [10.0.0.50, 10.0.0.50]' }),
    expect: ['VIP006@11:23'],
  },
  {
    name: 'label not <interface>:<tag>',
    text: variant({ 11: '    vips: [{ address: 10.0.0.50, label: web }]' }),
    expect: ['VIP007@11:12'],
  },
  { name: 'no VIPs', text: variant({ 11: '    vips: []' }), expect: ['VIP008@11:11'] },
  // Lint: members and hosts
  { name: 'member not a host', text: variant({ 15: '      h9: { priority: 90 }' }), expect: ['MEM001@15:7'] },
  { name: 'single member', text: variant({ 15: '' }), expect: ['MEM002@14:7'] },
  { name: 'no members', text: variant({ 13: '    members: {}', 14: '', 15: '' }), expect: ['MEM003@13:14'] },
  {
    name: 'host address not an IP',
    text: variant({ 7: '  h3: { address: lb3.example }' }),
    expect: ['HOST001@7:18'],
  },
  {
    name: 'two hosts, one address',
    text: variant({ 7: '  h3: { address: 10.0.0.1/24 }' }),
    expect: ['HOST002@7:18'],
  },
  {
    name: 'interface name too long',
    text: variant({ 7: '  h3: { address: 10.0.0.3/24, interface: averyveryverylongname0 }' }),
    expect: ['IF001@7:42'],
  },
  {
    name: 'tracking its own interface',
    text: variant({ 12: ['    auth: { type: PASS, password: secret }', '    track_interfaces: [eth0]'] }),
    expect: ['IF002@13:24'],
  },
  {
    name: 'VIP dev with a newline (config injection)',
    text: variant({ 11: '    vips: [{ address: 10.0.0.50, dev: "eth0\\n}" }]' }),
    expect: ['IF001@11:39'],
  },
  {
    name: 'track interface with a space',
    text: variant({ 12: ['    auth: { type: PASS, password: secret }', '    track_interfaces: ["eth1 x"]'] }),
    expect: ['IF001@13:24'],
  },
  // Lint: unicast
  {
    name: 'unicast mixing IPv4 and IPv6',
    text: variant({
      6: '  h2: { address: "fd00::2/64" }',
      12: ['    auth: { type: PASS, password: secret }', '    unicast: true'],
    }),
    expect: ['UNI001@13:14'],
  },
  {
    name: 'unicast over IPv6, first VIP IPv4',
    text: variant({
      5: '  h1: { address: "fd00::1/64" }',
      6: '  h2: { address: "fd00::2/64" }',
      12: ['    auth: { type: PASS, password: secret }', '    unicast: true'],
    }),
    expect: ['UNI003@13:14'],
  },
  {
    name: 'unicast members sharing an address',
    text: variant({
      6: '  h2: { address: 10.0.0.1/24 }',
      12: ['    auth: { type: PASS, password: secret }', '    unicast: true'],
    }),
    expect: ['HOST002@6:18', 'UNI002@16:7'],
  },
  // Lint: scripts
  {
    name: 'one notify path, two contents on one host',
    text: variant({
      12: [
        '    auth: { type: PASS, password: secret }',
        '    notify: { master: { path: /etc/keepalived/n.sh, content: a } }',
      ],
      18: ['    vips: [10.0.0.60]', '    notify: { backup: { path: /etc/keepalived/n.sh, content: b } }'],
    }),
    expect: ['NOT003@20:62'],
  },
  {
    name: 'notify path relative',
    text: variant({
      12: ['    auth: { type: PASS, password: secret }', '    notify: { master: notify.sh }'],
    }),
    expect: ['NOT001@13:23'],
  },
  {
    name: 'notify path with a space',
    text: variant({
      12: [
        '    auth: { type: PASS, password: secret }',
        '    notify: { master: { path: "/etc/my notify.sh" } }',
      ],
    }),
    expect: ['NOT002@13:31'],
  },
  {
    name: 'track script relative',
    text: variant({
      12: [
        '    auth: { type: PASS, password: secret }',
        '    track_scripts: { chk: { script: pgrep haproxy } }',
      ],
    }),
    expect: ['TRK001@13:37'],
  },
  {
    name: 'track script name reused differently on one host',
    text: variant({
      12: ['    auth: { type: PASS, password: secret }', '    track_scripts: { chk: { script: /bin/true } }'],
      18: ['    vips: [10.0.0.60]', '    track_scripts: { chk: { script: /bin/false } }'],
    }),
    expect: ['TRK002@20:22'],
  },
  {
    name: 'track weight 300',
    text: variant({
      12: [
        '    auth: { type: PASS, password: secret }',
        '    track_scripts: { chk: { script: /bin/true, weight: 300 } }',
      ],
    }),
    expect: ['TRK003@13:56'],
  },
  // Lint: extra and instance names
  {
    name: 'modelled keyword in extra',
    text: variant({ 12: ['    auth: { type: PASS, password: secret }', '    extra: { priority: 5 }'] }),
    expect: ['EXT001@13:14'],
  },
  {
    name: 'extra value with braces',
    text: variant({
      12: [
        '    auth: { type: PASS, password: secret }',
        '    extra: { mcast_src_ip: "1 } vrrp_instance X {" }',
      ],
    }),
    expect: ['EXT002@13:14'],
  },
  {
    name: 'two clusters, one instance name, one host',
    text: variant({
      12: ['    auth: { type: PASS, password: secret }', '    instance_name: VI_1'],
      18: ['    vips: [10.0.0.60]', '    instance_name: VI_1'],
    }),
    expect: ['INST001@20:20'],
  },
  {
    name: 'instance name with a space',
    text: variant({ 12: ['    auth: { type: PASS, password: secret }', '    instance_name: "VI 1"'] }),
    expect: ['INST002@13:20'],
  },
  // Lint: preemption (keepalived silently clears these on a MASTER)
  {
    name: 'nopreempt with state MASTER',
    text: variant({
      12: ['    auth: { type: PASS, password: secret }', '    nopreempt: true'],
      14: '      h1: { priority: 100, state: MASTER }',
    }),
    expect: ['PRE001@15:35'],
  },
  {
    name: 'preempt_delay with nopreempt',
    text: variant({
      12: ['    auth: { type: PASS, password: secret }', '    nopreempt: true', '    preempt_delay: 10'],
    }),
    expect: ['PRE002@14:20'],
  },
  {
    name: 'preempt_delay with state MASTER',
    text: variant({
      12: ['    auth: { type: PASS, password: secret }', '    preempt_delay: 10'],
      14: '      h1: { priority: 100, state: MASTER }',
    }),
    expect: ['PRE003@13:20'],
  },
];

describe('bad inventories: exact code and position', () => {
  it('the base inventory itself is clean (so each case shows only its own fault)', () => {
    expect(findingsOf(variant({}))).toEqual([]);
  });

  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  for (const c of cases) {
    it(c.name, () => {
      expect(findingsOf(c.text)).toEqual(c.expect);
    });
  }
});

describe('bad inventories across files', () => {
  const fx = (name: string): string => `test/fixtures/inventory/${name}`;
  const run = async (files: string[]): Promise<string[]> => {
    try {
      return (await loadInventory(files)).findings.map(
        (f) => `${f.code}@${f.location.file}:${f.location.line}:${f.location.column}`,
      );
    } catch (err) {
      if (!(err instanceof InventoryError)) throw err;
      return err.findings.map((f) => `${f.code}@${f.location.file}:${f.location.line}:${f.location.column}`);
    }
  };

  it('hosts and clusters split over two files load as one inventory (relative password_file)', async () => {
    expect(await run([fx('split-hosts.yaml'), fx('split-clusters.yaml')])).toEqual([]);
  });
  it('a host defined in two files', async () => {
    expect(await run([fx('split-hosts.yaml'), fx('dup-host.yaml'), fx('split-clusters.yaml')])).toEqual([
      `DUP001@${fx('dup-host.yaml')}:3:3`,
    ]);
  });
  it('a cluster defined in two files', async () => {
    expect(await run([fx('split-hosts.yaml'), fx('split-clusters.yaml'), fx('dup-cluster.yaml')])).toEqual([
      `DUP002@${fx('dup-cluster.yaml')}:4:3`,
    ]);
  });
  it('a password file holding 9 characters', async () => {
    expect(await run([fx('long-pass.yaml')])).toEqual([`AUTH001@${fx('long-pass.yaml')}:8:40`]);
  });
  it('a missing inventory file', async () => {
    expect(await run([fx('nope.yaml')])).toEqual([`FILE001@${fx('nope.yaml')}:1:1`]);
  });
  it('no inventory at all is a usage error', async () => {
    await expect(loadInventory([])).rejects.toMatchObject({ message: 'no inventory given', exitCode: 5 });
  });
  it('errors of several files are reported together', async () => {
    const err = await loadInventory([fx('nope.yaml'), fx('also-nope.yaml')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InventoryError);
    expect((err as InventoryError).findings).toHaveLength(2);
  });
});
