// SSH cut while a config is uploaded, validated or moved into place: the step is slowed on the host so the
// cut lands in it, then every sshd session of that host is SIGKILLed. The live config must be the old or the
// new one, never partial; vipctl says which host failed; a re-run converges.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  converge,
  cutSshSessions,
  dropTraffic,
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
import { vipctl } from '../lab-fixture.js';

const TARGET = 'lb-host-2';

describe('SSH cut mid-change', () => {
  beforeAll(() => converge(faultInventory()), 600_000);
  afterEach(() => removeSlowSteps(TARGET));

  const steps = [
    { step: 'upload', fault: 'sshd killed', priority: 81 },
    { step: 'validate', fault: 'sshd killed', priority: 82 },
    { step: 'move', fault: 'sshd killed', priority: 83 },
    { step: 'validate', fault: 'traffic dropped 3 s', priority: 84 },
  ] as const;

  it.for(steps)(
    '$fault during $step: old or new config, never partial; the re-run converges',
    { timeout: 240_000 },
    async ({ step, fault, priority }, ctx) => {
      const meta = faultRecord(ctx, 'ssh-cut.test.ts', ['L3', 'L5']);
      const inv = faultInventory({ backupPriority: priority });
      const before = await liveSha(TARGET);
      const after = await renderedSha(inv, TARGET);
      await slowStep(TARGET, step);
      const run = start(['configure', '-i', inv]);
      expect(await reached(TARGET, step), `${step} never reached:\n${run.output()}`).toBe(true);
      if (fault === 'sshd killed') expect(await cutSshSessions(TARGET)).toBeGreaterThan(0);
      else await dropTraffic(TARGET, 3000);
      meta.faults = (meta.faults ?? 0) + 1;
      const code = await exitWithin(run, 120_000);
      expect(code, run.output()).not.toBe(-1);
      await removeSlowSteps(TARGET);
      if (code !== 0) {
        // the cut host is named as failed or unreachable; the exit code says which
        expect([2, 3], run.output()).toContain(code);
        expect(run.output()).toMatch(
          new RegExp(`${TARGET}[^\\n]*(fail|unreachable)|(fail|unreachable)[^\\n]*${TARGET}`, 'i'),
        );
      }
      expect([before, after], 'the live config is the old or the new one').toContain(await liveSha(TARGET));
      // The step the cut interrupted may still be running on the host as an orphan (a cut connection does not
      // stop a remote command): let it end, so the re-run is judged on its own (orphans racing a run: L5).
      await new Promise((r) => setTimeout(r, 5000));
      expect([before, after], 'still the old or the new one').toContain(await liveSha(TARGET));
      const again = await vipctl(['configure', '-i', inv]);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(await liveSha(TARGET)).toBe(after);
      await expectConverged(meta);
    },
  );
});
