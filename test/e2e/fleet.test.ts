// Fleet scale on a light lab of 24 hosts (12 two-member clusters): what an operator reads by default is the
// problems and one count per state; -v and --json keep every line; failover-test --all --parallel tests
// clusters that share no host at once and restores every one. Ends by giving the next file its machine lab back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_HOSTS } from './global-setup.js';
import { eventually, LAB_INVENTORY, sshExec, vipctl, vipctlSpawn } from './lab-fixture.js';

const HOSTS = 24;
const CLUSTERS = HOSTS / 2;
const ALL = `lb-host-[1-${HOSTS}]`;

interface VerifyDoc {
  ok: boolean;
  clusters: { cluster: string; ok: boolean; checks: { name: string; status: string }[] }[];
}

const lines = (text: string): string[] => text.trimEnd().split('\n');

describe('fleet scale (light lab, 24 hosts)', () => {
  beforeAll(async () => {
    expect((await vipctl(['lab', 'down'])).code).toBe(0);
    const up = await vipctl(['lab', 'up', '--flavour', 'light', '--hosts', String(HOSTS)]);
    expect(up.code, up.stderr).toBe(0);
    // lab up names the hosts in one folded line, not 24
    expect(up.stdout).toContain(`  ${ALL}  10.10.10.51 … 10.10.10.74`);
    expect(up.stdout).not.toMatch(/^ {2}lb-host-1 /m);
    const apply = await vipctl(['apply', '-i', LAB_INVENTORY]);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    // the recap groups the hosts that all did the same; the verify step counts the clusters
    expect(apply.stdout).toMatch(
      new RegExp(`^ {2}changed +${HOSTS} hosts \\(lb-host-\\[1-${HOSTS}\\]\\) `, 'm'),
    );
    // apply's verify skips the capture unless --adverts: said once, for all clusters
    expect(lines(apply.stdout).slice(-3)).toEqual([
      `  warn  ${CLUSTERS} clusters (cluster-lb, cluster-lb-[2-${CLUSTERS}]): adverts: not checked (capture skipped)`,
      '',
      `${CLUSTERS} clusters OK with warnings`,
    ]);
  }, 300_000);

  afterAll(async () => {
    const down = await vipctl(['lab', 'down']);
    expect(down.stdout).toContain(`lab: removed ${HOSTS} hosts (${ALL})`);
    expect((await vipctl(['lab', 'up', '--hosts', String(E2E_HOSTS)])).code).toBe(0);
  }, 600_000);

  it('a healthy verify is one line; -v has every check; --json every cluster', async () => {
    const r = await vipctl(['verify', '-i', LAB_INVENTORY]);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual([`${CLUSTERS} clusters OK`]);
    const v = await vipctl(['verify', '-i', LAB_INVENTORY, '--no-adverts', '-v']);
    expect(v.stdout).toMatch(/^cluster-lb-12 {2}OK$/m);
    expect(v.stdout).toMatch(/^ {2}vip 10\.10\.10\.12\s+ok\s+held by lb-host-23$/m);
    expect(lines(v.stdout).length).toBeGreaterThan(CLUSTERS * 9);
    const j = await vipctl(['verify', '-i', LAB_INVENTORY, '--no-adverts', '--json']);
    const doc = JSON.parse(j.stdout) as VerifyDoc;
    expect(doc.clusters).toHaveLength(CLUSTERS);
    expect(doc.clusters.every((c) => c.checks.length >= 8)).toBe(true);
  }, 120_000);

  it('--no-adverts: the skipped capture is one warning line for all clusters, not twelve', async () => {
    const r = await vipctl(['verify', '-i', LAB_INVENTORY, '--no-adverts']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual([
      'warnings:',
      `  warn  ${CLUSTERS} clusters (cluster-lb, cluster-lb-[2-${CLUSTERS}]): adverts: not checked (capture skipped)`,
      '',
      `${CLUSTERS} clusters OK with warnings`,
    ]);
  }, 120_000);

  it('a problem comes first, in full, then the counts', async () => {
    const stop = await sshExec('lb-host-8', 'service keepalived stop >/dev/null 2>&1; echo stopped');
    expect(stop.stdout.trim()).toBe('stopped');
    try {
      // the init script's stop returns once it has signalled keepalived, not once keepalived is gone: wait for
      // what verify reads on a host without systemd (the pid file's process)
      const alive =
        'p=; [ -r /run/keepalived.pid ] && read -r p < /run/keepalived.pid; [ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo up || echo down';
      const gone = async () => (await sshExec('lb-host-8', alive)).stdout.trim() === 'down';
      expect(await eventually(gone, 15_000, 200)).toBe(true);
      const r = await vipctl(['verify', '-i', LAB_INVENTORY, '--no-adverts']);
      expect(r.code).toBe(2);
      const out = lines(r.stdout);
      expect(out[0]).toBe('cluster-lb-4  FAILED');
      expect(out).toContainEqual(
        expect.stringMatching(/^ {2}service lb-host-8\s+FAIL\s+keepalived not active/),
      );
      expect(out.at(-1)).toBe(`${CLUSTERS - 1} clusters OK with warnings · 1 cluster FAILED`);
      expect(r.stdout).not.toContain('cluster-lb-5  ');
    } finally {
      await sshExec('lb-host-8', 'service keepalived start >/dev/null 2>&1');
    }
  }, 120_000);

  it('a healthy diagnose: the verdict folds the host list, notes are grouped, and it all fits a screen', async () => {
    const r = await vipctl(['diagnose', '-i', LAB_INVENTORY]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe(`healthy: no findings on ${HOSTS} hosts (${ALL})`);
    // light hosts have no journald and keepalived logs nowhere: one note for all of them
    expect(out).toContain(`  - ${HOSTS} hosts (${ALL}): no keepalived log lines in the window`);
    expect(out).toContain(
      `  ${CLUSTERS} clusters with no state change logged in the window (-v or --json describes each)`,
    );
    expect(out.length).toBeLessThanOrEqual(20);
    const v = await vipctl(['diagnose', '-i', LAB_INVENTORY, '-v', '--capture', '0']);
    expect(lines(v.stdout)[0]).toContain('lb-host-23, lb-host-24)');
  }, 120_000);

  it('lab status: one line per state and the VIP count; -v the table', async () => {
    const r = await vipctl(['lab', 'status']);
    expect(lines(r.stdout).slice(1)).toEqual([
      `running (sshd): ${HOSTS} hosts (${ALL})`,
      `VIPs: ${CLUSTERS} held by ${CLUSTERS} hosts (-v or --json: who holds which)`,
    ]);
    const v = await vipctl(['lab', 'status', '-v']);
    expect(lines(v.stdout)).toHaveLength(HOSTS + 2);
  }, 60_000);

  it('failover-test --all --parallel 6: disjoint clusters fail over at once, each measured and restored', async () => {
    const r = await vipctl(['failover-test', '--all', '-i', LAB_INVENTORY, '--parallel', '6', '--json'], {
      timeoutMs: 300_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      ok: boolean;
      runs: {
        cluster: string;
        ok: boolean;
        master: string;
        actedAtMs: number;
        restoredAtMs: number;
        takeoverMs: number;
        transitions: { takenBy?: string }[];
        returned: { ok: boolean };
        deadman: { disarmed: boolean };
      }[];
    };
    expect(doc.ok).toBe(true);
    // in the inventory's order, one run per cluster, each its own takeover by its own backup
    expect(doc.runs.map((x) => x.cluster)).toEqual([
      'cluster-lb',
      ...Array.from({ length: CLUSTERS - 1 }, (_, i) => `cluster-lb-${i + 2}`),
    ]);
    for (const [i, run] of doc.runs.entries()) {
      expect(run.master).toBe(`lb-host-${2 * i + 1}`);
      expect(run.transitions[0]!.takenBy).toBe(`lb-host-${2 * i + 2}`);
      expect(run.takeoverMs).toBeGreaterThan(0);
      expect(run.returned.ok).toBe(true);
      expect(run.deadman.disarmed).toBe(true);
    }
    // concurrently: at the moment the first restore started, several other clusters had already acted
    const firstRestore = Math.min(...doc.runs.map((x) => x.restoredAtMs));
    expect(doc.runs.filter((x) => x.actedAtMs < firstRestore).length).toBeGreaterThanOrEqual(2);
    expect(doc.runs.filter((x) => x.actedAtMs < firstRestore).length).toBeLessThanOrEqual(6);
    // every one restored: the fleet verifies healthy with every intended master back
    const after = await vipctl(['verify', '-i', LAB_INVENTORY, '--no-adverts', '--json', '--wait', '10']);
    const v = JSON.parse(after.stdout) as VerifyDoc;
    expect(v.ok, after.stdout).toBe(true);
    expect(
      v.clusters.every((c) => c.checks.some((k) => k.name.startsWith('master') && k.status === 'pass')),
    ).toBe(true);
  }, 300_000);

  it('Ctrl-C during failover-test --all --parallel 6: every cluster in flight is restored, none is started after', async () => {
    const child = vipctlSpawn([
      'failover-test',
      '--all',
      '-i',
      LAB_INVENTORY,
      '--parallel',
      '6',
      '--mode',
      'pause',
      '--hold',
      '8000',
    ]);
    let stderr = '';
    const acting = new Promise<void>((resolve) => {
      child.stderr!.on('data', (b: Buffer) => {
        stderr += b.toString();
        if ((stderr.match(/acting: pause/g) ?? []).length >= 6) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await acting;
    // the six paused masters lose their VIPs to their backups; interrupt while they are paused
    await new Promise((r) => setTimeout(r, 2000));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    const restored = [
      ...stderr.matchAll(/^vipctl: (cluster-lb(?:-\d+)?): restoring (lb-host-\d+) \(interrupted\)$/gm),
    ];
    expect(restored.map((m) => m[1]).sort(), stderr).toEqual(
      [...stderr.matchAll(/^vipctl: (cluster-lb(?:-\d+)?): lb-host-\d+: dead man's switch armed/gm)]
        .map((m) => m[1])
        .sort(),
    );
    expect(restored).toHaveLength(6);
    // nothing started after the interrupt, and every intended master holds its VIPs again
    expect((stderr.match(/acting: pause/g) ?? []).length).toBe(6);
    const after = await vipctl(['verify', '-i', LAB_INVENTORY, '--no-adverts', '--json', '--wait', '15']);
    const v = JSON.parse(after.stdout) as VerifyDoc;
    expect(v.ok, after.stdout).toBe(true);
    expect(
      v.clusters.every((c) => c.checks.some((k) => k.name.startsWith('master') && k.status === 'pass')),
    ).toBe(true);
  }, 180_000);
});
