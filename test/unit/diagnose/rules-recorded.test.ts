import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import type { Finding } from '../../../src/diagnose/findings.js';
import { host, ipAddr, LINK_UP, pairBundle, read } from './recorded.js';

const rulesOn = (findings: Finding[]): Record<string, string[]> =>
  Object.fromEntries(findings.map((f) => [f.rule, [...f.hosts].sort()]));

describe('recorded keepalived 2.2.7 pairs', () => {
  it('healthy pair: healthy verdict, no findings', () => {
    const d = analyze(
      pairBundle('healthy', 'ok2.conf', {
        h1: { ipAddr: ipAddr('10.99.0.1', '10.99.0.50'), ipLink: LINK_UP },
        h2: { ipAddr: ipAddr('10.99.0.2'), ipLink: LINK_UP },
      }),
    );
    expect(d.findings).toEqual([]);
    expect(d.verdict).toBe('healthy');
  });

  it('failover in progress (master stopped, backup took over and gave back) is not a fault', () => {
    // h2's log of the `fault` case without h1: priority-0 advert, takeover, higher-priority master returns
    const d = analyze({
      hosts: [host('lb-host-2', { log: read('pairs/fault-h2.log'), config: read('configs/ok2.conf') })],
      unreachable: [],
    });
    expect(d.findings).toEqual([]);
    expect(d.verdict).toBe('healthy');
  });

  it('auth password mismatch on both members, and the configs disagree on auth_pass', () => {
    const d = analyze(pairBundle('authpw', 'pw2.conf'));
    expect(rulesOn(d.findings)).toEqual({
      'auth-password-mismatch': ['lb-host-1', 'lb-host-2'],
      'members-differ': ['lb-host-1', 'lb-host-2'],
    });
    const differ = d.findings.find((f) => f.rule === 'members-differ')!;
    expect(differ.cause).toContain('auth_pass');
    expect(JSON.stringify(d)).not.toMatch(/\bother\b/); // pw2.conf's auth_pass
  });

  it('auth type mismatch', () => {
    const d = analyze(pairBundle('authtype', 'noauth2.conf'));
    expect(rulesOn(d.findings)).toEqual({
      'auth-type-mismatch': ['lb-host-1', 'lb-host-2'],
      'members-differ': ['lb-host-1', 'lb-host-2'],
    });
    expect(
      d.findings[0]!.evidence.some(
        (e) => e.count === 3 && e.text.includes('received a 0 auth, expecting 1!'),
      ),
    ).toBe(true);
  });

  it('advert_int mismatch, seen by the member with the other interval', () => {
    const d = analyze(pairBundle('advert', 'adv2.conf'));
    expect(rulesOn(d.findings)).toEqual({
      'advert-int-mismatch': ['lb-host-2'],
      'members-differ': ['lb-host-1', 'lb-host-2'],
    });
  });

  it('VRID clash: same VRID, other VIPs', () => {
    const d = analyze(pairBundle('clash', 'clash2.conf'));
    expect(rulesOn(d.findings)['vrid-clash']).toEqual(['lb-host-1', 'lb-host-2']);
  });

  it('VRRP version mismatch', () => {
    const d = analyze(pairBundle('version', 'v3.conf'));
    expect(rulesOn(d.findings)['vrrp-version-mismatch']).toEqual(['lb-host-1', 'lb-host-2']);
  });

  it('failing track script: FAULT on the right host, the script failure folded in as evidence', () => {
    const d = analyze(pairBundle('fault', 'ok2.conf', { h1: { config: read('configs/fault2.conf') } }));
    expect(rulesOn(d.findings)).toEqual({ 'fault-state': ['lb-host-1'] });
    expect(d.findings[0]!.evidence.map((e) => e.text)).toContain(
      'VRRP_Script(chk_fail) failed (exited with status 1)',
    );
  });

  it('equal priorities', () => {
    const d = analyze(pairBundle('equal', 'eq2.conf'));
    expect(rulesOn(d.findings)).toEqual({ 'equal-priorities': ['lb-host-1', 'lb-host-2'] });
  });

  it('split brain: VIP on both, nftables drops VRRP on lb-host-2', () => {
    const d = analyze(
      pairBundle('split', 'ok2.conf', {
        h1: { ipAddr: read('pairs/addr-split-h1.txt'), tcpdump: read('pairs/tcpdump-healthy.txt') },
        h2: {
          ipAddr: read('pairs/addr-split-h2.txt'),
          firewall: read('pairs/nft-split-h2.txt'),
          tcpdump: read('pairs/tcpdump-split.txt'),
          facts: { sysctl: { 'net.ipv4.conf.all.rp_filter': '0' } },
        },
      }),
    );
    expect(rulesOn(d.findings)).toEqual({
      'split-brain': ['lb-host-1', 'lb-host-2'],
      'vrrp-blocked-firewall': ['lb-host-2'],
    });
    // the cause first, the split brain after it and linked to it
    expect(d.findings.map((f) => f.rule)).toEqual(['vrrp-blocked-firewall', 'split-brain']);
    expect(d.findings[1]!.causedBy).toEqual(['vrrp-blocked-firewall']);
    expect(
      d.findings[1]!.evidence.some((e) => e.text.includes('forcing new election') && e.count === 5),
    ).toBe(true);
    expect(JSON.stringify(d)).not.toContain('"secret"');
  });

  it('a stale VIP on a host whose keepalived is dead is not a split brain', () => {
    const d = analyze({
      hosts: [
        host('lb-host-1', {
          config: read('configs/ok1.conf'),
          ipAddr: ipAddr('10.99.0.1', '10.99.0.50'),
          facts: { service: { active: 'inactive', vrrpProcess: false } },
        }),
        host('lb-host-2', {
          config: read('configs/ok2.conf'),
          ipAddr: ipAddr('10.99.0.2', '10.99.0.50'),
          facts: { service: { active: 'active', vrrpProcess: true } },
        }),
      ],
      unreachable: [],
    });
    expect(rulesOn(d.findings)).toEqual({ 'stale-vip': ['lb-host-1'], 'service-down': ['lb-host-1'] });
    expect(d.findings.find((f) => f.rule === 'stale-vip')!.fix[0]).toBe('ip addr del 10.99.0.50/32 dev eth0');
  });
});

