// The theoretical takeover bound (runbook §8, keepalived's VRRPv2 timers):
//   master_down_interval = 3 × advert_int + skew,  skew = (256 − priority) / 256 seconds (not × advert_int).
// A clean stop sends a priority-0 advert, so a backup takes over after its skew alone; a crash, a hang or lost
// adverts make it wait the whole master_down_interval.

export type FailoverMode = 'stop' | 'kill' | 'pause' | 'isolate';
export const FAILOVER_MODES: readonly FailoverMode[] = ['stop', 'kill', 'pause', 'isolate'];

/** Skew time of a backup with this priority, in seconds. */
export function skewSeconds(priority: number): number {
  return (256 - priority) / 256;
}

/** master_down_interval of a backup with this priority, in seconds. */
export function masterDownSeconds(advertInt: number, priority: number): number {
  return 3 * advertInt + skewSeconds(priority);
}

/** Longest a takeover may take in `mode`, in ms, for the backup that should win (the highest priority left). */
export function takeoverBoundMs(mode: FailoverMode, advertInt: number, backupPriority: number): number {
  const seconds =
    mode === 'stop' ? skewSeconds(backupPriority) : masterDownSeconds(advertInt, backupPriority);
  return Math.round(seconds * 1000);
}

/** How the bound was computed, for printing beside it. */
export function boundFormula(mode: FailoverMode, advertInt: number, backupPriority: number): string {
  const skew = `(256 − ${backupPriority})/256`;
  return mode === 'stop' ? `skew = ${skew} s (priority-0 advert)` : `3 × ${advertInt} s + ${skew} s`;
}
