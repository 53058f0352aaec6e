import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import { diagnosisJson, formatDiagnosis } from '../../../src/diagnose/report.js';
import { host, read } from './recorded.js';

describe('report', () => {
  it('healthy: one clear line', () => {
    const d = analyze({ hosts: [host('a', { log: read('pairs/healthy-h1.log') })], unreachable: [] });
    const text = formatDiagnosis(d, false).split('\n');
    expect(text[0]).toBe('healthy: no findings on 1 host (a)');
    // and what it rests on: the state seen, what was read
    expect(text).toContain('seen:');
    expect(text).toContainEqual(expect.stringMatching(/^ {2}checked: keepalived log; \d+ log lines read$/));
  });

  it('unreachable hosts are said first and never called healthy', () => {
    const d = analyze({
      hosts: [host('a', { log: read('pairs/healthy-h1.log') })],
      unreachable: [{ host: 'b', reason: 'connect ETIMEDOUT' }],
    });
    const text = formatDiagnosis(d, false);
    expect(text.split('\n').slice(0, 2)).toEqual([
      'UNREACHABLE b: connect ETIMEDOUT',
      'no findings on the reachable hosts: 1 host (a)',
    ]);
    expect(text).not.toContain('healthy');
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

describe('the healthy verdict says what it saw', () => {
  it('who holds the VIP since when, the last changes and their cause, what was read', async () => {
    const { readBundle } = await import('../../../src/diagnose/bundle.js');
    const d = analyze(await readBundle(`${import.meta.dirname}/../../fixtures/diagnose/lab-healthy`));
    const text = formatDiagnosis(d, false);
    expect(text).toMatch(/^healthy: no findings on 3 hosts/);
    expect(text).toMatch(
      /VRID 51 \(lb-host-1, lb-host-2\): lb-host-1 MASTER since 2026-11-25T08:40:13\+0000 holds 10\.10\.10\.50\/32 on eth0; lb-host-2 BACKUP/,
    );
    expect(text).toContain('lb-host-2 became BACKUP: a member with a higher priority returned (preemption)');
    expect(text).toMatch(
      /checked: keepalived log, keepalived\.conf, keepalived -t, addresses, links, VRRP capture, firewall rules/,
    );
    expect(d.summary.length).toBeGreaterThan(3);
  });

  it('a clean failover reads as one', () => {
    // recorded: the master stopped (priority-0 advert), this backup took over, the master came back
    const d = analyze({
      hosts: [host('lb-host-2', { log: read('pairs/fault-h2.log'), config: read('configs/ok2.conf') })],
      unreachable: [],
    });
    expect(d.verdict).toBe('healthy');
    expect(d.summary.join('\n')).toMatch(
      /lb-host-2 became MASTER: the master stopped and handed over \(clean failover\)/,
    );
  });
});
