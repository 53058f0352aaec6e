import { afterAll, describe, expect, it } from 'vitest';
import { InventoryError, type LintFinding } from '../../../src/inventory/findings.js';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { renderHostConfig } from '../../../src/render/render.js';
import { keepalivedTest, removeNamespace } from '../render/keepalived-t.js';

// The keepalived model beyond one vrrp_instance: each concept's schema, lint codes (with positions) and
// rendering, and the real keepalived -t on what renders.

afterAll(removeNamespace);

const FILE = '/inv/model.yaml';

const HOSTS = ['hosts:', '  h1: { address: 10.0.0.1/24 }', '  h2: { address: 10.0.0.2/24 }'];
const CLUSTER = [
  'clusters:',
  '  c1:',
  '    virtual_router_id: 51',
  '    vips: [10.0.0.50]',
  '    members:',
  '      h1: { priority: 100 }',
  '      h2: { priority: 90 }',
];

function load(lines: string[]): ReturnType<typeof loadInventoryTexts> {
  return loadInventoryTexts(new Map([[FILE, lines.join('\n') + '\n']]));
}

/** Every finding as CODE@line:col (loading errors, or lint findings when loading succeeds). */
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

function render(lines: string[], host = 'h1'): string {
  return renderHostConfig(load(lines).inventory, host).text;
}

function expectValid(text: string): void {
  expect(keepalivedTest(text)).toEqual({ status: 'valid', stderr: '' });
}

describe('global_defs', () => {
  const defs = [
    'defaults:',
    '  global_defs:',
    '    notification_email: [ops@example.com]',
    '    notification_email_from: keepalived@example.com',
    '    smtp_server: 10.0.0.25',
    '    smtp_port: 2525',
    '    smtp_connect_timeout: 30',
    '    vrrp_garp_master_delay: 2',
    '    vrrp_garp_interval: 0.001',
    '    max_auto_priority: 50',
    '    vrrp_startup_delay: 5.5',
    '    dynamic_interfaces: true',
    '    vrrp_version: 2',
  ];

  it('renders defaults with router_id = the host name, host keys override key by key, keepalived -t accepts it', () => {
    const lines = [
      ...defs,
      ...HOSTS.slice(0, 2),
      '  h2:',
      '    address: 10.0.0.2/24',
      '    global_defs: { router_id: lb-two, max_auto_priority: -1 }',
      ...CLUSTER,
    ];
    expect(codes(lines)).toEqual([]);
    const h1 = render(lines, 'h1');
    expect(h1).toContain(
      [
        'global_defs {',
        '    router_id h1',
        '    notification_email {',
        '        ops@example.com',
        '    }',
        '    smtp_server 10.0.0.25 2525',
        '    notification_email_from keepalived@example.com',
        '    smtp_connect_timeout 30',
        '    vrrp_garp_master_delay 2',
        '    vrrp_garp_interval 0.001',
        '    vrrp_version 2',
        '    max_auto_priority 50',
        '    vrrp_startup_delay 5.5',
        '    dynamic_interfaces',
        '}',
      ].join('\n'),
    );
    const h2 = render(lines, 'h2');
    expect(h2).toContain('router_id lb-two');
    expect(h2).toContain('max_auto_priority -1');
    expect(h2).toContain('smtp_server 10.0.0.25 2525');
    expectValid(h1);
    expectValid(h2);
  });

  it('no global setting and no script: no global_defs block (the runbook config stays as written)', () => {
    expect(render([...HOSTS, ...CLUSTER])).not.toContain('global_defs');
  });

  it('script_user and enable_script_security are settings with the safe default', () => {
    const notify = ['    notify: { master: /etc/keepalived/m.sh }'];
    const base = [...HOSTS, ...CLUSTER, ...notify];
    expect(render(base)).toMatch(/script_user root\n\s+enable_script_security/);
    const custom = ['defaults:', '  global_defs: { script_user: keepalived_script }', ...base];
    expect(render(custom)).toMatch(/script_user keepalived_script\n\s+enable_script_security/);
    const off = ['defaults:', '  global_defs: { enable_script_security: false }', ...base];
    expect(render(off)).not.toContain('enable_script_security');
    expect(codes(off)).toEqual(['GDEF004@2:42']);
  });

  it('refuses numbers outside keepalived ranges (NUM001), bad emails, bad users and script hooks in extra', () => {
    expect(
      codes([
        'defaults:',
        '  global_defs:',
        '    max_auto_priority: 100',
        '    vrrp_version: 4',
        '    vrrp_startup_delay: 1e300',
        '    notification_email: [not-an-email]',
        '    script_user: "root; id"',
        '    extra: { startup_script: /tmp/x, include: /etc/x, vrrp_no_swap: true, vrrp_version: 3 }',
        ...HOSTS,
        ...CLUSTER,
      ]),
    ).toEqual([
      'NUM001@3:24',
      'NUM001@4:19',
      'NUM001@5:25',
      'GDEF001@6:26',
      'GDEF003@7:18',
      'EXT003@8:14',
      'EXT003@8:38',
      'EXT001@8:75',
    ]);
  });

  it('wrong types and unknown keys are schema errors with did-you-mean', () => {
    expect(
      codes([
        'defaults:',
        '  global_defs:',
        '    vrrp_versoin: 3',
        '    smtp_connect_timeout: "30"',
        ...HOSTS,
        ...CLUSTER,
      ]),
    ).toEqual(['SCH002@3:5', 'SCH001@4:27']);
  });
});

