// No keepalived line is ever dropped from a diagnosis: each line of the latest run's log and of `keepalived -t`
// is explained by a finding, known as normal operation (messages/benign.ts), or listed as unexplained.
import type { HostView } from './context.js';
import { collapseEvidence, type EvidenceLine, type Finding } from './findings.js';
import type { LogEntry } from './log-parse.js';
import { classifyLine } from './messages/classify.js';
import { keepalivedVersion } from './rules.js';

export interface LineCounts {
  host: string;
  /** lines of the latest run and of keepalived -t */
  lines: number;
  explained: number;
  benign: number;
  unexplained: number;
  /** lines before keepalived's last start or reload (an older run: not analysed) */
  history: number;
}

/** keepalived re-reads its config at each start and reload: older messages describe an older file or process. */
const START = /^Starting Keepalived v\d|^Reloading\b/;

export function lastStartIndex(entries: LogEntry[]): number {
  let start = 0;
  entries.forEach((e, i) => {
    if (START.test(e.message)) start = i;
  });
  return start;
}

export function sinceLastStart(entries: LogEntry[]): LogEntry[] {
  return entries.slice(lastStartIndex(entries));
}

function isExplained(e: LogEntry, host: string, findings: Finding[]): boolean {
  return findings.some(
    (f) =>
      f.hosts.includes(host) &&
      f.evidence.some(
        (x) =>
          x.host === host &&
          x.source === e.source &&
          (x.line === undefined || e.line === undefined || x.line === e.line || x.text === e.message) &&
          (x.text === e.message || x.text.endsWith(e.message) || e.message.endsWith(x.text)),
      ),
  );
}

export function unexplainedLines(
  hosts: HostView[],
  findings: Finding[],
): { lines: EvidenceLine[]; counts: LineCounts[] } {
  const lines: EvidenceLine[] = [];
  const counts: LineCounts[] = [];
  for (const h of hosts) {
    const host = h.ev.host;
    const start = lastStartIndex(h.log);
    const pool = [...h.log.slice(start), ...h.configTest];
    const c: LineCounts = {
      host,
      lines: pool.length,
      explained: 0,
      benign: 0,
      unexplained: 0,
      history: start,
    };
    const own = keepalivedVersion(h.ev.facts.version);
    for (const e of pool) {
      if (isExplained(e, host, findings)) {
        c.explained++;
        continue;
      }
      const cls = classifyLine(e, own);
      if (cls.benign !== undefined) {
        c.benign++;
        continue;
      }
      c.unexplained++;
      // where the host's own keepalived version prints it, else the newest catalogued version that does
      const sites = cls.message ? Object.entries(cls.message.sites) : [];
      const at = sites.find(([v]) => v === own) ?? sites[sites.length - 1];
      const site = at ? `${at[0]} ${at[1]}` : undefined;
      lines.push({
        host,
        source: e.source,
        line: e.line,
        time: e.time,
        text: e.message,
        count: 1,
        ...(site ? { known: `keepalived ${site}` } : {}),
      });
    }
    counts.push(c);
  }
  return { lines: collapseEvidence(lines), counts };
}
