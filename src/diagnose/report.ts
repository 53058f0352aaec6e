// The diagnosis as text for a person (TTY or plain) and as one JSON document.
import { countedNames } from '../report/host-list.js';
import { SCHEMA_VERSION } from '../report/schema-version.js';
import { makeStyle } from '../report/style.js';
import type { Diagnosis, EvidenceLine, Finding } from './findings.js';
import { terminalSafe as t } from './terminal-text.js';

function evidenceLine(e: EvidenceLine): string {
  const when = e.time
    ? e.count > 1 && e.lastTime && e.lastTime !== e.time
      ? `${e.time} … ${e.lastTime} `
      : `${e.time} `
    : '';
  const times = e.count > 1 ? ` (×${e.count})` : '';
  return t(`${e.host}  ${when}${e.text}${times}   [${e.source}${e.line !== undefined ? `:${e.line}` : ''}]`);
}

/** a terminal shows this many distinct unexplained lines, says how many more, and --json has them all */
export const MAX_UNEXPLAINED_SHOWN = 100;

/** without -v, "seen:" describes this many clusters in full; the rest are counted (see seenLines) */
export const MAX_CLUSTERS_SEEN = 10;

/**
 * Notes of the form "HOST: text" told once per text with the hosts it concerns ("100 hosts (lb-host-[1-100]): no
 * keepalived log lines in the window"); others as they are. Order: first appearance.
 */
export function groupNotes(notes: string[], hosts: string[]): string[] {
  const known = new Set(hosts);
  const groups = new Map<string, string[]>();
  const out: (string | { text: string })[] = [];
  for (const n of notes) {
    const i = n.indexOf(': ');
    const host = i > 0 ? n.slice(0, i) : '';
    if (!known.has(host)) {
      out.push(n);
      continue;
    }
    const text = n.slice(i + 2);
    const g = groups.get(text);
    if (g) g.push(host);
    else {
      groups.set(text, [host]);
      out.push({ text });
    }
  }
  return out.map((o) => {
    if (typeof o === 'string') return o;
    const on = groups.get(o.text)!;
    return `${on.length === 1 ? on[0] : countedNames(on, 'host')}: ${o.text}`;
  });
}

/**
 * "seen:" at fleet scale: every cluster whose story has more than its holders (a recent state change) or
 * that a finding names, up to MAX_CLUSTERS_SEEN; the quiet rest counted. The "checked:" line always stays.
 */
export function seenLines(summary: string[], findingHosts: Set<string>): string[] {
  const blocks: string[][] = [];
  const trailer: string[] = [];
  for (const line of summary) {
    if (line.startsWith('checked: ')) trailer.push(line);
    else if (line.startsWith('  ') && blocks.length > 0) blocks[blocks.length - 1]!.push(line);
    else blocks.push([line]);
  }
  if (blocks.length <= MAX_CLUSTERS_SEEN) return summary;
  const names = (b: string[]): boolean => b[0]!.split(/[\s;:,]+/).some((w) => findingHosts.has(w));
  const telling = blocks.filter((b) => b.length > 1 || names(b)).slice(0, MAX_CLUSTERS_SEEN);
  const quiet = blocks.length - telling.length;
  return [
    ...telling.flat(),
    `${telling.length > 0 ? '… and ' : ''}${quiet} ${telling.length > 0 ? 'more ' : ''}cluster${quiet === 1 ? '' : 's'} with no state change logged in the window (-v or --json describes each)`,
    ...trailer,
  ];
}

export function formatDiagnosis(d: Diagnosis, color: boolean, verbose = true): string {
  const s = makeStyle(color);
  const out: string[] = [];
  const checked = t(
    verbose
      ? `${d.hosts.length} host${d.hosts.length === 1 ? '' : 's'} (${d.hosts.join(', ')})`
      : countedNames(d.hosts, 'host'),
  );
  for (const u of d.unreachable) {
    // connection errors already start with the host's name
    const reason = u.reason.startsWith(`${u.host}: `) ? u.reason.slice(u.host.length + 2) : u.reason;
    out.push(s.failed(t(`UNREACHABLE ${u.host}: ${reason}`)));
  }
  if (d.findings.length === 0 && d.unexplained.length > 0) {
    out.push(`no findings, but keepalived printed lines no rule explains, on ${checked}`);
  } else if (d.findings.length === 0) {
    out.push(
      d.unreachable.length > 0
        ? d.hosts.length === 0
          ? 'nothing checked: no host could be reached'
          : `no findings on the reachable hosts: ${checked}`
        : s.ok(`healthy: no findings on ${checked}`),
    );
  } else {
    const errors = d.findings.filter((f) => f.severity === 'error').length;
    out.push(
      `${d.findings.length} finding${d.findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}) on ${checked}`,
    );
    d.findings.forEach((f, i) => out.push('', ...formatFinding(f, i + 1, s)));
  }
  if (d.unexplained.length > 0) {
    const n = d.unexplained.reduce((a, e) => a + e.count, 0);
    out.push(
      '',
      s.changed(
        `unexplained: ${n} keepalived line${n === 1 ? '' : 's'} no rule explains (shown so that nothing is hidden):`,
      ),
      ...d.unexplained
        .slice(0, MAX_UNEXPLAINED_SHOWN)
        .map((e) => `     ${evidenceLine(e)}${e.known ? `   (${t(e.known)})` : ''}`),
      ...(d.unexplained.length > MAX_UNEXPLAINED_SHOWN
        ? [
            `     … ${d.unexplained.length - MAX_UNEXPLAINED_SHOWN} more distinct lines: --json lists every one`,
          ]
        : []),
    );
  }
  const seen = verbose ? d.summary : seenLines(d.summary, new Set(d.findings.flatMap((f) => f.hosts)));
  const notes = verbose ? d.notes : groupNotes(d.notes, d.hosts);
  if (seen.length > 0) out.push('', 'seen:', ...seen.map((l) => `  ${t(l)}`));
  if (notes.length > 0) out.push('', 'not checked:', ...notes.map((n) => `  - ${t(n)}`));
  return out.join('\n');
}

function formatFinding(f: Finding, n: number, s: ReturnType<typeof makeStyle>): string[] {
  const sev = f.severity === 'error' ? s.failed('ERROR') : s.changed('WARNING');
  return [
    s.bold(`${n}. ${sev} ${f.title} [${f.rule}] — ${t(f.hosts.join(', '))}`),
    `   cause: ${t(f.cause)}`,
    ...(f.causedBy ? [`   caused by: ${f.causedBy.join(', ')} (above)`] : []),
    '   fix:',
    ...f.fix.flatMap((x) => x.split('\n').map((l, i) => `     ${i === 0 ? '- ' : '  '}${t(l)}`)),
    '   evidence:',
    ...f.evidence.map((e) => `     ${evidenceLine(e)}`),
    ...(f.verified
      ? []
      : [
          '   note: this wording is known from keepalived’s source or the runbook, not reproduced on keepalived 2.2.7 here',
        ]),
  ];
}

export function diagnosisJson(d: Diagnosis): string {
  return JSON.stringify({ schemaVersion: SCHEMA_VERSION, ...d }, null, 2);
}
