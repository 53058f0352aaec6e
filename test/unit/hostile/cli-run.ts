// Runs the built CLI (bin/vipctl.js over dist/, `npm run build` first) as a child process with a wall-clock
// bound and a memory watch: over either, it is ended by its PID (SIGINT first, then SIGKILL), never by name.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const VIPCTL = resolve(import.meta.dirname, '../../../bin/vipctl.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** peak resident memory seen while it ran, MB */
  peakMb: number;
  /** it did not end within the bound and was sent SIGINT */
  timedOut: boolean;
  /** it did not end within the grace after SIGINT either and was SIGKILLed */
  killed: boolean;
  /** it went over the memory bound and was SIGKILLed */
  overMemory: boolean;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; graceMs?: number; maxMb?: number } = {},
): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [VIPCTL, ...args], {
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid as number;
  let stdout = '';
  let stderr = '';
  const cap = 4 * 1024 * 1024;
  child.stdout.on('data', (c: Buffer) => {
    if (stdout.length < cap) stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    if (stderr.length < cap) stderr += c.toString();
  });
  let peakMb = 0;
  let timedOut = false;
  let killed = false;
  let overMemory = false;
  const kill = (): void => {
    if (killed) return;
    killed = true;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const interrupt = (): void => {
    if (timedOut) return;
    timedOut = true;
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      /* already gone */
    }
    setTimeout(kill, opts.graceMs ?? 2000).unref();
  };
  const watch = setInterval(() => {
    peakMb = Math.max(peakMb, rssMb(pid));
    if (peakMb > (opts.maxMb ?? 1024)) {
      overMemory = true;
      kill();
    }
  }, 50);
  const bound = setTimeout(interrupt, opts.timeoutMs ?? 15_000);
  return new Promise((resolvePromise) => {
    child.on('close', (code, signal) => {
      clearInterval(watch);
      clearTimeout(bound);
      resolvePromise({
        code,
        signal,
        stdout,
        stderr,
        ms: Date.now() - started,
        peakMb,
        timedOut,
        killed,
        overMemory,
      });
    });
  });
}

/** One line for a failure message. */
export function describeRun(r: CliRun): string {
  const how = r.overMemory
    ? 'SIGKILLed over its memory bound'
    : r.killed
      ? 'SIGKILLed (ignored SIGINT)'
      : r.timedOut
        ? 'over its bound (SIGINT)'
        : `exit ${r.code ?? r.signal}`;
  const said = (r.stderr || r.stdout).trim().split('\n').slice(0, 3).join(' / ').slice(0, 300);
  return `${how} after ${r.ms} ms, peak ${r.peakMb.toFixed(0)} MB: ${said}`;
}
