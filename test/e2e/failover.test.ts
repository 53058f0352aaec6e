// verify and failover-test on the lab over real SSH: every mode on a 2-host and a 3-member cluster, the
// reported takeover against the test's own `ip -ts monitor address` in each host's namespace (within 50 ms),
// the cluster exactly as before afterwards, a real SIGINT in each mode, a SIGKILL of vipctl (the host's own
// timer restores), and split brain caught by verify naming both holders.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  faults,
  installKeepalivedByHand,
  LAB_AUTH_PASS_FILE,
  labDefaultsYaml,
  purgeKeepalived,
  sshExec,
  vipctl,
  vipctlSpawn,
  vipHolders,
  watchAddresses,
  writeInventory,
} from './lab-fixture.js';

const HOSTS = ['lb-host-1', 'lb-host-2', 'lb-host-3'];
const PAIR = {
  name: 'cluster-pair',
  vip: '10.10.10.50',
  master: 'lb-host-1',
  taker: 'lb-host-2',
  members: ['lb-host-1', 'lb-host-2'],
};
const TRIO = {
  name: 'cluster-trio',
  vip: '10.10.10.60',
  master: 'lb-host-3',
  taker: 'lb-host-2',
  members: HOSTS,
};
const MODES = ['stop', 'kill', 'pause', 'isolate'] as const;

const INVENTORY = writeInventory(
  [
    labDefaultsYaml(),
    'hosts:',
    '  lb-host-1: { address: 10.10.10.51 }',
    '  lb-host-2: { address: 10.10.10.52 }',
    '  lb-host-3: { address: 10.10.10.53 }',
    'clusters:',
    `  ${PAIR.name}:`,
    '    virtual_router_id: 51',
    `    vips: [${PAIR.vip}]`,
    `    auth: { type: PASS, password_file: ${LAB_AUTH_PASS_FILE} }`,
    '    members:',
    '      lb-host-1: { priority: 100 }',
    '      lb-host-2: { priority: 90 }',
    `  ${TRIO.name}:`,
    '    virtual_router_id: 61',
    `    vips: [${TRIO.vip}]`,
    `    auth: { type: PASS, password_file: ${LAB_AUTH_PASS_FILE} }`,
    '    members:',
    '      lb-host-3: { priority: 100 }',
    '      lb-host-2: { priority: 90 }',
    '      lb-host-1: { priority: 80 }',
    '',
  ].join('\n'),
);

/** `ip -ts` prints the controller's local time; read it as local time (independent of vipctl's parser). */
function monitorEvents(
  lines: string[],
  host: string,
  vip: string,
): { kind: 'add' | 'remove'; atMs: number; host: string }[] {
  return lines.flatMap((l) => {
    const m = /^\[(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)\.(\d+)\]\s+(Deleted )?.*\binet ([\d.]+)\//.exec(l);
    if (!m || m[9] !== vip) return [];
    const [, y, mo, d, h, mi, s, us] = m.map(Number) as number[];
    const atMs = new Date(y!, mo! - 1, d!, h!, mi!, s!).getTime() + Number(`0.${m[7]}`) * 1000;
    void us;
    return [{ kind: m[8] ? ('remove' as const) : ('add' as const), atMs, host }];
  });
}

