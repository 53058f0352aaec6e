// verify output: a per-cluster table for people (summarised at fleet scale), one JSON document for programs.
import { compactNames } from '../report/host-list.js';
import { SCHEMA_VERSION } from '../report/schema-version.js';
import type { Style } from '../report/style.js';
import type { Check, ClusterVerdict } from './model.js';

const MARKS = { pass: 'ok', fail: 'FAIL', warn: 'warn' } as const;

/** `brief`: a passing cluster is one line (its VIPs and holders); failing ones keep every check. */
export function formatVerdicts(
  verdicts: ClusterVerdict[],
  style: Style,
  showDiff = true,
  brief = false,
): string {
  const out: string[] = [];
  for (const v of verdicts) {
    if (brief && v.ok) {
      const held = Object.entries(v.holders).map(([vip, h]) => `${vip} on ${h.join(', ')}`);
      out.push(`${style.bold(v.cluster)}  ${style.ok('OK')}  ${held.join('; ')}`);
      continue;
    }
    out.push(`${style.bold(v.cluster)}  ${v.ok ? style.ok('OK') : style.failed('FAILED')}`);
    const width = Math.max(...v.checks.map((c) => c.name.length));
    for (const c of v.checks) {
      const paint = c.status === 'pass' ? style.ok : c.status === 'fail' ? style.failed : style.changed;
      out.push(`  ${c.name.padEnd(width)}  ${paint(MARKS[c.status].padEnd(4))}  ${c.message}`);
      if (showDiff && c.diff) out.push(c.diff.replace(/^/gm, '      ').trimEnd());
    }
    if (!brief) out.push('');
  }
  if (brief) out.push('');
  const failed = verdicts.filter((v) => !v.ok).length;
  out.push(
    failed === 0
      ? `${verdicts.length} cluster(s) verified`
      : `${failed} of ${verdicts.length} cluster(s) failed verification`,
  );
  return out.join('\n');
}

/** A cluster's state in the summary line. */
function stateOf(v: ClusterVerdict): 'FAILED' | 'warn' | 'OK' {
  return !v.ok ? 'FAILED' : v.checks.some((c) => c.status === 'warn') ? 'warn' : 'OK';
}

/** "48 clusters OK · 2 with warnings · 1 FAILED": one count per state, problems last so the eye lands on them. */
export function verdictCounts(verdicts: ClusterVerdict[], style: Style): string {
  const n = { OK: 0, warn: 0, FAILED: 0 };
  for (const v of verdicts) n[stateOf(v)]++;
  const clusters = (k: number): string => `${k} cluster${k === 1 ? '' : 's'}`;
  const parts = [
    n.OK > 0 || verdicts.length === 0 ? style.ok(`${clusters(n.OK)} OK`) : undefined,
    n.warn > 0 ? style.changed(`${clusters(n.warn)} OK with warnings`) : undefined,
    n.FAILED > 0 ? style.failed(`${clusters(n.FAILED)} FAILED`) : undefined,
  ];
  return parts.filter((p): p is string => p !== undefined).join(' · ');
}

/** The kind of a check ("adverts vrid 51" → "adverts"): warnings of one kind and wording are told once. */
function kindOf(check: Check): string {
  return check.name.split(' ')[0]!;
}

/**
 * The default verify output, readable at 100 clusters: failing clusters first with every check (as -v prints
 * them), then each distinct warning once with the clusters it concerns, then one line counting each state.
 */
export function formatVerdictsSummary(verdicts: ClusterVerdict[], style: Style, showDiff = true): string {
  const failed = verdicts.filter((v) => !v.ok);
  const out: string[] = [];
  if (failed.length > 0)
    out.push(formatVerdicts(failed, style, showDiff).split('\n').slice(0, -1).join('\n'));
  const warnings = new Map<string, { check: Check; clusters: string[] }>();
  for (const v of verdicts.filter((x) => x.ok)) {
    for (const c of v.checks.filter((x) => x.status === 'warn')) {
      const key = `${kindOf(c)}\u0000${c.message}`;
      const w = warnings.get(key);
      if (w) w.clusters.push(v.cluster);
      else warnings.set(key, { check: c, clusters: [v.cluster] });
    }
  }
  if (warnings.size > 0) {
    out.push('warnings:');
    for (const { check, clusters } of warnings.values()) {
      const which =
        clusters.length === 1 ? clusters[0]! : `${clusters.length} clusters (${compactNames(clusters)})`;
      out.push(`  ${style.changed('warn')}  ${which}: ${kindOf(check)}: ${check.message}`);
    }
    out.push('');
  }
  out.push(verdictCounts(verdicts, style));
  return out.join('\n');
}

export function verdictsJson(verdicts: ClusterVerdict[]): string {
  return JSON.stringify(
    { schemaVersion: SCHEMA_VERSION, ok: verdicts.every((v) => v.ok), clusters: verdicts },
    null,
    2,
  );
}
