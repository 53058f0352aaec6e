// State compared with intent: the addresses hosts hold against their configs, and clusters inferred without an
// inventory by VRID + VIPs + segment.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import { buildContext } from '../../../src/diagnose/context.js';
import type { Bundle } from '../../../src/diagnose/evidence.js';
import type { Finding } from '../../../src/diagnose/findings.js';
import { host, ipAddr, read } from './recorded.js';

const rulesOn = (findings: Finding[]): Record<string, string[]> =>
  Object.fromEntries(findings.map((f) => [f.rule, [...f.hosts].sort()]));
const running = { service: { active: 'active', vrrpProcess: true } };
const conf = (vrid: number, vip: string, prio: number, iface = 'eth0'): string =>
  `vrrp_instance VI_${vrid} {\n  state BACKUP\n  interface ${iface}\n  virtual_router_id ${vrid}\n  priority ${prio}\n  advert_int 1\n  virtual_ipaddress {\n    ${vip}\n  }\n}\n`;
const addr = (ifname: string, cidr: string): string =>
  `3: ${ifname}    inet ${cidr} scope global ${ifname}\\       valid_lft forever preferred_lft forever\n`;
const pair = (
  a: string,
  b: string,
  c1 = conf(51, '10.99.0.50', 100),
  c2 = conf(51, '10.99.0.50', 90),
): Bundle => ({
  hosts: [
    host('a', { config: c1, ipAddr: a, facts: running }),
    host('b', { config: c2, ipAddr: b, facts: running }),
  ],
  unreachable: [],
});

describe('addresses against the config', () => {
  it('a healthy pair: the master holds the VIP as configured, nothing to say', () => {
    const d = analyze(pair(ipAddr('10.99.0.1', '10.99.0.50'), ipAddr('10.99.0.2')));
    expect(d.findings).toEqual([]);
  });

  it('the VIP on another interface than configured', () => {
    const d = analyze(pair(ipAddr('10.99.0.1') + addr('eth1', '10.99.0.50/32'), ipAddr('10.99.0.2')));
    expect(rulesOn(d.findings)).toEqual({ 'vip-wrong-interface': ['a'] });
    expect(d.findings[0]!.cause).toContain('VIP 10.99.0.50 is on eth1 but the config puts it on eth0');
  });

  it('the VIP with another prefix than configured', () => {
    const d = analyze(pair(ipAddr('10.99.0.1') + addr('eth0', '10.99.0.50/24'), ipAddr('10.99.0.2')));
    expect(rulesOn(d.findings)).toEqual({ 'vip-wrong-prefix': ['a'] });
    expect(d.findings[0]!.cause).toContain('held as /24 but the config says /32');
  });

  it('nobody holds the VIP although keepalived runs', () => {
    const d = analyze(pair(ipAddr('10.99.0.1'), ipAddr('10.99.0.2')));
    expect(rulesOn(d.findings)).toEqual({ 'vip-missing': ['a', 'b'] });
    expect(d.findings[0]!.severity).toBe('error');
  });

  it('no VIP because keepalived is down everywhere: the cause, not the symptom', () => {
    const b = pair(ipAddr('10.99.0.1'), ipAddr('10.99.0.2'));
    for (const h of b.hosts) h.facts = { service: { active: 'inactive', vrrpProcess: false } };
    expect(Object.keys(rulesOn(analyze(b).findings))).toEqual(['service-down']);
  });

  it('a host outside the cluster holds its VIP', () => {
    const b = pair(ipAddr('10.99.0.1', '10.99.0.50'), ipAddr('10.99.0.2'));
    b.hosts.push(host('web', { ipAddr: ipAddr('10.99.0.9', '10.99.0.50'), facts: running }));
    expect(rulesOn(analyze(b).findings)).toEqual({ 'vip-foreign-host': ['web'] });
  });

  it('the VIP on two members at once is still split brain', () => {
    const d = analyze(pair(ipAddr('10.99.0.1', '10.99.0.50'), ipAddr('10.99.0.2', '10.99.0.50')));
    expect(rulesOn(d.findings)['split-brain']).toEqual(['a', 'b']);
  });
});