/** ping processes --probe may have left behind on the controller (none expected). */
function pgrepPing(): string {
  try {
    return execFileSync('pgrep', ['-af', '^ping -D -n -i 0.01'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

interface ReportedRun {
  ok: boolean;
  master: string;
  expectedTaker: string;
  actedAtMs: number;
  takeoverMs?: number;
  boundMs: number;
  splitBrain: boolean;
  staleVip: boolean;
  problems: string[];
  notes: string[];
  transitions: {
    takenBy?: string;
    takenMs?: number;
    releasedMs?: number;
    gapMs: number;
    overlapMs: number;
  }[];
  returned?: { ok: boolean; returnMs?: number; message: string };
  deadman: { disarmed: boolean; how: string };
}

async function clusterAsBefore(c: typeof PAIR): Promise<void> {
  expect(await eventually(async () => (await vipHolders(c.vip, c.members)).join() === c.master, 15_000)).toBe(
    true,
  );
  for (const h of c.members) {
    const r = await sshExec(
      h,
      'systemctl is-active keepalived; nft list table inet vipctl_failover 2>&1 | head -1; ls /run/vipctl-failover/armed 2>&1',
    );
    expect(r.stdout).toMatch(/^active\n.*No such file or directory.*\n.*No such file or directory/);
  }
}

describe('verify and failover-test on the lab', () => {
  beforeAll(async () => {
    // --probe pings from the controller: iputils-ping there (vipctl itself refuses cleanly without it).
    execFileSync(
      'sh',
      [
        '-c',
        'command -v ping >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iputils-ping >/dev/null',
      ],
      { timeout: 300_000 },
    );
    await installKeepalivedByHand(HOSTS);
    await Promise.all(
      HOSTS.map((h) =>
        sshExec(
          h,
          'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump nftables >/dev/null',
          300_000,
        ),
      ),
    );
    const r = await vipctl(['configure', '-i', INVENTORY]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(
      await eventually(
        async () =>
          (await vipHolders(PAIR.vip)).join() === PAIR.master &&
          (await vipHolders(TRIO.vip)).join() === TRIO.master,
        20_000,
      ),
    ).toBe(true);
  }, 600_000);

  afterAll(async () => {
    await purgeKeepalived(HOSTS, { paths: ['/run/vipctl-failover'] });
  }, 300_000);

  it('verify: a healthy lab passes, with JSON holders and JUnit', async () => {
    const r = await vipctl([
      'verify',
      '-i',
      INVENTORY,
      '--json',
      '--junit',
      join(tmpdir(), 'vipctl-e2e-verify.xml'),
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      ok: boolean;
      clusters: {
        cluster: string;
        holders: Record<string, string[]>;
        checks: { name: string; status: string }[];
      }[];
    };
    expect(doc.ok).toBe(true);
    expect(doc.clusters.map((c) => c.holders)).toEqual([
      { [PAIR.vip]: [PAIR.master] },
      { [TRIO.vip]: [TRIO.master] },
    ]);
    expect(doc.clusters[0]!.checks.find((c) => c.name === 'adverts vrid 51')!.status).toBe('pass');
  }, 60_000);

  for (const c of [PAIR, TRIO]) {
    for (const mode of MODES) {
      it(`${c.name} (${c.members.length} members), --mode ${mode}: takeover agrees with our own ip monitor; cluster as before`, async () => {
        const watches = c.members.map((h) => ({ h, w: watchAddresses(h) }));
        await new Promise((r) => setTimeout(r, 300));
        const r = await vipctl(['failover-test', c.name, '-i', INVENTORY, '--mode', mode, '--json']);
        watches.forEach(({ w }) => w.stop());
        const doc = JSON.parse(r.stdout) as { runs: ReportedRun[] };
        const run = doc.runs[0]!;
        expect(run.problems, r.stderr).toEqual([]);
        expect(r.code).toBe(0);
        expect(run.master).toBe(c.master);
        expect(run.expectedTaker).toBe(c.taker);
        const t = run.transitions[0]!;
        expect(t.takenBy).toBe(c.taker);
        // The independent view: the first add of the VIP on the taker after the action.
        const ours = watches.flatMap(({ h, w }) => monitorEvents(w.lines, h, c.vip));
        const takenByUs = ours.find(
          (e) => e.host === c.taker && e.kind === 'add' && e.atMs >= run.actedAtMs - 50,
        );
        expect(takenByUs, JSON.stringify(ours)).toBeDefined();
        expect(Math.abs(takenByUs!.atMs - t.takenMs!)).toBeLessThan(50);
        expect(run.takeoverMs!).toBeLessThanOrEqual(run.boundMs + 500);
        if (mode === 'stop') {
          const released = ours.find(
            (e) => e.host === c.master && e.kind === 'remove' && e.atMs >= run.actedAtMs - 50,
          );
          expect(Math.abs(released!.atMs - t.releasedMs!)).toBeLessThan(50);
          expect(run.splitBrain).toBe(false);
        } else {
          // kill leaves a stale VIP, pause keeps it on the hung master, isolate is split brain by design.
          expect(run.splitBrain).toBe(true);
          expect(t.overlapMs).toBeGreaterThan(0);
        }
        if (mode === 'kill') expect(run.staleVip).toBe(true);
        expect(run.returned?.ok).toBe(true);
        expect(run.deadman.disarmed).toBe(true);
        await clusterAsBefore(c);
      }, 120_000);
    }
  }

  it('--all --count 2 --probe: min/median/max per cluster, the client-visible outage, one JUnit case per run', async () => {
    const junit = join(tmpdir(), 'vipctl-e2e-failover-all.xml'); // in the run's temp dir (test/tmp-guard.ts)
    const r = await vipctl([
      'failover-test',
      '--all',
      '-i',
      INVENTORY,
      '--count',
      '2',
      '--probe',
      '--json',
      '--junit',
      junit,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      runs: (ReportedRun & { cluster: string; probeOutageMs?: number; gapMs: number })[];
      summaries: {
        cluster: string;
        runs: number;
        takeoverMs: { min: number; median: number; max: number; n: number };
      }[];
    };
    expect(doc.runs.map((x) => x.cluster)).toEqual([PAIR.name, PAIR.name, TRIO.name, TRIO.name]);
    for (const s of doc.summaries) {
      expect(s.takeoverMs.n).toBe(2);
      expect(s.takeoverMs.min).toBeLessThanOrEqual(s.takeoverMs.median);
      expect(s.takeoverMs.median).toBeLessThanOrEqual(s.takeoverMs.max);
    }
    for (const run of doc.runs) {
      // The pings see the hole with no holder (plus the ARP update), and answers again once the backup holds it.
      expect(run.probeOutageMs).toBeGreaterThanOrEqual(run.gapMs - 100);
      expect(run.probeOutageMs).toBeLessThan(run.gapMs + 3000);
    }
    expect(readFileSync(junit, 'utf8').match(/<testcase /g)).toHaveLength(4);
    expect(pgrepPing()).toBe('');
    await clusterAsBefore(PAIR);
    await clusterAsBefore(TRIO);
  }, 180_000);

  for (const mode of MODES) {
    it(`SIGINT to a running failover-test --mode ${mode} restores the cluster`, async () => {
      const child = vipctlSpawn([
        'failover-test',
        PAIR.name,
        '-i',
        INVENTORY,
        '--mode',
        mode,
        '--hold',
        '8000',
      ]);
      let stderr = '';
      const acted = new Promise<void>((resolve) => {
        child.stderr!.on('data', (b: Buffer) => {
          stderr += b.toString();
          if (/acting: /.test(stderr)) resolve();
        });
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await acted;
      // Let the action land (the VIP moves), then interrupt mid-test.
      await eventually(async () => (await vipHolders(PAIR.vip, PAIR.members)).includes(PAIR.taker), 8000, 50);
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(130);
      expect(stderr).toContain('restoring');
      await clusterAsBefore(PAIR);
    }, 90_000);
  }

  it("SIGKILL of vipctl mid-test: the host's dead man's switch restores it within the armed time", async () => {
    const child = vipctlSpawn([
      'failover-test',
      PAIR.name,
      '-i',
      INVENTORY,
      '--mode',
      'pause',
      '--hold',
      '60000',
      '--deadman',
      '12',
    ]);
    let stderr = '';
    await new Promise<void>((resolve) =>
      child.stderr!.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (/acting: /.test(stderr)) resolve();
      }),
    );
    const armedAt = Date.now();
    expect(
      await eventually(async () => (await vipHolders(PAIR.vip, PAIR.members)).length === 2, 8000, 50),
      'the backup takes over from the paused master',
    ).toBe(true);
    child.kill('SIGKILL');
    // Still paused right after vipctl died: nobody but the host's timer can undo it.
    expect((await sshExec(PAIR.master, 'grep State /proc/$(pidof -s keepalived)/status')).stdout).toMatch(
      /T \(stopped\)/,
    );
    expect(
      await eventually(
        async () => (await sshExec(PAIR.master, 'cat /run/vipctl-failover/fired')).code === 0,
        20_000,
        250,
      ),
      // On failure, show what the host's timer did.
      (
        await sshExec(
          PAIR.master,
          'ls -la /run/vipctl-failover; systemctl status --no-pager vipctl-failover-deadman.timer vipctl-failover-deadman.service 2>&1 | head -30',
        )
      ).stdout,
    ).toBe(true);
    expect(Date.now() - armedAt).toBeLessThan(12_000 + 5000);
    await clusterAsBefore(PAIR);
  }, 90_000);

  it('split brain (VRRP dropped on the backup): verify fails naming both holders', async () => {
    await faults.blockVrrp(PAIR.taker);
    try {
      expect(
        await eventually(async () => (await vipHolders(PAIR.vip, PAIR.members)).length === 2, 10_000),
      ).toBe(true);
      const r = await vipctl(['verify', PAIR.name, '-i', INVENTORY, '--no-adverts']);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(
        `SPLIT BRAIN: ${PAIR.vip} is held by 2 members at once: lb-host-1 and lb-host-2`,
      );
      const refused = await vipctl(['failover-test', PAIR.name, '-i', INVENTORY]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('unhealthy, not disturbed');
    } finally {
      await faults.unblockVrrp(PAIR.taker);
    }
    await clusterAsBefore(PAIR);
  }, 60_000);
});
