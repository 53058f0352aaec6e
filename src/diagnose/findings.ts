// What analysis produces: findings ranked by severity, each with hosts, cause, fix and collapsed evidence.
import type { Severity } from './rules.js';
import type { LineCounts } from './unexplained.js';

export interface EvidenceLine {
  host: string;
  /** file the line came from (`lb-host-1.log`, `ip-addr-lb-host-1.txt`, …) */
  source: string;
  line?: number;
  /** first occurrence's timestamp as written in the log */
  time?: string;
  /** last occurrence's timestamp when the line repeats */
  lastTime?: string;
  text: string;
  /** identical lines collapsed into one */
  count: number;
  /** for unexplained lines keepalived's source prints: the newest catalogued version and its file:line */
  known?: string;
}

export interface Finding {
  rule: string;
  title: string;
  severity: Severity;
  hosts: string[];
  cause: string;
  fix: string[];
  evidence: EvidenceLine[];
  /** false when a log wording that matched was not reproduced with a real keepalived */
  verified: boolean;
  /** for a consequence (split brain, members differ, no VIP, flapping): the findings on its hosts that explain it */
  causedBy?: string[];
}

export interface Diagnosis {
  verdict: 'healthy' | 'problems' | 'warnings';
  findings: Finding[];
  /** what could not be checked (missing tools, config test unavailable, unreachable hosts) */
  notes: string[];
  hosts: string[];
  unreachable: { host: string; reason: string }[];
  /** keepalived lines no finding explains and that are not normal operation: always shown, never dropped */
  unexplained: EvidenceLine[];
  /** per host: how many lines were read and what became of each */
  lines: LineCounts[];
  /** what was seen: per cluster who holds each VIP since when, the last state changes and why, what was read */
  summary: string[];
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1 };

/** Findings that are what other findings cause: ranked after their causes and linked to them. */
const CONSEQUENCES = new Set([
  'split-brain',
  'members-differ',
  'vip-missing',
  'flapping',
  'rp-filter-strict',
]);

export function rankFindings(findings: Finding[]): Finding[] {
  const total = (f: Finding): number => f.evidence.reduce((n, e) => n + e.count, 0);
  for (const f of findings) {
    if (!CONSEQUENCES.has(f.rule)) continue;
    const causes = findings
      .filter((x) => x !== f && !CONSEQUENCES.has(x.rule) && x.hosts.some((h) => f.hosts.includes(h)))
      .map((x) => x.rule);
    if (causes.length > 0) f.causedBy = causes;
  }
  const consequence = (f: Finding): number => (f.causedBy ? 1 : 0);
  return [...findings].sort(
    (a, b) =>
      consequence(a) - consequence(b) ||
      ORDER[a.severity] - ORDER[b.severity] ||
      b.hosts.length - a.hosts.length ||
      total(b) - total(a) ||
      a.rule.localeCompare(b.rule),
  );
}

/** Identical lines from one host and source become one line with a count (first and last time kept). */
export function collapseEvidence(lines: EvidenceLine[]): EvidenceLine[] {
  const out: EvidenceLine[] = [];
  const byKey = new Map<string, EvidenceLine>();
  for (const l of lines) {
    const key = `${l.host}\0${l.source}\0${l.text}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.count += l.count;
      if (l.time !== undefined) seen.lastTime = l.time;
      continue;
    }
    const copy = { ...l };
    byKey.set(key, copy);
    out.push(copy);
  }
  // in the order they were written: host, file, line
  return out.sort(
    (a, b) =>
      a.host.localeCompare(b.host) || a.source.localeCompare(b.source) || (a.line ?? 0) - (b.line ?? 0),
  );
}
