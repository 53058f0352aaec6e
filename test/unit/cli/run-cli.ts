// Runs the built CLI (bin/vipctl.js → dist/) as a user would, with a controlled environment.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve('bin/vipctl.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** the whole environment (nothing is inherited but PATH, unless given here) */
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdin?: string;
  timeoutMs?: number;
  /** run as this user and group (e.g. nobody, to see what a non-root user gets) */
  uid?: number;
  gid?: number;
  /** close our end of its stdout / stderr at once, as `| head -1` does after one line */
  closeStdout?: boolean;
  closeStderr?: boolean;
  /** called once the process has started (e.g. to signal it) */
  onSpawn?: (pid: number, output: () => string) => void;
}

/** An environment with nothing from the caller's but PATH: no VIPCTL_*, no CI, no colour. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  // TMPDIR and the file's own lock directory (test/unit/setup.ts): test files run in parallel against the same
  // unreachable hosts, and a shared controller lock made one of them exit 6 now and then
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    VIPCTL_LOCK_DIR: process.env.VIPCTL_LOCK_DIR,
    ...extra,
  };
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  if (!existsSync(resolve('dist/commands'))) throw new Error('dist/ is missing: run `npm run build` first');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: opts.env ?? cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
      uid: opts.uid,
      gid: opts.gid,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? '');
    if (opts.closeStdout) child.stdout.destroy();
    if (opts.closeStderr) child.stderr.destroy();
    if (opts.onSpawn && child.pid) opts.onSpawn(child.pid, () => stdout + stderr);
  });
}

/** A temporary directory named vipctl-test-*, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vipctl-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
