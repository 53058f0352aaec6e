// Where a run's wall time goes, for profiling (VIPCTL_TIMINGS=1): each phase is the span from its first start to
// its last end across hosts, in ms since the process started. Printed to stderr at exit; costs nothing when off.
import { performance } from 'node:perf_hooks';

interface Phase {
  from: number;
  to: number;
  count: number;
  /** sum of the individual spans (per-host work adds up to more than the wall span when parallel) */
  busy: number;
}

const phases = new Map<string, Phase>();
const enabled = Boolean(process.env.VIPCTL_TIMINGS);

/** Starts a span of `phase`; call the returned function when it ends. */
export function span(phase: string): () => void {
  if (!enabled) return () => undefined;
  const from = performance.now();
  return () => {
    const to = performance.now();
    const p = phases.get(phase);
    if (!p) phases.set(phase, { from, to, count: 1, busy: to - from });
    else {
      p.from = Math.min(p.from, from);
      p.to = Math.max(p.to, to);
      p.count++;
      p.busy += to - from;
    }
  };
}

/** Times one awaited piece of work as a span of `phase`. */
export async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  const end = span(phase);
  try {
    return await work();
  } finally {
    end();
  }
}

/** Marks an instant (a span of zero length), e.g. "command started". */
export function mark(phase: string): void {
  span(phase)();
}

export function formatTimings(): string {
  const rows = [...phases.entries()].sort((a, b) => a[1].from - b[1].from);
  const lines = rows.map(([name, p]) => {
    const each = p.count > 1 ? `  (${p.count}×, mean ${(p.busy / p.count).toFixed(0)} ms)` : '';
    return `  ${name.padEnd(22)} ${p.from.toFixed(0).padStart(6)} → ${p.to.toFixed(0).padStart(6)} ms  ${(p.to - p.from).toFixed(0).padStart(6)} ms${each}`;
  });
  return [`timings (ms since process start; total ${performance.now().toFixed(0)} ms):`, ...lines].join('\n');
}

if (enabled) process.on('exit', () => process.stderr.write(`${formatTimings()}\n`));
