// The dpkg lock held by another process while vipctl installs keepalived: vipctl waits — and says so while it
// waits — then succeeds once the lock is released. The lock is held the way apt holds it (fcntl on
// /var/lib/dpkg/lock-frontend), by a process started on the host for this test and ended by its PID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  converge,
  exitWithin,
  expectConverged,
  faultInventory,
  faultRecord,
  start,
} from './fault-fixture.js';
import { hostExec, purgeKeepalived } from '../lab-fixture.js';

const TARGET = 'lb-host-2';
const HOLD_S = 20;

/** Holds dpkg's frontend lock for `seconds` (struct flock for x86_64: short, short, pad, off_t, off_t, pid_t). */
async function holdDpkgLock(seconds: number): Promise<number> {
  const perl = `use Fcntl; open(my $f, ">>", "/var/lib/dpkg/lock-frontend") or die "open: $!"; my $l = pack("s s x4 q q i x4", F_WRLCK, 0, 0, 0, 0); fcntl($f, F_SETLKW, $l) or die "lock: $!"; open(my $m, ">", "/run/vipctl-fault-dpkg-held"); close $m; sleep ${seconds};`;
  const r = await hostExec(
    TARGET,
    `rm -f /run/vipctl-fault-dpkg-held; nohup perl -e '${perl}' >/dev/null 2>&1 & echo $!`,
  );
  const pid = Number(r.stdout.trim());
  for (let i = 0; i < 50; i++) {
    if ((await hostExec(TARGET, 'test -e /run/vipctl-fault-dpkg-held')).code === 0) return pid;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`the lock holder did not take the lock: ${r.stderr}`);
}

describe('the dpkg lock held during install', () => {
  let holder = 0;
  beforeAll(async () => {
    await converge(faultInventory());
    await purgeKeepalived([TARGET]);
  }, 600_000);
  afterAll(async () => {
    if (holder) await hostExec(TARGET, `kill ${holder} 2>/dev/null || true`);
  });

  it(`vipctl waits visibly while another process holds it (${HOLD_S} s), then installs; the cluster converges`, async (ctx) => {
    const meta = faultRecord(ctx, 'dpkg-lock.test.ts');
    holder = await holdDpkgLock(HOLD_S);
    meta.faults = (meta.faults ?? 0) + 1;
    const started = Date.now();
    const run = start(['install', '-i', faultInventory()]);
    const code = await exitWithin(run, 300_000);
    const waited = Date.now() - started;
    expect(code, run.output()).toBe(0);
    expect(waited, 'it waited for the lock rather than failing or racing it').toBeGreaterThan(
      (HOLD_S - 5) * 1000,
    );
    expect(run.output(), 'the wait is visible').toMatch(
      /dpkg lock|waiting for (the )?(dpkg|apt|package)|lock held/i,
    );
    holder = 0;
    await converge(faultInventory());
    await expectConverged(meta);
  }, 400_000);
});
