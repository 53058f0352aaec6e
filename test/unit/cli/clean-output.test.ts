import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A clean run reads clean: no escape codes in a CI log or a pipe, no lines that look like failures.
const ESC = '\u001b';

describe('a CI log', () => {
  it('vitest under CI=true in a pipe: no escape codes, and passing tests print no "✖ … failed" or SIGTERM line', () => {
    // the display tests (listr2 fixtures with failed hosts) and the runner tests (signal handler) print the most
    const files = [
      'test/unit/report/display.test.ts',
      'test/unit/runner/runner.test.ts',
      'test/unit/cli/help.test.ts',
    ];
    // its own temp directory: the inner run's leftover check (strict under CI=true) sees only its own files
    const tmp = mkdtempSync(join(tmpdir(), 'vipctl-inner-'));
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: tmp,
      CI: 'true',
      TERM: 'xterm-256color',
    };
    const vitest = ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit', ...files];
    const r = spawnSync(process.execPath, vitest, { env, encoding: 'utf8', timeout: 120_000 });
    rmSync(tmp, { recursive: true, force: true });
    const log = `${r.stdout}${r.stderr}`;
    expect(r.status, log).toBe(0);
    expect(log).toMatch(/Test Files {2}3 passed/);
    expect(log).not.toContain(ESC);
    expect(log).not.toMatch(/✖|SIGTERM|failed \(/);
  }, 150_000);

  it('scripts/demo.sh: step headers are bold on a terminal only', () => {
    const script = readFileSync('scripts/demo.sh', 'utf8');
    const defs = /^if \[\[ -t 1[\s\S]*?^step\(\) .*$/m.exec(script)?.[0];
    expect(defs).toBeDefined();
    const r = spawnSync('bash', ['-c', `${defs}\nstep lab up --hosts 2`], { encoding: 'utf8' });
    expect(r.stdout).toBe('\n==> vipctl lab up --hosts 2\n'); // stdout is a pipe here
    const tty = spawnSync(
      'script',
      ['-qec', `bash -c '${defs.replaceAll("'", "'\\''")}\nstep x'`, '/dev/null'],
      {
        encoding: 'utf8',
      },
    );
    expect(tty.stdout).toContain(`${ESC}[1m==> vipctl x${ESC}[0m`);
  });
});
