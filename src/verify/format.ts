// verify output: a per-cluster table for people, one JSON document for programs.
import { SCHEMA_VERSION } from '../report/schema-version.js';
import type { Style } from '../report/style.js';
import type { ClusterVerdict } from './model.js';

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

export function verdictsJson(verdicts: ClusterVerdict[]): string {
  return JSON.stringify(
    { schemaVersion: SCHEMA_VERSION, ok: verdicts.every((v) => v.ok), clusters: verdicts },
    null,
    2,
  );
}
