// keepalived SIGKILLed on a backup while configure is changing that backup's config: vipctl must report it
// (a failed host, or keepalived started again and said so), never report success over a dead service.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  converge,
  exitWithin,
  expectConverged,
  faultInventory,
  faultRecord,
  reached,
  removeSlowSteps,
  slowStep,
  start,
} from './fault-fixture.js';
import { hostExec, vipctl } from '../lab-fixture.js';

const BACKUP = 'lb-host-2';

describe('keepalived killed on a backup during configure', () => {
  beforeAll(() => converge(faultInventory()), 600_000);

  it('is reported, not ignored; the next run converges', async (ctx) => {
    const meta = faultRecord(ctx, 'keepalived-killed.test.ts');
    const inv = faultInventory({ backupPriority: 66 });
    await slowStep(BACKUP, 'validate', 3);
    const run = start(['configure', '-i', inv]);
    expect(await reached(BACKUP, 'validate'), run.output()).toBe(true);
    await hostExec(BACKUP, 'systemctl kill -s KILL keepalived');
    meta.faults = (meta.faults ?? 0) + 1;
    const code = await exitWithin(run, 120_000);
    await removeSlowSteps(BACKUP);
    const out = run.output();
    const active = (await hostExec(BACKUP, 'systemctl is-active keepalived')).stdout.trim() === 'active';
    // either the run failed naming the backup, or keepalived runs again and the run said it (re)started it
    const reported =
      (code !== 0 && new RegExp(BACKUP).test(out)) ||
      (code === 0 && active && new RegExp(`${BACKUP}[\\s\\S]*(start|restart)`, 'i').test(out));
    expect(
      reported,
      `exit ${code}, keepalived ${active ? 'active' : 'not active'} on ${BACKUP}:\n${out}`,
    ).toBe(true);
    const again = await vipctl(['configure', '-i', inv]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    await expectConverged(meta);
  }, 240_000);
});
