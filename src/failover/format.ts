// failover-test output: a readable time line per run, min/median/max over --count runs, JSON and JUnit views.
import type { JUnitSuite } from '../report/junit.js';
import type { Style } from '../report/style.js';
import type { FailoverRun } from './run.js';
import { spread, type Spread } from './timeline.js';

const s3 = (ms: number): string => `${ms >= 0 ? '+' : ''}${(ms / 1000).toFixed(3)} s`;
const msText = (ms: number | undefined): string => (ms === undefined ? 'n/a' : `${Math.round(ms)} ms`);

export function formatRun(run: FailoverRun, style: Style, index?: string): string {
  const out: string[] = [];
  out.push(
    `${style.bold(run.cluster)}  mode ${run.mode}${index ? `  run ${index}` : ''}  ${run.ok ? style.ok('OK') : style.failed('FAILED')}`,
  );
  out.push(`  master ${run.master} → expected ${run.expectedTaker}`);
  // One time line in time order: the action, the address events, and the restore.
  const lines: [number, string][] = [[0, `${run.master.padEnd(12)} ${run.mode}`]];
  for (const e of run.events) {
    if (run.restoredAtMs !== undefined && Math.abs(e.atMs - run.restoredAtMs) < 0.5) continue;
    lines.push([e.relMs, `${e.host.padEnd(12)} ${e.kind === 'add' ? 'took' : 'released'} ${e.address}`]);
  }
  if (run.restoredAtMs !== undefined) {
    const at = run.restoredAtMs - run.actedAtMs;
    lines.push([at, `${run.master.padEnd(12)} restore (undo ${run.mode}, start keepalived)`]);
  }
  for (const [at, text] of lines.sort((a, b) => a[0] - b[0])) out.push(`  ${s3(at)}  ${text}`);
  const verdict =
    run.takeoverMs !== undefined && run.takeoverMs <= run.boundMs + run.toleranceMs
      ? style.ok('within')
      : style.failed('OVER');
  out.push(
    `  takeover ${msText(run.takeoverMs)}  bound ${run.boundMs} ms (${run.boundFormula}) + tolerance ${run.toleranceMs} ms: ${verdict}`,
  );
  out.push(
    `  gap (no holder) ${msText(run.gapMs)}  overlap (two holders) ${msText(run.overlapMs)}${run.splitBrain ? style.changed('  SPLIT BRAIN') : ''}`,
  );
  if (run.probeOutageMs !== undefined)
    out.push(`  client-visible outage (ICMP every 10 ms): ${msText(run.probeOutageMs)}`);
  if (run.returned) out.push(`  return: ${run.returned.message}`);
  const skewed = run.clockOffsets.filter((o) => o.offsetMs !== 0);
  if (skewed.length > 0)
    out.push(
      `  clock offsets corrected: ${skewed.map((o) => `${o.host} ${Math.round(o.offsetMs)} ms ±${Math.round(o.uncertaintyMs)}`).join(', ')}`,
    );
  out.push(
    `  dead man's switch: ${run.deadman.how}, ${run.deadman.armedSeconds} s, ${run.deadman.disarmed ? 'disarmed' : style.failed('NOT disarmed')}`,
  );
  for (const n of run.notes) out.push(`  note: ${n}`);
  for (const p of run.problems) out.push(`  ${style.failed('problem')}: ${p}`);
  out.push(`  wall time ${(run.wallMs / 1000).toFixed(1)} s`);
  return out.join('\n');
}

export interface RunSummary {
  cluster: string;
  mode: string;
  runs: number;
  failed: number;
  takeoverMs?: Spread;
  gapMs?: Spread;
  overlapMs?: Spread;
  returnMs?: Spread;
  probeOutageMs?: Spread;
  boundMs: number;
}

export function summarize(runs: FailoverRun[]): RunSummary {
  return {
    cluster: runs[0]?.cluster ?? '',
    mode: runs[0]?.mode ?? '',
    runs: runs.length,
    failed: runs.filter((r) => !r.ok).length,
    takeoverMs: spread(runs.map((r) => r.takeoverMs)),
    gapMs: spread(runs.map((r) => r.gapMs)),
    overlapMs: spread(runs.map((r) => r.overlapMs)),
    returnMs: spread(runs.map((r) => r.returned?.returnMs)),
    probeOutageMs: spread(runs.map((r) => r.probeOutageMs)),
    boundMs: runs[0]?.boundMs ?? 0,
  };
}

export function formatSummary(s: RunSummary): string {
  const row = (label: string, v?: Spread): string =>
    v
      ? `  ${label.padEnd(16)} min ${Math.round(v.min)} ms  median ${Math.round(v.median)} ms  max ${Math.round(v.max)} ms  (n=${v.n})`
      : `  ${label.padEnd(16)} n/a`;
  return [
    `${s.cluster}  mode ${s.mode}: ${s.runs} runs, ${s.failed} failed, bound ${s.boundMs} ms`,
    row('takeover', s.takeoverMs),
    row('gap', s.gapMs),
    row('overlap', s.overlapMs),
    row('return', s.returnMs),
    ...(s.probeOutageMs ? [row('client outage', s.probeOutageMs)] : []),
  ].join('\n');
}

export function runsToJUnit(runs: FailoverRun[]): JUnitSuite[] {
  const byCluster = new Map<string, FailoverRun[]>();
  for (const r of runs) byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r]);
  return [...byCluster.entries()].map(([cluster, rs]) => ({
    name: `failover-test ${cluster}`,
    timeMs: rs.reduce((n, r) => n + r.wallMs, 0),
    cases: rs.map((r, i) => ({
      name: `${r.mode} run ${i + 1}: takeover ${msText(r.takeoverMs)} (bound ${r.boundMs} ms)`,
      classname: `vipctl.failover.${cluster}`,
      status: r.ok ? ('pass' as const) : ('fail' as const),
      message: r.problems.join('; ') || undefined,
      details: JSON.stringify({
        takeoverMs: r.takeoverMs,
        gapMs: r.gapMs,
        overlapMs: r.overlapMs,
        returned: r.returned?.message,
        notes: r.notes,
      }),
      timeMs: r.wallMs,
    })),
  }));
}
