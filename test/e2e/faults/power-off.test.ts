// A host powered off in the middle of a configure run (its machine killed outright while vipctl is writing its
// config): the other hosts finish, the recap names it, the exit code says a host was unreachable or failed.
// After power-on, the next run converges all three.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PAIR,
  TRIO,
  converge,
  exitWithin,
  expectConverged,
  faultInventory,
  faultRecord,
  liveSha,
  reached,
  removeSlowSteps,
  renderedSha,
  slowStep,
  start,
} from './fault-fixture.js';
import { faults, hostInitPid, vipctl } from '../lab-fixture.js';

const VICTIM = 'lb-host-3';

describe('a host powered off mid-run', () => {
  beforeAll(() => converge(faultInventory({ hosts: TRIO })), 600_000);
  afterAll(async () => {
    // whatever happened, leave the lab with three running hosts for the next file
    try {
      hostInitPid(VICTIM);
    } catch {
      await faults.powerOn();
    }
    await removeSlowSteps(VICTIM).catch(() => undefined);
  }, 300_000);

  it('the others finish; recap and exit code name the lost host; after power-on a re-run converges', async (ctx) => {
    const meta = faultRecord(ctx, 'power-off.test.ts');
    const inv = faultInventory({ hosts: TRIO, backupPriority: 85 });
    const wanted = await renderedSha(inv, 'lb-host-2');
    await slowStep(VICTIM, 'upload', 20);
    const run = start(['configure', '-i', inv]);
    expect(await reached(VICTIM, 'upload'), run.output()).toBe(true);
    await faults.crash(VICTIM);
    meta.faults = (meta.faults ?? 0) + 1;
    const code = await exitWithin(run, 150_000);
    expect([2, 3], run.output()).toContain(code);
    expect(run.output()).toMatch(new RegExp(`${VICTIM}[^\\n]*(unreachable|fail|lost|closed|reset)`, 'i'));
    // the others finished their change
    expect(await liveSha('lb-host-2')).toBe(wanted);
    await expectConverged(meta, PAIR);

    const up = await faults.powerOn();
    expect(up.code, up.stdout + up.stderr).toBe(0);
    await removeSlowSteps(VICTIM);
    const again = await vipctl(['configure', '-i', inv]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    await expectConverged(meta, TRIO);
  }, 420_000);
});
