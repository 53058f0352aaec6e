// The diagnosis as text for a person (TTY or plain) and as one JSON document.
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

export function formatDiagnosis(d: Diagnosis, color: boolean): string {
  const s = makeStyle(color);
  const out: string[] = [];
  const checked = t(`${d.hosts.length} host${d.hosts.length === 1 ? '' : 's'} (${d.hosts.join(', ')})`);
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
  if (d.summary.length > 0) out.push('', 'seen:', ...d.summary.map((l) => `  ${t(l)}`));
  if (d.notes.length > 0) out.push('', 'not checked:', ...d.notes.map((n) => `  - ${t(n)}`));
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
