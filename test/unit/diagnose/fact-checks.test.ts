import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import type { ClusterExpectation } from '../../../src/diagnose/context.js';
import type { Finding } from '../../../src/diagnose/findings.js';
import { host, ipAddr, LINK_UP, read } from './recorded.js';

const rulesOn = (findings: Finding[]): Record<string, string[]> =>
  Object.fromEntries(findings.map((f) => [f.rule, [...f.hosts].sort()]));
const ok1 = read('configs/ok1.conf');
const ok2 = read('configs/ok2.conf');
const running = { service: { active: 'active', vrrpProcess: true } };

const expectation: ClusterExpectation = {
  name: 'cluster-lb',
  virtualRouterId: 51,
  vips: ['10.99.0.50'],
  advertInt: 1,
  authType: 'PASS',
  unicast: false,
  members: [
    { host: 'lb-host-1', priority: 100, address: '10.99.0.1', interface: 'eth0' },
    { host: 'lb-host-2', priority: 90, address: '10.99.0.2', interface: 'eth0' },
  ],
};

describe('fact-based rules', () => {
  it('interface down', () => {
    const d = analyze({
      hosts: [
        host('a', {
          config: ok1,
          ipLink: LINK_UP.replace('BROADCAST,MULTICAST,UP,LOWER_UP', 'BROADCAST,MULTICAST').replace(
            'state UP',
            'state DOWN',
          ),
        }),
      ],
      unreachable: [],
    });
    expect(rulesOn(d.findings)).toEqual({ 'interface-down': ['a'] });
    expect(d.findings[0]!.fix[0]).toContain('ip link set dev eth0 up');
  });

  it('interface missing from ip -o link (no log needed)', () => {
    const d = analyze({
      hosts: [host('a', { config: ok1.replace('interface eth0', 'interface ens192'), ipLink: LINK_UP })],
      unreachable: [],
    });
    expect(rulesOn(d.findings)).toEqual({ 'interface-missing': ['a'] });
    expect(d.findings[0]!.cause).toContain('ens192');
  });

  it('iptables DROP of proto 112 / vrrp; an ACCEPT rule is not a finding', () => {
    const fw =
      '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p vrrp -j ACCEPT\n-A INPUT -i eth1 -p 112 -j DROP\nCOMMIT\n';
    const d = analyze({ hosts: [host('a', { firewall: fw })], unreachable: [] });
    expect(rulesOn(d.findings)).toEqual({ 'vrrp-blocked-firewall': ['a'] });
    expect(d.findings[0]!.evidence.map((e) => e.text)).toEqual(['-A INPUT -i eth1 -p 112 -j DROP']);
    expect(
      analyze({ hosts: [host('a', { firewall: '-A INPUT -p vrrp -j ACCEPT\n' })], unreachable: [] }).findings,
    ).toEqual([]);
  });

  it('multicast membership missing while keepalived runs in multicast mode (recorded maddr has it)', () => {
    const joined = read('pairs/maddr-running.txt');
    const healthy = analyze({
      hosts: [host('a', { config: ok1, facts: { ...running, maddr: joined } })],
      unreachable: [],
    });
    expect(healthy.findings).toEqual([]);
    const d = analyze({
      hosts: [
        host('a', {
          config: ok1,
          facts: { ...running, maddr: joined.replace(/\s*inet\s+224\.0\.0\.18/, '') },
        }),
      ],
      unreachable: [],
    });
    expect(rulesOn(d.findings)).toEqual({ 'multicast-not-joined': ['a'] });
  });

  it('strict rp_filter only where adverts are missed (split brain), not on a healthy host', () => {
    const strict = { sysctl: { 'net.ipv4.conf.all.rp_filter': '1', 'net.ipv4.conf.eth0.rp_filter': '0' } };
    const healthy = analyze({
      hosts: [
        host('lb-host-1', {
          config: ok1,
          ipAddr: ipAddr('10.99.0.1', '10.99.0.50'),
          facts: { ...running, ...strict },
        }),
        host('lb-host-2', { config: ok2, ipAddr: ipAddr('10.99.0.2'), facts: { ...running, ...strict } }),
      ],
      unreachable: [],
    });
    expect(healthy.findings).toEqual([]);
    const split = analyze({
      hosts: [
        host('lb-host-1', {
          config: ok1,
          ipAddr: ipAddr('10.99.0.1', '10.99.0.50'),
          facts: { ...running, ...strict },
        }),
        host('lb-host-2', { config: ok2, ipAddr: ipAddr('10.99.0.2', '10.99.0.50'), facts: { ...running } }),
      ],
      unreachable: [],
    });
    expect(rulesOn(split.findings)).toEqual({
      'split-brain': ['lb-host-1', 'lb-host-2'],
      'rp-filter-strict': ['lb-host-1'],
    });
  });

  it('unicast_peer that does not list the other member', () => {
    const uni = (c: string, peer: string): string =>
      c.replace(
        '    virtual_ipaddress {',
        `    unicast_peer {\n        ${peer}\n    }\n    virtual_ipaddress {`,
      );
    const d = analyze(
      {
        hosts: [
          host('lb-host-1', { config: uni(ok1, '10.99.0.9') }),
          host('lb-host-2', { config: uni(ok2, '10.99.0.1') }),
        ],
        unreachable: [],
      },
      { expectations: [expectation] },
    );
    expect(rulesOn(d.findings)).toEqual({ 'unicast-peer-wrong': ['lb-host-1'] });
  });

  it('a host serving two clusters is compared on the instance of this cluster only', () => {
    // the other cluster's instance first: picking the first instance would compare the wrong one
    const two = `${ok1.replace('VI_1', 'VI_2').replace('virtual_router_id 51', 'virtual_router_id 61').replace('10.99.0.50', '10.99.0.60').replace('priority 100', 'priority 50')}\n${ok1}`;
    const d = analyze(
      { hosts: [host('lb-host-1', { config: two }), host('lb-host-2', { config: ok2 })], unreachable: [] },
      { expectations: [expectation] },
    );
    expect(d.findings).toEqual([]);
  });

  it('drift from the inventory (priority changed by hand)', () => {
    const d = analyze(
      {
        hosts: [
          host('lb-host-1', { config: ok1 }),
          host('lb-host-2', { config: ok2.replace('priority 90', 'priority 95') }),
        ],
        unreachable: [],
      },
      { expectations: [expectation] },
    );
    expect(rulesOn(d.findings)).toEqual({ 'inventory-drift': ['lb-host-2'] });
    expect(d.findings[0]!.evidence[0]!.text).toBe('priority 95 (inventory 90)');
  });

  it('a stranger advertising our VRID in the capture (VRID clash with another cluster)', () => {
    const capture = read('pairs/tcpdump-healthy.txt').replace('10.99.0.1 >', '10.99.0.77 >');
    const d = analyze(
      {
        hosts: [host('lb-host-1', { config: ok1, tcpdump: capture }), host('lb-host-2', { config: ok2 })],
        unreachable: [],
      },
      { expectations: [expectation] },
    );
    expect(rulesOn(d.findings)).toEqual({ 'vrid-clash': ['lb-host-1'] });
    expect(d.findings[0]!.evidence[0]!.text).toContain('auth "********"');
  });

  it('flapping: six transitions in ten minutes is a warning, a failover and failback is not', () => {
    const lines = (n: number): string =>
      Array.from(
        { length: n },
        (_, i) =>
          `2026-11-25T08:${String(10 + i).padStart(2, '0')}:00+0000 a Keepalived_vrrp[1]: (VI_1) Entering ${i % 2 ? 'BACKUP' : 'MASTER'} STATE`,
      ).join('\n');
    expect(rulesOn(analyze({ hosts: [host('a', { log: lines(6) })], unreachable: [] }).findings)).toEqual({
      flapping: ['a'],
    });
    expect(analyze({ hosts: [host('a', { log: lines(4) })], unreachable: [] }).findings).toEqual([]);
  });

  it('flapping is per instance, and only for instances the config still has', () => {
    const lines = (instance: string, n: number, minute = 10): string[] =>
      Array.from(
        { length: n },
        (_, i) =>
          `2026-11-25T08:${String(minute + i).padStart(2, '0')}:00+0000 a Keepalived_vrrp[1]: (${instance}) Entering ${i % 2 ? 'BACKUP' : 'MASTER'} STATE`,
      );
    // three instances failing over and back once or twice each: 6 transitions on the host, no flap
    const three = [...lines('VI_a', 2), ...lines('VI_b', 2, 12), ...lines('VI_c', 2, 14)].join('\n');
    expect(analyze({ hosts: [host('a', { log: three })], unreachable: [] }).findings).toEqual([]);
    // a removed instance that flapped (not in the host's config any more) is history
    const config = 'vrrp_instance VI_now {\n  interface eth0\n  virtual_router_id 51\n  priority 100\n}\n';
    const removed = lines('VI_old', 8).join('\n');
    expect(analyze({ hosts: [host('a', { log: removed, config })], unreachable: [] }).findings).toEqual([]);
    expect(
      rulesOn(
        analyze({ hosts: [host('a', { log: lines('VI_now', 8).join('\n'), config })], unreachable: [] })
          .findings,
      ),
    ).toEqual({ flapping: ['a'] });
  });

  it('config-phase messages before the latest start describe an older file and are ignored', () => {
    const log = [read('console/invalid-vrid.log'), read('pairs/healthy-h1.log')].join('');
    expect(analyze({ hosts: [host('a', { log })], unreachable: [] }).findings).toEqual([]);
  });

  it('runtime complaints of a keepalived run before the latest start are history too', () => {
    const log = [read('pairs/authpw-h1.log'), read('pairs/healthy-h1.log')].join('');
    expect(analyze({ hosts: [host('a', { log })], unreachable: [] }).findings).toEqual([]);
    expect(
      analyze({ hosts: [host('a', { log: read('pairs/authpw-h1.log') })], unreachable: [] }).findings.map(
        (f) => f.rule,
      ),
    ).toEqual(['auth-password-mismatch']);
  });

  it('keepalived -t that terminated itself (2.2.7, script security) is a note, not a finding', () => {
    const d = analyze({ hosts: [host('a', { configTest: 'Terminated\nexit 143\n' })], unreachable: [] });
    expect(d.findings).toEqual([]);
    expect(d.notes[0]).toMatch(/config test unavailable/);
  });

  it('keepalived missing or unconfigured on an inventory member is an error; on a bare bundle host it is nothing', () => {
    const d = analyze({
      hosts: [
        host('lb-host-1', { facts: { cluster: 'cluster-lb', missingTools: ['keepalived'] } }),
        host('lb-host-2', { facts: { cluster: 'cluster-lb', version: 'Keepalived v2.2.7 (01/16,2022)' } }),
        host('other', { facts: { missingTools: ['keepalived'] } }),
      ],
      unreachable: [],
    });
    expect(rulesOn(d.findings)).toEqual({ 'not-installed': ['lb-host-1'], 'not-configured': ['lb-host-2'] });
    expect(d.verdict).toBe('problems');
  });
});