describe('tracking', () => {
  const tracked = [
    ...HOSTS,
    ...CLUSTER,
    '    track_interfaces: [eth1, { interface: eth2, weight: -30, reverse: true }]',
    '    track_scripts:',
    '      chk_api: { script: /usr/bin/true, interval: 3, timeout: 2, fall: 2, rise: 1, user: root, init_fail: true, weight: -20 }',
    '    track_processes:',
    '      haproxy: { process: haproxy, quorum: 1, quorum_max: 4, delay: 0.5, weight: -50 }',
    '      sshd: { process: /usr/sbin/sshd -D, param_match: initial, full_command: true }',
    '    track_files:',
    '      maintenance: { file: /run/vipctl/maintenance, init_file: 0, overwrite: true, weight: -60 }',
  ];

  it('renders definitions once at the top and weights on the references; keepalived -t accepts it', () => {
    expect(codes(tracked)).toEqual([]);
    const text = render(tracked);
    expect(text).toContain(
      [
        'vrrp_script chk_api {',
        '    script "/usr/bin/true"',
        '    interval 3',
        '    timeout 2',
        '    fall 2',
        '    rise 1',
        '    user root',
        '    init_fail',
        '}',
        'vrrp_track_process haproxy {',
        '    process haproxy',
        '    quorum 1',
        '    quorum_max 4',
        '    delay 0.5',
        '}',
        'vrrp_track_process sshd {',
        '    process /usr/sbin/sshd -D',
        '    param_match initial',
        '    full_command',
        '}',
        'track_file maintenance {',
        '    file "/run/vipctl/maintenance"',
        '    init_file 0 overwrite',
        '}',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        '    track_interface {',
        '        eth1',
        '        eth2 weight -30 reverse',
        '    }',
        '    track_script {',
        '        chk_api weight -20',
        '    }',
        '    track_process {',
        '        haproxy weight -50',
        '        sshd weight 0',
        '    }',
        '    track_file {',
        '        maintenance weight -60',
        '    }',
      ].join('\n'),
    );
    expectValid(text);
  });

  it('TRK004: a weight that cannot move the VIP, and any weight under nopreempt', () => {
    const weak = [
      ...HOSTS,
      ...CLUSTER,
      '    track_processes:',
      '      haproxy: { process: haproxy, weight: -10 }',
    ];
    expect(codes(weak)).toEqual(['TRK004@12:44']);
    const finding = load(weak).findings[0];
    expect(finding?.message).toBe(
      "cluster c1: track process haproxy (weight -10) cannot fail you over: h1's priority 100 − 10 = 90 is not below the best backup's 90",
    );
    expect(finding?.hint).toMatch(/at least 11/);
    expect(codes([...weak.slice(0, -1), '      haproxy: { process: haproxy, weight: 11 }'])).toEqual([]);
    expect(codes([...weak.slice(0, -1), '      haproxy: { process: haproxy }'])).toEqual([]);
    const nopreempt = [
      ...weak.slice(0, -1),
      '      haproxy: { process: haproxy, weight: -50 }',
      '    nopreempt: true',
    ];
    expect(codes(nopreempt)).toEqual(['TRK004@12:44']);
    expect(load(nopreempt).findings[0]?.message).toMatch(/under nopreempt a backup never takes over/);
  });

  it('ranges, contradictions and names: TRK003, NUM001, TRK005, TRK006, NOT005 (bad names are NAME001, before lint)', () => {
    expect(
      codes([
        ...HOSTS,
        ...CLUSTER,
        '    track_interfaces: [{ interface: eth1, weight: 254 }]',
        '    track_scripts: { chk: { script: /bin/true, timeout: 0, user: "Bad User", group: wheel } }',
        '    track_processes:',
        '      p1: { process: "ha\\"proxy", quorum: 3, quorum_max: 2, delay: 1, fork_delay: 2 }',
        '      p2: { process: nginx, weight: 300 }',
        '    track_files: { f1: { file: /run/../etc/x, overwrite: true } }',
      ]),
    ).toEqual([
      'TRK003@11:51',
      'NUM001@12:57',
      'NOT005@12:66',
      'TRK005@14:22',
      'TRK006@14:58',
      'TRK006@14:68',
      'TRK003@15:37',
      'TRK005@16:32',
      'TRK006@16:58',
    ]);
  });

  it('a shared check may carry different weights per cluster, but not different definitions (TRK002)', () => {
    const two = (def2: string): string[] => [
      ...HOSTS,
      ...CLUSTER,
      '    track_processes: { haproxy: { process: haproxy, weight: -20 } }',
      '  c2:',
      '    virtual_router_id: 52',
      '    vips: [10.0.0.60]',
      '    members: { h1: { priority: 100 }, h2: { priority: 50 } }',
      `    track_processes: { haproxy: ${def2} }`,
    ];
    expect(codes(two('{ process: haproxy, weight: -60 }'))).toEqual([]);
    const text = render(two('{ process: haproxy, weight: -60 }'));
    expect(text.match(/^vrrp_track_process haproxy/gm)).toHaveLength(1);
    expect(text).toContain('haproxy weight -20');
    expect(text).toContain('haproxy weight -60');
    expect(codes(two('{ process: haproxy, quorum: 2 }'))).toEqual(['TRK002@16:24']);
  });
});

