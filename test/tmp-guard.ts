// vitest globalSetup for both projects: tests clean up what they make.
// - Every temp file a test makes through os.tmpdir() lands in one directory for the run (TMPDIR, inherited by
//   the workers and every process they start), removed at the end, pass or fail.
// - At the end, anything new named vipctl-* / diag-* in the real temp directory, or a baseline file left in
//   /run, is named: a test that writes there by a fixed path must remove it itself. It fails the run in CI
//   (CI=true, or VIPCTL_STRICT_TMP=1); on a workstation it is a warning, because another test run or tool
//   working at the same time makes such files too (each run's own vipctl-tests-* directory is never counted).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OURS = /^(vipctl|diag)-(?!tests-)/;
const RUN_FILES = ['/run/vipctl-e2e.baseline.json'];

function ours(dir: string): string[] {
  const here = readdirSync(dir)
    .filter((f) => OURS.test(f))
    .map((f) => join(dir, f));
  return [...here, ...RUN_FILES.filter((f) => existsSync(f))];
}

export default function setup(): () => void {
  const real = tmpdir();
  const before = new Set(ours(real));
  const run = mkdtempSync(join(real, 'vipctl-tests-'));
  process.env.TMPDIR = run;
  return () => {
    process.env.TMPDIR = real;
    rmSync(run, { recursive: true, force: true });
    const left = ours(real).filter((f) => !before.has(f));
    if (left.length === 0) return;
    const strict = process.env.CI === 'true' || process.env.VIPCTL_STRICT_TMP === '1';
    process.stderr.write(
      `\n${strict ? '' : 'warning: '}files left behind during this run (a test must remove what it makes):\n  ${left.join('\n  ')}\n`,
    );
    // (a throw here is only logged by vitest: the exit code is set instead)
    if (strict) process.exitCode = 1;
  };
}