describe('recorded keepalived 2.2.7 config errors', () => {
  const cases: [string, string[]][] = [
    ['missing-vrid', ['config-permanent-error', 'vrid-invalid']],
    ['invalid-vrid', ['config-permanent-error', 'vrid-invalid']],
    ['long-auth-pass', ['auth-pass-truncated']],
    ['bad-interface', ['config-permanent-error', 'interface-missing']],
    ['unknown-keyword', ['unknown-keyword']],
    ['script-security', ['script-security', 'track-script-failed']],
    ['notify-missing', ['notify-script-unusable', 'script-security']],
    ['notify-noexec', ['notify-script-unusable', 'script-security']],
  ];
  it.each(cases)('console log of %s', (name, rules) => {
    const d = analyze({ hosts: [host('lb-host-1', { log: read(`console/${name}.log`) })], unreachable: [] });
    expect(d.findings.map((f) => f.rule).sort()).toEqual(rules.sort());
    expect(d.findings.every((f) => f.hosts.join() === 'lb-host-1')).toBe(true);
  });

  const tests: [string, string[]][] = [
    ['missing-vrid', ['vrid-invalid']],
    ['invalid-vrid', ['vrid-invalid']],
    ['zero-vrid', ['vrid-invalid']],
    ['long-auth-pass', ['auth-pass-truncated']],
    ['bad-interface', ['interface-missing']],
    ['unknown-keyword', ['unknown-keyword']],
    ['script-security', ['script-security']],
    ['script-user', []],
    ['healthy', []],
    ['notify-missing', []],
  ];
  it.each(tests)('keepalived -t output of %s', (name, rules) => {
    const d = analyze({
      hosts: [host('lb-host-1', { configTest: read(`config-test/${name}.txt`) })],
      unreachable: [],
    });
    expect(d.findings.map((f) => f.rule).sort()).toEqual(rules.sort());
  });
});
