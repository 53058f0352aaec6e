// The controller SIGKILLed (no handler runs, no restore hook): mid-configure, the next run converges; mid-
// failover-test, the dead man's switch armed on the master restores the cluster on its own, then the next run
// converges. Kill points are seeded (VIPCTL_FAULT_SEED) so a failure replays.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FAULT_SEED,
  PAIR,
  VIP,
  converge,
  exitWithin,
  expectConverged,
  faultInventory,
  faultRecord,
  reached,
  removeSlowSteps,
  seeded,
  slowStep,
  masterHolds,
  start,
} from './fault-fixture.js';
import { eventually, vipHolders, vipctl } from '../lab-fixture.js';

const DEADMAN_S = 10;

describe('the controller SIGKILLed', () => {
  const inv = faultInventory();
  beforeAll(() => converge(inv), 600_000);

  it('mid-configure (while lb-host-2 validates): the next run converges', async (ctx) => {
    const meta = faultRecord(ctx, 'controller-kill.test.ts', ['L3']);
    const changed = faultInventory({ backupPriority: 61 });
    await slowStep('lb-host-2', 'validate', 3);
    const run = start(['configure', '-i', changed]);
    expect(await reached('lb-host-2', 'validate'), run.output()).toBe(true);
    run.child.kill('SIGKILL');
    meta.faults = (meta.faults ?? 0) + 1;
    expect(await exitWithin(run, 10_000)).toBe(137);
    await new Promise((r) => setTimeout(r, 3500)); // the orphaned remote step finishes on its own
    await removeSlowSteps('lb-host-2');
    const again = await vipctl(['configure', '-i', changed]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    await expectConverged(meta);
  }, 240_000);

  const random = seeded(FAULT_SEED);
  const points = [0, 1].map(() => Math.round(200 + random() * 2500));
  it.for(points)(
    `mid-failover-test --mode stop, %i ms after it acts: the dead man's switch (${DEADMAN_S} s) restores, the next run converges`,
    { timeout: 180_000 },
    async (delayMs, ctx) => {
      const meta = faultRecord(ctx, 'controller-kill.test.ts');
      await converge(inv); // failover-test refuses a cluster whose config drifted from the inventory
      expect(await masterHolds()).toBe(true); // … or whose master is still taking over
      const run = start([
        'failover-test',
        'cluster-lb',
        '-i',
        inv,
        '--mode',
        'stop',
        '--deadman',
        String(DEADMAN_S),
      ]);
      expect(await run.saw(/acting: /, 90_000), run.output()).toBe(true);
      await new Promise((r) => setTimeout(r, delayMs));
      run.child.kill('SIGKILL');
      meta.faults = (meta.faults ?? 0) + 1;
      await exitWithin(run, 10_000);
      // the switch fires within its time (plus VRRP settling): the master holds the VIP again
      expect(
        await eventually(
          async () => (await vipHolders(VIP, PAIR)).join() === 'lb-host-1',
          (DEADMAN_S + 20) * 1000,
          250,
        ),
        `the cluster was not restored: ${(await vipHolders(VIP, PAIR)).join(', ') || 'no holder'}\n${run.output()}`,
      ).toBe(true);
      const again = await vipctl(['configure', '-i', inv]);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      await expectConverged(meta);
    },
  );
});