describe('sync groups', () => {
  const two = (c2members: string, extra: string[] = []): string[] => [
    ...HOSTS,
    '  h3: { address: 10.0.0.3/24 }',
    ...CLUSTER,
    '  c2:',
    '    virtual_router_id: 52',
    '    vips: [10.0.0.60]',
    `    members: ${c2members}`,
    'sync_groups:',
    '  outside_inside:',
    '    group: [c1, c2]',
    ...extra,
  ];
  const same = '{ h1: { priority: 150 }, h2: { priority: 50 } }';

  it('renders vrrp_sync_group with group tracking and notify on every member host; keepalived -t accepts it', () => {
    const lines = two(same, [
      '    track_processes: { haproxy: { process: haproxy } }',
      '    notify:',
      '      master: { path: /etc/keepalived/scripts/group-master.sh, content: "#!/bin/sh\\n", user: root }',
      '      any: /etc/keepalived/scripts/any.sh',
      '    smtp_alert: false',
    ]);
    expect(codes(lines)).toEqual([]);
    const text = render(lines, 'h2');
    expect(text).toContain(
      [
        'vrrp_sync_group outside_inside {',
        '    group {',
        '        VI_c1',
        '        VI_c2',
        '    }',
        '    track_process {',
        '        haproxy weight 0',
        '    }',
        '    notify_master "/etc/keepalived/scripts/group-master.sh" root',
        '    notify "/etc/keepalived/scripts/any.sh"',
        '    smtp_alert false',
        '}',
      ].join('\n'),
    );
    expect(text).toMatch(/^vrrp_track_process haproxy \{/m);
    expect(text).toMatch(/enable_script_security/);
    expectValid(text);
    expect(render(lines, 'h3')).not.toContain('vrrp_sync_group');
  });

  it('SYNC001 different members, SYNC002 different winners, SYNC006 unknown cluster, SYNC003 one cluster', () => {
    expect(codes(two('{ h1: { priority: 150 }, h3: { priority: 50 } }'))).toEqual(['SYNC001@18:17']);
    expect(codes(two('{ h1: { priority: 50 }, h2: { priority: 150 } }'))).toEqual(['SYNC002@18:17']);
    const unknown = two(same).map((l) => l.replace('group: [c1, c2]', 'group: [c1, c3]'));
    expect(codes(unknown)).toEqual(['SYNC006@18:17']);
    expect(load(unknown).findings[0]?.hint).toBe('did you mean "c1"?');
    expect(codes(two(same).map((l) => l.replace('group: [c1, c2]', 'group: [c1]')))).toEqual([
      'SYNC003@18:12',
    ]);
  });

  it('SYNC004 weights on grouped clusters, SYNC005 a cluster in two groups, SYNC007 preemption differs', () => {
    const lines = two(same, ['  second:', '    group: [c2, c1]']);
    lines.splice(8, 0, '    track_files: { f: { file: /run/f, weight: -100 } }', '    nopreempt: true');
    expect(codes(lines)).toEqual(['SYNC004@9:47', 'SYNC007@20:17', 'SYNC005@22:13', 'SYNC005@22:17']);
  });
});

describe('addresses and routes', () => {
  const routed = [
    'hosts:',
    '  h1:',
    '    address: 10.0.0.1/24',
    '    static_ipaddress: [{ address: 192.168.9.1/24, dev: eth1, scope: link, label: "eth1:st" }]',
    '    static_routes: [{ to: 192.168.50.0/24, via: 10.0.0.254, dev: eth0, table: 100 }]',
    '    static_rules: [{ from: 192.168.9.0/24, table: 100, preference: 100 }]',
    '  h2: { address: 10.0.0.2/24 }',
    'clusters:',
    '  c1:',
    '    virtual_router_id: 51',
    '    vips:',
    '      - { address: 10.0.0.50, prefix: 24, brd: 10.0.0.255, scope: global, no_track: true }',
    '      - { address: 10.0.0.51, excluded: true }',
    '    members:',
    '      h1: { priority: 100 }',
    '      h2: { priority: 90 }',
    '    virtual_routes:',
    '      - { src: 10.0.0.50, to: 192.168.60.0/24, via: 10.0.0.254, dev: eth0, metric: 5 }',
    '      - { to: 192.168.70.0/24, type: blackhole, no_track: true }',
    '    virtual_rules: [{ from: 10.0.0.50/32, table: 200, preference: 200 }]',
  ];

  it('renders VIP options, excluded VIPs of the same family, routes, rules and static blocks; keepalived -t accepts it', () => {
    expect(codes(routed)).toEqual([]);
    const text = render(routed);
    expect(text).toContain(
      [
        'static_ipaddress {',
        '    192.168.9.1/24 dev eth1 scope link label eth1:st',
        '}',
        'static_routes {',
        '    192.168.50.0/24 via 10.0.0.254 dev eth0 table 100',
        '}',
        'static_rules {',
        '    from 192.168.9.0/24 table 100 preference 100',
        '}',
      ].join('\n'),
    );
    expect(text).toContain(
      '        10.0.0.50/24 brd 10.0.0.255 scope global no_track\n    }\n    virtual_ipaddress_excluded {\n        10.0.0.51\n',
    );
    expect(text).toContain(
      [
        '    virtual_routes {',
        '        src 10.0.0.50 192.168.60.0/24 via 10.0.0.254 dev eth0 metric 5',
        '        blackhole 192.168.70.0/24 no_track',
        '    }',
        '    virtual_rules {',
        '        from 10.0.0.50/32 table 200 preference 200',
        '    }',
      ].join('\n'),
    );
    expectValid(text);
    expect(render(routed, 'h2')).not.toContain('static_');
  });

  it('ROUTE001 a src that is not a VIP, ROUTE002 bad routes and rules, ROUTE003 no preference, VIP009 brd', () => {
    const bad = routed.map((l) =>
      l
        .replace('src: 10.0.0.50,', 'src: 10.0.0.99,')
        .replace('type: blackhole, no_track: true', 'type: blackhole, dev: eth0')
        .replace('[{ from: 10.0.0.50/32, table: 200, preference: 200 }]', '[{ table: 200 }]')
        .replace('brd: 10.0.0.255', 'brd: fd00::1'),
    );
    expect(codes(bad)).toEqual([
      'VIP009@12:48',
      'ROUTE001@18:16',
      'ROUTE002@19:38',
      'ROUTE002@20:30',
      'ROUTE003@20:30',
    ]);
  });
});

describe('instance options', () => {
  const opts = [
    ...HOSTS,
    'clusters:',
    '  c1:',
    '    virtual_router_id: 51',
    '    vips: [10.0.0.50]',
    '    auth: { type: AH, password: secret }',
    '    unicast: true',
    '    members:',
    '      h1: { priority: 100, min_ttl: 1, max_ttl: 64 }',
    '      h2: { priority: 90, max_ttl: 255 }',
    '    accept: false',
    '    use_vmac: vrrp51',
    '    vmac_xmit_base: true',
    '    unicast_ttl: 64',
    '    unicast_fault_no_peer: true',
    '    check_unicast_src: true',
    '    lower_prio_no_advert: true',
    '    higher_prio_send_advert: true',
    '    version: 2',
    '    garp: { master_delay: 1, master_repeat: 2, master_refresh: 60, master_refresh_repeat: 1, lower_prio_delay: 1, lower_prio_repeat: 1 }',
  ];

  it('renders AH, VMAC, accept, unicast TTLs per peer, garp and version; keepalived -t accepts it', () => {
    expect(codes(opts)).toEqual([]);
    const text = render(opts, 'h2');
    expect(text).toContain('auth_type AH');
    expect(text).toContain('unicast_peer {\n        10.0.0.1 min_ttl 1 max_ttl 64\n    }');
    for (const line of [
      'version 2',
      'unicast_ttl 64',
      'unicast_fault_no_peer',
      'check_unicast_src',
      'lower_prio_no_advert',
      'higher_prio_send_advert',
      'no_accept',
      'use_vmac vrrp51',
      'vmac_xmit_base',
      'garp_master_delay 1',
      'garp_lower_prio_repeat 1',
      'garp_master_refresh_repeat 1',
    ])
      expect(text).toContain(`\n    ${line}\n`);
    expectValid(text);
  });

  it('VMAC001, UNI004, STRICT001, VER001, and EXT004 for extra keywords modelled since', () => {
    const twoVmacs = [
      ...HOSTS,
      ...CLUSTER,
      '    use_vmac: true',
      '  c2:',
      '    virtual_router_id: 52',
      '    vips: [10.0.0.60]',
      '    members: { h1: { priority: 100 }, h2: { priority: 50 } }',
      '    use_vmac: vrrp.51',
    ];
    expect(codes(twoVmacs)).toEqual(['VMAC004@16:15']);
    const without = opts.filter((l) => !l.includes('vmac_xmit_base'));
    expect(codes(without)).toEqual(['VMAC001@14:15']);
    expect(codes(opts.map((l) => l.replace('min_ttl: 1', 'min_ttl: 100')))).toEqual(['UNI004@11:51']);
    expect(codes([...opts, '    strict_mode: true'])).toContain('STRICT001@23:18');
    const versions = [
      'hosts:',
      '  h1: { address: 10.0.0.1/24, global_defs: { vrrp_version: 3 } }',
      '  h2: { address: 10.0.0.2/24 }',
      ...CLUSTER,
    ];
    expect(codes(versions)).toEqual(['VER001@9:7']);
    expect(codes([...HOSTS, ...CLUSTER, '    extra: { garp_lower_prio_repeat: 2 }'])).toEqual([
      'EXT004@11:14',
    ]);
    expect(
      codes([
        ...HOSTS,
        ...CLUSTER,
        '    garp: { lower_prio_repeat: 2 }',
        '    extra: { garp_lower_prio_repeat: 2 }',
      ]),
    ).toEqual(['EXT001@12:14']);
    expect(
      codes([...HOSTS, ...CLUSTER, '    extra: { notify_master_rx_lower_pri: /bin/sh, include: /x }']),
    ).toEqual(['EXT003@11:14', 'EXT003@11:51']);
  });
});

describe('script paths and extra at every level (security review M1, M2, L14)', () => {
  const notify = (spec: string): string[] => [...HOSTS, ...CLUSTER, `    notify: { master: ${spec} }`];

  it('NOT002: paths outside the allow-list or with ".."; NOT004: content outside /etc/keepalived/ or at keepalived.conf', () => {
    expect(codes(notify('"/etc/keepalived/$(id).sh"'))).toEqual(['NOT002@11:23']);
    expect(codes(notify('/etc/keepalived/../../root/x.sh'))).toEqual(['NOT002@11:23']);
    // arguments (notify_master "PATH ARG…"): plain words only
    // a FIFO takes no args (the schema says so); its script does
    const fifo = (spec: string): string[] => [
      'defaults:',
      `  global_defs: { ${spec} }`,
      ...HOSTS,
      ...CLUSTER,
    ];
    expect(
      codes(fifo('notify_fifo: /run/k.fifo, notify_fifo_script: { path: /etc/keepalived/f.sh, args: [x] }')),
    ).toEqual([]);
    expect(codes(fifo('notify_fifo: { path: /run/k.fifo, args: [x] }')).map((c) => c.split('@')[0])).toEqual([
      'SCH002',
    ]);
    expect(codes(notify('{ path: /etc/keepalived/n.sh, args: [MASTER, vip=10.0.0.5] }'))).toEqual([]);
    expect(codes(notify('{ path: /etc/keepalived/n.sh, args: [MASTER, "$(id)"] }'))).toEqual([
      'NOT002@11:59',
    ]);
    expect(codes(notify('{ path: /etc/shadow, content: "#!/bin/sh\\n" }'))).toEqual(['NOT004@11:31']);
    expect(codes(notify('{ path: /etc/keepalived/keepalived.conf, content: x }'))).toEqual(['NOT004@11:31']);
    expect(codes(notify('{ path: /etc/keepalived/keepalived.conf.vipctl-new, content: x }'))).toEqual([
      'NOT004@11:31',
    ]);
    expect(codes(notify('{ path: /etc/keepalived/scripts/ok.sh, content: x, group: wheel }'))).toEqual([
      'NOT005@11:81',
    ]);
    expect(codes(notify('{ path: /etc/keepalived/scripts/ok.sh, content: x, user: root }'))).toEqual([]);
  });

  it('EXT003 refuses script hooks and includes in extra of a sync group and a track script too', () => {
    const lines = [
      ...HOSTS,
      ...CLUSTER,
      '    track_scripts: { chk: { script: /bin/true, extra: { notify_stop: /x } } }',
      '  c2:',
      '    virtual_router_id: 52',
      '    vips: [10.0.0.60]',
      '    members: { h1: { priority: 150 }, h2: { priority: 50 } }',
      'sync_groups:',
      '  g:',
      '    group: [c1, c2]',
      '    extra: { include: /etc/keepalived/other.conf, global_tracking: true }',
    ];
    expect(codes(lines)).toEqual(['EXT003@11:57', 'EXT003@19:14', 'EXT001@19:51']);
  });

  it('renders extra on a track script inside its vrrp_script block', () => {
    const text = render([
      ...HOSTS,
      ...CLUSTER,
      '    track_scripts: { chk: { script: /bin/true, extra: { future_keyword: 3 } } }',
    ]);
    expect(text).toContain(
      'vrrp_script chk {\n    script "/bin/true"\n    interval 2\n    future_keyword 3\n}',
    );
  });

  it('AUTH008: state MASTER with AH; without a state every member starts as BACKUP', () => {
    const ah = [...HOSTS, ...CLUSTER, '    auth: { type: AH, password: secret }'];
    expect(codes(ah)).toEqual([]);
    expect(load(ah).inventory.clusters[0]?.members.map((m) => m.state)).toEqual(['BACKUP', 'BACKUP']);
    expect(
      codes(ah.map((l) => l.replace('h1: { priority: 100 }', 'h1: { priority: 100, state: MASTER }'))),
    ).toEqual(['AUTH008@9:35']);
  });
});

describe('numbers (security review L10)', () => {
  it('preempt_delay past 1000 or in exponent form is NUM001; numbers never render in exponent form', () => {
    expect(codes([...HOSTS, ...CLUSTER, '    preempt_delay: 1e300'])).toEqual(['NUM001@11:20']);
    expect(codes([...HOSTS, ...CLUSTER, '    preempt_delay: 5000'])).toEqual(['NUM001@11:20']);
    expect(codes([...HOSTS, ...CLUSTER, '    advert_int: 0.0000001'])).toEqual([
      'ADV002@11:17',
      'ADV003@11:17',
    ]);
    const text = render([
      ...HOSTS,
      ...CLUSTER,
      '    preempt_delay: 1.5e1',
      '    version: 3',
      '    advert_int: 2.5e-1',
    ]);
    expect(text).toContain('preempt_delay 15\n');
    expect(text).toContain('advert_int 0.25\n');
    expect(text).not.toMatch(/\de[+-]?\d/);
  });
});
