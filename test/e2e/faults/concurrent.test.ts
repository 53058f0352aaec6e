// Two vipctl runs at once against the same hosts: the second must wait for the first or refuse (a lock on the
// controller and on each host), never interleave its writes with the first's. Each run wants a different
// config on lb-host-2; afterwards the live file is exactly one of the two, and a re-run converges.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  converge,
  exitWithin,
  expectConverged,
  faultInventory,
  faultRecord,
  liveSha,
  renderedSha,
  slowStep,
  removeSlowSteps,
  start,
} from './fault-fixture.js';
import { vipctl } from '../lab-fixture.js';

const TARGET = 'lb-host-2';

describe('two vipctl runs at once', () => {
  beforeAll(() => converge(faultInventory()), 600_000);

  it('the second waits or refuses; the file is one version whole; a re-run converges', async (ctx) => {
    const meta = faultRecord(ctx, 'concurrent.test.ts', ['L5']);
    const a = faultInventory({ backupPriority: 71 });
    const b = faultInventory({ backupPriority: 72 });
    const [shaA, shaB] = [await renderedSha(a, TARGET), await renderedSha(b, TARGET)];
    // widen the window in which the two could interleave: each validation takes 2 s
    await slowStep(TARGET, 'validate', 2);
    const first = start(['configure', '-i', a]);
    await new Promise((r) => setTimeout(r, 300));
    const second = start(['configure', '-i', b]);
    meta.faults = (meta.faults ?? 0) + 1;
    const [codeA, codeB] = await Promise.all([exitWithin(first, 180_000), exitWithin(second, 180_000)]);
    await removeSlowSteps(TARGET);
    const outB = second.output();
    expect(codeA, first.output()).toBe(0);
    // waited (and then succeeded) or refused with a message naming the other run / the lock
    expect(outB, `second run (exit ${codeB}) neither waited nor refused`).toMatch(
      /lock|another vipctl|already running|in progress|waiting for/i,
    );
    expect([shaA, shaB]).toContain(await liveSha(TARGET));
    const again = await vipctl(['configure', '-i', b]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    await expectConverged(meta);
  }, 300_000);
});
