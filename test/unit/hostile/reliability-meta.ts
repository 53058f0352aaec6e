// What each hostile-input or fault test adds to test/RELIABILITY.md, carried in vitest's task meta (the JSON
// reporter writes it out; scripts/reliability-report.js reads it). Counts are set as the test goes, so a
// failing test still reports what it tried.
import type { TestContext } from 'vitest';

export interface ReliabilityMeta {
  suite: 'hostile-input' | 'fault-matrix';
  /** inputs tried (hostile suite) */
  inputs?: number;
  /** faults injected (fault matrix) */
  faults?: number;
  /** hosts left without a running keepalived, a valid config, or with a VIP held by 0 or 2+ hosts */
  hostsBroken?: number;
  /** outputs that contained a stack trace / "internal error" */
  stackTraces?: number;
  /** outputs that contained the auth or sudo password */
  secretsLeaked?: number;
  /** review findings this test covers (H1, M4, L11 …) */
  covers?: string[];
  /** the command that re-runs just this test */
  rerun?: string;
}

declare module 'vitest' {
  interface TaskMeta {
    reliability?: ReliabilityMeta;
  }
}

/** Starts (or updates) this test's record; returns it so the test can bump counts as it goes. */
export function record(ctx: TestContext, init: ReliabilityMeta): ReliabilityMeta {
  const meta: ReliabilityMeta = { ...init, ...ctx.task.meta.reliability };
  ctx.task.meta.reliability = meta;
  return meta;
}

/** A stack trace or vipctl's bug report in some output. */
export function hasStackTrace(text: string): boolean {
  return /internal error|\n\s+at .+:\d+:\d+\)?\n|^\s+at [\w.<>]+ \(/m.test(text);
}
