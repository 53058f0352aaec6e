import { describe, expect, it } from 'vitest';
import type { ClusterSpec } from '../../../src/inventory/types.js';
import {
  judgeAdverts,
  judgeCluster,
  judgeDrift,
  judgeHolders,
  judgeMaster,
  type MemberEvidence,
} from '../../../src/verify/model.js';
import type { HostObservation } from '../../../src/verify/probe-host.js';

const cluster = {
  name: 'cluster-lb',
  virtualRouterId: 51,
  vips: [{ address: '10.10.10.50', prefix: 32, family: 4 }],
  members: [
    { host: 'lb-host-1', priority: 100, state: 'MASTER', interface: 'eth0' },
    { host: 'lb-host-2', priority: 90, state: 'BACKUP', interface: 'eth0' },
  ],
  preempt: true,
  trackScripts: [],
  trackInterfaces: [],
} as unknown as ClusterSpec;

const obs = (addrs: string[], extra: Partial<HostObservation> = {}): HostObservation => ({
  addresses: addrs.map((address) => ({ dev: 'eth0', address })),
  serviceActive: true,
  serviceEnabled: true,
  packages: { keepalived: true, ipset: true },
  config: 'conf\n',
  ...extra,
});

const healthy = (): MemberEvidence[] => [
  {
    host: 'lb-host-1',
    observation: obs(['10.10.10.51', '10.10.10.50']),
    rendered: { text: 'conf\n', secrets: [] },
    adverts: [{ source: '10.10.10.51', vrid: 51, priority: 100 }],
  },
  {
    host: 'lb-host-2',
    observation: obs(['10.10.10.52']),
    rendered: { text: 'conf\n', secrets: [] },
    adverts: [{ source: '10.10.10.51', vrid: 51, priority: 100 }],
  },
];

describe('verify: VIP holders', () => {
  it('one holder passes', () => {
    expect(judgeHolders('10.10.10.50', ['lb-host-1'], [])).toMatchObject({
      status: 'pass',
      message: 'held by lb-host-1',
    });
  });
  it('two holders is split brain, naming both', () => {
    const c = judgeHolders('10.10.10.50', ['lb-host-1', 'lb-host-2'], []);
    expect(c.status).toBe('fail');
    expect(c.message).toMatch(/SPLIT BRAIN.*lb-host-1 and lb-host-2/);
  });
  it('no holder is an outage, saying which members could not be checked', () => {
    expect(judgeHolders('10.10.10.50', [], ['lb-host-2']).message).toBe(
      'OUTAGE: no member holds 10.10.10.50 (not checked: lb-host-2 unreachable)',
    );
  });
});

describe('verify: whole cluster', () => {
  it('a healthy cluster passes every check', () => {
    const v = judgeCluster(cluster, healthy());
    expect(v.ok).toBe(true);
    expect(v.holders).toEqual({ '10.10.10.50': ['lb-host-1'] });
    expect(v.checks.map((c) => c.name)).toEqual([
      'vip 10.10.10.50',
      'master cluster-lb',
      'service lb-host-1',
      'packages lb-host-1',
      'config lb-host-1',
      'service lb-host-2',
      'packages lb-host-2',
      'config lb-host-2',
      'adverts vrid 51',
    ]);
  });

  it('split brain: both hold the VIP and both advertise', () => {
    const m = healthy();
    m[1]!.observation = obs(['10.10.10.52', '10.10.10.50']);
    m[1]!.adverts = [{ source: '10.10.10.52', vrid: 51, priority: 90 }];
    const v = judgeCluster(cluster, m);
    expect(v.ok).toBe(false);
    const failed = v.checks.filter((c) => c.status === 'fail').map((c) => c.message);
    expect(failed).toEqual([
      'SPLIT BRAIN: 10.10.10.50 is held by 2 members at once: lb-host-1 and lb-host-2',
      'SPLIT BRAIN: lb-host-1 and lb-host-2 both send adverts for vrid 51',
    ]);
  });

  it('inactive, disabled, missing packages and an unreachable member fail', () => {
    const m = healthy();
    m[0]!.observation = obs(['10.10.10.51', '10.10.10.50'], {
      serviceActive: false,
      serviceEnabled: false,
      packages: { keepalived: true, ipset: false },
    });
    m[1] = { host: 'lb-host-2', unreachable: 'connection refused' };
    const messages = judgeCluster(cluster, m)
      .checks.filter((c) => c.status === 'fail')
      .map((c) => c.message);
    expect(messages).toEqual([
      'unreachable: connection refused',
      'keepalived not active and not enabled',
      'not installed: ipset',
    ]);
  });
});

