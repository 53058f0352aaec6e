// Analysis: every rule against the evidence, repeats collapsed, general findings folded into specific ones,
// ranked. The same code runs live and on saved bundles.
import { buildContext, type ClusterExpectation, type HostView } from './context.js';
import type { Bundle } from './evidence.js';
import { FACT_CHECKS, type Hit } from './fact-checks.js';
import {
  collapseEvidence,
  rankFindings,
  type Diagnosis,
  type EvidenceLine,
  type Finding,
} from './findings.js';
import { RULES, keepalivedVersion, wordingVerified, type Rule } from './rules.js';
import { sinceRejected } from './since.js';
import { describeState } from './summary.js';
import { sinceLastStart, unexplainedLines } from './unexplained.js';

interface RuleHit extends Hit {
  verified: boolean;
}

/** the wordings of specific rules: a general rule leaves their lines to them */
const SPECIFIC = RULES.filter((r) => !r.general).flatMap((r) => r.log ?? []);

function logHits(rule: Rule, hosts: HostView[]): RuleHit[] {
  const patterns = rule.log ?? [];
  if (patterns.length === 0) return [];
  return hosts.flatMap((h) => {
    // what an earlier run of keepalived said is history: a restart re-prints what still holds
    const pool = [...sinceLastStart(h.log), ...h.configTest];
    const version = keepalivedVersion(h.ev.facts.version);
    let verified = true;
    const evidence: EvidenceLine[] = [];
    for (const e of pool) {
      const p = patterns.find((x) => x.pattern.test(e.message));
      if (!p) continue;
      if (rule.general && SPECIFIC.some((x) => x.pattern.test(e.message))) continue;
      verified &&= wordingVerified(p, version);
      evidence.push({
        host: h.ev.host,
        source: e.source,
        line: e.line,
        time: e.time,
        text: e.message,
        count: 1,
      });
    }
    return evidence.length > 0 ? [{ hosts: [h.ev.host], evidence, vars: varsFrom(evidence), verified }] : [];
  });
}

/** Values for the cause sentence, read from the matched lines themselves. */
function varsFrom(evidence: EvidenceLine[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const e of evidence) {
    const iface = /interface (\S+) for vrrp_instance/.exec(e.text)?.[1];
    if (iface) vars.interface = iface;
  }
  return vars;
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\{(\w+)\}/g,
    (whole, key: string) => vars[key] ?? (key === 'interface' ? 'the interface' : whole),
  );
}

function findingFor(rule: Rule, hits: RuleHit[]): Finding | undefined {
  if (hits.length === 0) return undefined;
  const vars = Object.assign({}, ...hits.map((h) => h.vars)) as Record<string, string>;
  return {
    rule: rule.id,
    title: rule.title,
    severity: rule.severity,
    hosts: [...new Set(hits.flatMap((h) => h.hosts))],
    cause: fill(rule.cause, vars),
    fix: rule.fix.map((f) => fill(f, vars)),
    evidence: collapseEvidence(hits.flatMap((h) => h.evidence)),
    verified: hits.every((h) => h.verified),
  };
}

/** A general finding on a host where a more specific one fired becomes evidence of the specific one. */
function fold(findings: Finding[]): Finding[] {
  const byRule = new Map(findings.map((f) => [f.rule, f]));
  for (const f of findings) {
    const rule = RULES.find((r) => r.id === f.rule);
    for (const host of [...f.hosts]) {
      const target = rule?.explainedBy
        ?.map((id) => byRule.get(id))
        .find((t) => t !== undefined && t !== f && t.hosts.includes(host));
      if (!target) continue;
      target.evidence = collapseEvidence([...target.evidence, ...f.evidence.filter((e) => e.host === host)]);
      f.evidence = f.evidence.filter((e) => e.host !== host);
      f.hosts = f.hosts.filter((h) => h !== host);
    }
  }
  return findings.filter((f) => f.hosts.length > 0);
}

export interface AnalyzeOptions {
  expectations?: ClusterExpectation[];
}

export function analyze(bundle: Bundle, opts: AnalyzeOptions = {}): Diagnosis {
  const ctx = buildContext(bundle, opts.expectations);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const hits: RuleHit[] = logHits(rule, ctx.hosts);
    if (rule.check) {
      for (const hit of FACT_CHECKS[rule.check](ctx)) {
        // one finding per host per rule: log lines and facts about the same host join
        const same = hits.find((h) => h.hosts.join() === hit.hosts.join());
        if (same) same.evidence.push(...hit.evidence);
        else hits.push({ ...hit, verified: true });
      }
    }
    const finding = findingFor(rule, hits);
    if (finding) findings.push(finding);
  }
  // keepalived -t's generic verdict only when no specific rule already explains its lines
  const explained = new Set(
    findings
      .filter((f) => f.rule !== 'config-test-failed')
      .flatMap((f) => f.evidence.filter((e) => e.source.startsWith('config-test-')).map((e) => e.host)),
  );
  const generic = findings.find((f) => f.rule === 'config-test-failed');
  if (generic) {
    generic.hosts = generic.hosts.filter((h) => !explained.has(h));
    generic.evidence = generic.evidence.filter((e) => !explained.has(e.host));
  }
  const ranked = rankFindings(fold(findings.filter((f) => f.hosts.length > 0)));
  const unexplained = unexplainedLines(ctx.hosts, ranked);
  return {
    verdict: ranked.some((f) => f.severity === 'error')
      ? 'problems'
      : ranked.length > 0 || unexplained.lines.length > 0
        ? 'warnings'
        : 'healthy',
    findings: ranked,
    notes: [...(bundle.notes ?? []), ...notesFor(ctx.hosts)],
    hosts: bundle.hosts.map((h) => h.host),
    unreachable: bundle.unreachable,
    unexplained: unexplained.lines,
    lines: unexplained.counts,
    summary: describeState(ctx),
  };
}

function notesFor(hosts: HostView[]): string[] {
  const notes: string[] = [];
  for (const h of hosts) {
    const missing = h.ev.facts.missingTools ?? [];
    if (missing.length > 0)
      notes.push(
        `${h.ev.host}: not installed, so not checked: ${missing.join(', ')} (vipctl installs nothing here)`,
      );
    const v = keepalivedVersion(h.ev.facts.version);
    if (v !== undefined && Number(v.split('.')[0]) < 2 && !h.ev.configTest?.trim())
      notes.push(
        `${h.ev.host}: keepalived ${v} has no config test (-t came with 2.0): only its log was read`,
      );
    const ct = h.ev.configTest;
    if (ct !== undefined && (/^exit 143\s*$/m.test(ct) || /^Terminated\b/m.test(ct))) {
      notes.push(
        `${h.ev.host}: keepalived -t terminated itself (keepalived 2.2.7 with script security): config test unavailable`,
      );
    }
    const rejected = sinceRejected(h.ev.log);
    if (rejected)
      notes.push(`${h.ev.host}: journalctl refused the log window (${rejected}): no log lines read`);
    else if (h.log.length === 0 && h.ev.log !== undefined)
      notes.push(`${h.ev.host}: no keepalived log lines in the window`);
  }
  return notes;
}
