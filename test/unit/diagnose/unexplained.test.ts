// No keepalived line is hidden: each is explained by a finding, normal operation, or listed as unexplained —
// for every message keepalived's source can print (the catalog), in text and in --json.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import type { Bundle } from '../../../src/diagnose/evidence.js';
import { CATALOG } from '../../../src/diagnose/messages/catalog.js';
import { classifyMessage, coverage, VRRP_AND_PARSER } from '../../../src/diagnose/messages/coverage.js';
import { sampleLine } from '../../../src/diagnose/messages/sample.js';
import { diagnosisJson, formatDiagnosis } from '../../../src/diagnose/report.js';
import { host, read } from './recorded.js';

const one = (log: string, configTest?: string): Bundle => ({
  hosts: [host('lb1', { log, ...(configTest !== undefined ? { configTest } : {}) })],
  unreachable: [],
});
const J = (msg: string, n = 1): string =>
  `2026-11-25T08:40:${String(10 + n).padStart(2, '0')}+0000 lb1 Keepalived_vrrp[777]: ${msg}\n`;

describe('unexplained lines', () => {
  it('a line no rule explains is listed beside the findings, in text and JSON', () => {
    const log =
      J('Starting Keepalived v2.2.7 (01/16,2022)', 0) +
      J('(VI_1) received an invalid passwd!', 1) +
      J('(VI_1) In dispatcher_read with state 7', 2);
    const d = analyze(one(log));
    expect(d.findings.map((f) => f.rule)).toEqual(['auth-password-mismatch']);
    expect(d.unexplained.map((e) => e.text)).toEqual(['(VI_1) In dispatcher_read with state 7']);
    expect(d.unexplained[0]!.known).toMatch(/^keepalived 2\.\d\.\d keepalived\/vrrp\/vrrp\w*\.c:\d+$/);
    expect(d.lines).toEqual([{ host: 'lb1', lines: 3, explained: 1, benign: 1, unexplained: 1, history: 0 }]);
    expect(formatDiagnosis(d, false)).toMatch(/unexplained: 1 keepalived line .*\n.*In dispatcher_read/);
    expect(JSON.parse(diagnosisJson(d)).unexplained[0].text).toContain('In dispatcher_read');
  });

  it('keepalived -t: a line a rule explains does not hide its neighbours', () => {
    const ct = [
      "(/etc/keepalived/keepalived.conf: Line 9) Unknown keyword 'frobnicate'",
      '(/etc/keepalived/keepalived.conf: Line 12) something keepalived 9.9 might print',
      'exit 1',
    ].join('\n');
    const d = analyze(one('', ct));
    expect(d.findings.map((f) => f.rule)).toContain('unknown-keyword');
    expect(d.unexplained.map((e) => e.text)).toEqual([
      '(/etc/keepalived/keepalived.conf: Line 12) something keepalived 9.9 might print',
    ]);
  });

  it('a healthy log has no unexplained line and stays healthy', () => {
    const d = analyze(one(read('pairs/healthy-h1.log')));
    expect(d.unexplained).toEqual([]);
    expect(d.verdict).toBe('healthy');
  });

  it('lines before the last start are history, counted and not analysed', () => {
    const log =
      J('Starting Keepalived v2.2.7 (01/16,2022)', 0) +
      J('(VI_1) In dispatcher_read with state 7', 1) +
      J('Starting Keepalived v2.2.7 (01/16,2022)', 2);
    const d = analyze(one(log));
    expect(d.unexplained).toEqual([]);
    expect(d.lines[0]!.history).toBe(2);
  });
});

describe('every message in keepalived’s source surfaces', () => {
  const v227 = CATALOG.filter((m) => m.sites['2.2.7'] !== undefined);

  it('the catalog holds the formats of 1.3.5, 2.1.5, 2.2.7 and 2.3.3 with file:line per version', () => {
    expect(v227.length).toBeGreaterThan(1000);
    for (const v of ['1.3.5', '2.1.5', '2.3.3'])
      expect(CATALOG.filter((m) => m.sites[v] !== undefined).length).toBeGreaterThan(500);
    expect(CATALOG.find((m) => m.format === '(%s) received an invalid passwd!')?.sites['2.2.7']).toMatch(
      /^keepalived\/vrrp\/vrrp\w*\.c:\d+$/,
    );
  });

  it('each 2.2.7 message, fed through the analyzer as a log line, is explained, benign or listed', () => {
    let hidden = 0;
    for (const m of v227) {
      const text = sampleLine(m.format).trim(); // log lines reach the analyzer trimmed
      if (text.includes('\n')) continue; // a multi-line dump: each of its lines is a log line of its own
      const d = analyze(one(J(text)));
      const c = d.lines[0]!;
      const shown =
        d.findings.some((f) => f.evidence.some((e) => e.text === text)) ||
        d.unexplained.some((e) => e.text === text);
      const cls = classifyMessage(m);
      if (c.lines !== 1 || (cls.kind !== 'benign' && !shown) || c.explained + c.benign + c.unexplained !== 1)
        hidden++;
    }
    expect(hidden).toBe(0);
  });

  it('coverage figures (docs/diagnose.md): rules explain the VRRP/parser messages they claim', () => {
    const figures = coverage((_, site) => VRRP_AND_PARSER.test(site));
    const v = figures.find((f) => f.version === '2.2.7')!;
    console.log(
      figures
        .map(
          (f) =>
            `${f.version}: ${f.messages} messages, ${f.byRule} by a rule (${f.byRecordedRule} recorded), ${f.benign} benign, ${f.unexplained} shown as unexplained`,
        )
        .join('\n'),
    );
    expect(v.messages).toBe(v.byRule + v.benign + v.unexplained);
    expect(v.byRule).toBeGreaterThanOrEqual(100);
    expect(v.benign).toBeGreaterThanOrEqual(40);
  });
});

describe('the host’s keepalived version', () => {
  it('names where its own version prints an unexplained line', () => {
    const log = J('(VI_1) In dispatcher_read with state 7', 1);
    const b = one(log);
    b.hosts[0]!.facts.version = 'Keepalived v2.1.5 (07/13,2020)';
    expect(analyze(b).unexplained[0]!.known).toMatch(/^keepalived 2\.1\.5 keepalived\/vrrp\/vrrp\w*\.c:\d+$/);
  });
});

describe('a flood of unexplained lines', () => {
  it('the terminal shows the first 100 and the count of the rest; --json keeps every one', () => {
    const log = Array.from({ length: 150 }, (_, i) => J(`something unknown number ${i}`, i % 50)).join('');
    const d = analyze(one(log));
    expect(d.unexplained).toHaveLength(150);
    const text = formatDiagnosis(d, false);
    expect(text).toContain('unexplained: 150 keepalived lines');
    expect(text).toContain('… 50 more distinct lines: --json lists every one');
    expect(JSON.parse(diagnosisJson(d)).unexplained).toHaveLength(150);
  });
});