describe('verify: drift', () => {
  it('shows a masked unified diff', () => {
    const c = judgeDrift('h', 'a\nauth_pass hunter2\npriority 90\n', {
      text: 'a\nauth_pass s3cret\npriority 100\n',
      secrets: ['s3cret'],
    });
    expect(c.status).toBe('fail');
    expect(c.diff).toContain('-priority 90');
    expect(c.diff).toContain('+priority 100');
    expect(c.diff).not.toContain('s3cret');
    expect(c.diff).not.toContain('hunter2');
  });
  it('a password-only drift is reported without showing it', () => {
    const c = judgeDrift('h', 'auth_pass old\n', { text: 'auth_pass new\n', secrets: ['new'] });
    expect(c.status).toBe('fail');
    expect(c.diff).toBeUndefined();
    expect(c.message).toContain('secret');
  });
  it('a missing file fails, an equal one passes', () => {
    expect(judgeDrift('h', undefined, { text: 'x', secrets: [] }).status).toBe('fail');
    expect(judgeDrift('h', 'x', { text: 'x', secrets: [] }).status).toBe('pass');
  });
});

describe('verify: adverts', () => {
  it('warns (not passes) when no member has tcpdump', () => {
    const m: MemberEvidence[] = healthy().map((x) => ({ ...x, adverts: undefined, tcpdumpMissing: true }));
    expect(judgeAdverts(cluster, m, 'lb-host-1')).toMatchObject({
      status: 'warn',
      message: 'capture unavailable (tcpdump not installed)',
    });
  });
  it('says the capture was skipped (not unavailable) when none was asked for', () => {
    const m: MemberEvidence[] = healthy().map((x) => ({ ...x, adverts: undefined, captureSkipped: true }));
    expect(judgeAdverts(cluster, m, 'lb-host-1')).toMatchObject({
      status: 'warn',
      message: 'not checked (capture skipped)',
    });
  });
  it('fails when none with the VRID is seen, or a stranger uses the VRID', () => {
    const m = healthy();
    for (const x of m) x.adverts = [{ source: '10.10.10.51', vrid: 52, priority: 100 }];
    expect(judgeAdverts(cluster, m, 'lb-host-1').message).toMatch(/no VRRP advert with vrid 51/);
    m[0]!.adverts = [{ source: '10.10.10.99', vrid: 51, priority: 100 }];
    expect(judgeAdverts(cluster, m, 'lb-host-1').message).toMatch(/conflict: adverts from 10.10.10.99/);
  });
  it('fails when the sender is not the holder', () => {
    const m = healthy();
    for (const x of m) x.adverts = [{ source: '10.10.10.52', vrid: 51, priority: 90 }];
    expect(judgeAdverts(cluster, m, 'lb-host-1').message).toBe(
      'adverts come from lb-host-2, not from the VIP holder lb-host-1',
    );
  });
});

describe('verify: the intended master holds the VIPs', () => {
  const backupHolds = (): MemberEvidence[] => {
    const m = healthy();
    m[0]!.observation = obs(['10.10.10.51']);
    m[1]!.observation = obs(['10.10.10.52', '10.10.10.50']);
    return m;
  };
  const holders = { '10.10.10.50': ['lb-host-2'] };

  it('a backup holding them while the master runs with preempt fails, saying what to do', () => {
    const c = judgeMaster(cluster, holders, backupHolds());
    expect(c?.status).toBe('fail');
    expect(c?.message).toMatch(
      /^held by lb-host-2, not the intended master lb-host-1, although .*--wait.*diagnose lb-host-1/,
    );
    expect(judgeCluster(cluster, backupHolds()).ok).toBe(false);
  });
  it('with nopreempt the VIP staying on the backup passes', () => {
    expect(judgeMaster({ ...cluster, preempt: false }, holders, backupHolds())?.status).toBe('pass');
  });
  it('a master whose keepalived is stopped only warns here (the service check fails it)', () => {
    const m = backupHolds();
    m[0]!.observation = obs(['10.10.10.51'], { serviceActive: false });
    expect(judgeMaster(cluster, holders, m)).toMatchObject({ status: 'warn' });
  });
  it('a track script may lower the master: warn', () => {
    const tracked = { ...cluster, trackScripts: [{ name: 'chk', script: 'true', interval: 2 }] };
    expect(judgeMaster(tracked, holders, backupHolds())?.status).toBe('warn');
  });
  it('no sole holder: left to the vip checks', () => {
    expect(judgeMaster(cluster, { '10.10.10.50': [] }, healthy())).toBeUndefined();
  });
});
