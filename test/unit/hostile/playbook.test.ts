// Generated hostile playbooks through the loader `run`, `apply`, `install` and `configure` use: each refused with
// exit code USAGE and a message naming the file and where in it (a task path or a line), no crash, bounded time.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { UserError } from '../../../src/cli/errors.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { loadPlaybook } from '../../../src/runner/playbook.js';
import { HOSTILE_SEED, basePlaybook, hostilePlaybook } from './generators.js';
import { hasStackTrace, record } from './reliability-meta.js';

export const PLAYBOOK_RUNS = Number(process.env.VIPCTL_HOSTILE_PLAYBOOK_RUNS ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'vipctl-hostile-pb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile playbooks (in-process loader)', () => {
  it('the base every case mutates is valid', () => {
    const file = join(dir, 'base.yaml');
    writeFileSync(file, stringify(basePlaybook()));
    expect(loadPlaybook(file).tasks).toHaveLength(1);
  });

  it(`${PLAYBOOK_RUNS} generated playbooks: each refused with exit ${ExitCode.USAGE}, the file and a location named, no crash (seed ${HOSTILE_SEED})`, (ctx) => {
    const meta = record(ctx, {
      suite: 'hostile-input',
      inputs: 0,
      stackTraces: 0,
      secretsLeaked: 0,
      covers: ['M6'],
      rerun: `VIPCTL_HOSTILE_SEED=${HOSTILE_SEED} npx vitest run --project unit test/unit/hostile/playbook.test.ts`,
    });
    const cases = fc.sample(hostilePlaybook, { seed: HOSTILE_SEED, numRuns: PLAYBOOK_RUNS });
    const failures: string[] = [];
    for (const [i, c] of cases.entries()) {
      const file = join(dir, `p${i}.yaml`);
      writeFileSync(file, c.text);
      const started = performance.now();
      let problem: string | undefined;
      try {
        loadPlaybook(file);
        problem = 'accepted';
      } catch (err) {
        if (!(err instanceof UserError)) {
          meta.stackTraces = (meta.stackTraces ?? 0) + 1;
          problem = `crash: ${String((err as Error).stack)
            .split('\n')
            .slice(0, 2)
            .join(' / ')}`;
        } else if (err.exitCode !== ExitCode.USAGE) problem = `exit code ${err.exitCode}`;
        else if (!err.message.includes(file)) problem = `the message does not name the file: ${err.message}`;
        else if (
          !/task "|tasks|handlers|name|order|\(top\)|line \d+|at line|:\d+:\d+|alias|Excessive|nest/i.test(
            err.message,
          )
        )
          problem = `the message says not where: ${err.message}`;
        else if (hasStackTrace(err.message)) problem = 'a stack trace in the message';
      }
      const ms = performance.now() - started;
      if (ms > 3000) problem ??= `took ${ms.toFixed(0)} ms`;
      meta.inputs = (meta.inputs ?? 0) + 1;
      if (problem) failures.push(`#${i} [${c.kind}] ${c.label}: ${problem}`);
    }
    expect(failures, `${failures.length} of ${cases.length}:\n${failures.join('\n')}`).toEqual([]);
  }, 60_000);
});
