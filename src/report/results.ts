// Per-host results: what every view (TTY, plain lines, --json, JUnit) shows, and where exit codes come from.
import { ExitCode, type ExitCodeValue } from '../cli/exit-codes.js';

export type TaskStatus = 'ok' | 'changed' | 'failed' | 'skipped';
export type HostStatus = 'ok' | 'changed' | 'failed' | 'unreachable' | 'skipped';

export interface TaskResult {
  name: string;
  status: TaskStatus;
  changes: string[];
  diff?: string[];
  error?: string;
  details?: string;
  ms: number;
}

export interface HostResult {
  host: string;
  status: HostStatus;
  tasks: TaskResult[];
  error?: string;
  hint?: string;
  os?: string;
  ms: number;
}

export interface RunEvents {
  hostStart(host: string): void;
  taskStart(host: string, task: string): void;
  progress(host: string, message: string): void;
  taskDone(host: string, result: TaskResult): void;
  hostDone(result: HostResult): void;
}

export function summarize(results: HostResult[]): Record<HostStatus, number> {
  const s: Record<HostStatus, number> = { ok: 0, changed: 0, failed: 0, unreachable: 0, skipped: 0 };
  for (const r of results) s[r.status] += 1;
  return s;
}

/** Unreachable wins over failed; skipped hosts (after --fail-fast) count as failed. */
export function exitCodeFor(results: HostResult[]): ExitCodeValue {
  const s = summarize(results);
  if (s.unreachable > 0) return ExitCode.UNREACHABLE;
  if (s.failed > 0 || s.skipped > 0) return ExitCode.FAILED;
  return ExitCode.OK;
}
