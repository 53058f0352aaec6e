import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import { diagnosisJson, formatDiagnosis } from '../../../src/diagnose/report.js';
import { host, read } from './recorded.js';

describe('report', () => {
  it('healthy: one clear line', () => {
    const d = analyze({ hosts: [host('a', { log: read('pairs/healthy-h1.log') })], unreachable: [] });
    expect(formatDiagnosis(d, false)).toBe('healthy: no findings on 1 host (a)');
  });

  it('unreachable hosts are said first and never called healthy', () => {
    const d = analyze({
      hosts: [host('a', { log: read('pairs/healthy-h1.log') })],
      unreachable: [{ host: 'b', reason: 'connect ETIMEDOUT' }],
    });
    const text = formatDiagnosis(d, false);
    expect(text.split('\n')).toEqual([
      'UNREACHABLE b: connect ETIMEDOUT',
      'no findings on the reachable hosts: 1 host (a)',
    ]);
  });

  it('no host reached: says nothing was checked, the host named once', () => {
    const d = analyze({
      hosts: [],
      unreachable: [{ host: 'ghost', reason: 'ghost: cannot connect: connect EHOSTUNREACH 10.10.10.99:22' }],
    });
    expect(formatDiagnosis(d, false).split('\n')).toEqual([
      'UNREACHABLE ghost: cannot connect: connect EHOSTUNREACH 10.10.10.99:22',
      'nothing checked: no host could be reached',
    ]);
  });

  it('repeated lines collapsed with a count and first…last time; JSON carries the same', () => {
    const d = analyze({ hosts: [host('lb-host-2', { log: read('pairs/advert-h2.log') })], unreachable: [] });
    const text = formatDiagnosis(d, false);
    expect(text).toMatch(
      /lb-host-2 {2}Wed Nov 25 \S+ 2026 … Wed Nov 25 \S+ 2026 \(VI_1\) advertisement interval mismatch mine=3 sec rcv'd=1 sec \(×3\) {3}\[lb-host-2\.log:\d+\]/,
    );
    const json = JSON.parse(diagnosisJson(d)) as {
      verdict: string;
      findings: { rule: string; evidence: { count: number }[] }[];
    };
    expect(json.verdict).toBe('problems');
    expect(json.findings[0]!.evidence[0]!.count).toBe(3);
  });

  it('marks findings whose wording was not reproduced on keepalived 2.2.7', () => {
    const d = analyze({
      hosts: [host('a', { log: 'Mar 28 12:30:24 a Keepalived_vrrp[1]: Unable to load ipset library\n' })],
      unreachable: [],
    });
    expect(d.findings[0]!.verified).toBe(false);
    expect(formatDiagnosis(d, false)).toContain('not reproduced on keepalived 2.2.7');
  });
});