describe('clusters inferred without an inventory', () => {
  it('one VRID, disjoint VIPs, one segment: two clusters and the reuse named, not "members differ"', () => {
    const b: Bundle = {
      hosts: [
        host('lb1', {
          config: conf(51, '10.99.0.50', 100),
          ipAddr: ipAddr('10.99.0.1', '10.99.0.50'),
          facts: running,
        }),
        host('lb2', { config: conf(51, '10.99.0.50', 90), ipAddr: ipAddr('10.99.0.2'), facts: running }),
        host('db1', {
          config: conf(51, '10.99.0.60', 100),
          ipAddr: ipAddr('10.99.0.3', '10.99.0.60'),
          facts: running,
        }),
        host('db2', { config: conf(51, '10.99.0.60', 90), ipAddr: ipAddr('10.99.0.4'), facts: running }),
      ],
      unreachable: [],
    };
    const ctx = buildContext(b);
    expect(ctx.clusters.map((c) => c.members.map((m) => m.ev.host).join())).toEqual(['lb1,lb2', 'db1,db2']);
    const d = analyze(b);
    expect(rulesOn(d.findings)).toEqual({ 'vrid-reused': ['db1', 'db2', 'lb1', 'lb2'] });
    expect(d.findings[0]!.cause).toContain('lb1, lb2 (10.99.0.50)');
    expect(d.findings[0]!.cause).toContain('db1, db2 (10.99.0.60)');
  });

  it('one VRID on two segments is fine: two clusters, no finding', () => {
    const other = (own: string, vip?: string): string =>
      addr('eth0', `${own}/24`) + (vip ? addr('eth0', `${vip}/32`) : '');
    const b: Bundle = {
      hosts: [
        host('lb1', {
          config: conf(51, '10.99.0.50', 100),
          ipAddr: ipAddr('10.99.0.1', '10.99.0.50'),
          facts: running,
        }),
        host('lb2', { config: conf(51, '10.99.0.50', 90), ipAddr: ipAddr('10.99.0.2'), facts: running }),
        host('db1', {
          config: conf(51, '10.98.0.60', 100),
          ipAddr: other('10.98.0.3', '10.98.0.60'),
          facts: running,
        }),
        host('db2', { config: conf(51, '10.98.0.60', 90), ipAddr: other('10.98.0.4'), facts: running }),
      ],
      unreachable: [],
    };
    expect(buildContext(b).clusters).toHaveLength(2);
    expect(analyze(b).findings).toEqual([]);
  });

  it('members of one cluster listing different VIPs (overlapping) stay one cluster whose members differ', () => {
    const d = analyze(
      pair(
        ipAddr('10.99.0.1', '10.99.0.50'),
        ipAddr('10.99.0.2'),
        conf(51, '10.99.0.50', 100),
        conf(51, '10.99.0.50\n    10.99.0.51', 90),
      ),
    );
    expect(rulesOn(d.findings)['members-differ']).toEqual(['a', 'b']);
  });

  it('the recorded VRID clash (keepalived 2.2.7): both the log lines and the reuse are reported', () => {
    const b: Bundle = {
      hosts: [
        host('lb-host-1', { log: read('pairs/clash-h1.log'), config: read('configs/ok1.conf') }),
        host('lb-host-2', { log: read('pairs/clash-h2.log'), config: read('configs/clash2.conf') }),
      ],
      unreachable: [],
    };
    const r = rulesOn(analyze(b).findings);
    expect(r['vrid-reused']).toEqual(['lb-host-1', 'lb-host-2']);
    expect(r['vrid-clash']).toEqual(['lb-host-1', 'lb-host-2']);
  });
});

describe('one VIP under two VRIDs', () => {
  it('without an inventory: two clusters sharing a VIP are named, with both VRIDs', () => {
    const d = analyze(
      pair(
        ipAddr('10.99.0.1', '10.99.0.50'),
        ipAddr('10.99.0.2', '10.99.0.50'),
        conf(51, '10.99.0.50', 100),
        conf(52, '10.99.0.50', 90),
      ),
    );
    const r = rulesOn(d.findings);
    expect(r['vrid-mismatch']).toEqual(['a', 'b']);
    expect(d.findings.find((f) => f.rule === 'vrid-mismatch')!.cause).toContain(
      'VRID 51 on a and with VRID 52 on b',
    );
  });
});
