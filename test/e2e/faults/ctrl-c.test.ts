// Ctrl-C (SIGINT) at seeded random points of configure, apply and failover-test: vipctl exits 130 (or 0 when it
// had already finished) after restoring what was in flight, and every host is left consistent with the cluster
// restored. VIPCTL_FAULT_SEED replays a failing sequence; test/e2e/interrupt.test.ts keeps fixed points.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FAULT_SEED,
  converge,
  exitWithin,
  expectConverged,
  faultInventory,
  faultRecord,
  seeded,
  masterHolds,
  start,
} from './fault-fixture.js';

const random = seeded(FAULT_SEED + 7);
/** [command, delay ms]: spread over each command's usual duration on the lab */
const POINTS: [string, number][] = [
  ...[0, 1].map((): [string, number] => ['configure', Math.round(150 + random() * 2500)]),
  ...[0, 1].map((): [string, number] => ['apply', Math.round(150 + random() * 5000)]),
  ...[0, 1].map((): [string, number] => ['failover-test', Math.round(500 + random() * 7000)]),
];

describe('Ctrl-C at seeded random points', () => {
  beforeAll(() => converge(faultInventory()), 600_000);

  it.for(POINTS.map(([cmd, ms], i) => ({ cmd, ms, i, n: `${i + 1} of ${POINTS.length}` })))(
    `$cmd interrupted $ms ms in (seed ${FAULT_SEED + 7}, point $n)`,
    { timeout: 180_000 },
    async ({ cmd, ms, i }, ctx) => {
      const meta = faultRecord(ctx, 'ctrl-c.test.ts');
      // configure and apply change lb-host-2 each time, so the interrupt can land inside a change
      const inv = faultInventory({ backupPriority: 40 + i });
      // failover-test refuses a cluster that drifted from the inventory or whose master is still taking over
      if (cmd === 'failover-test') {
        await converge(inv);
        expect(await masterHolds()).toBe(true);
      }
      const args = cmd === 'failover-test' ? ['failover-test', 'cluster-lb', '-i', inv] : [cmd, '-i', inv];
      const run = start(args);
      await new Promise((r) => setTimeout(r, ms));
      run.child.kill('SIGINT');
      meta.faults = (meta.faults ?? 0) + 1;
      const code = await exitWithin(run, 90_000);
      expect([0, 130], run.output()).toContain(code);
      // once it acted, the interrupt restores (before that there is nothing to restore)
      if (code === 130 && /acting: /.test(run.output())) expect(run.output()).toMatch(/restor/i);
      // right after the interrupt: old or new config (whole), keepalived running, one holder, no temp files
      await expectConverged(meta);
      // and the next run finishes what was interrupted
      if (cmd !== 'failover-test') await converge(inv);
    },
  );
});
