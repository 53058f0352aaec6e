import { describe, expect, it } from 'vitest';
import { makeStyle } from '../../../src/report/style.js';
import { formatVerdicts, formatVerdictsSummary, verdictCounts } from '../../../src/verify/format.js';
import type { Check, ClusterVerdict } from '../../../src/verify/model.js';

const plain = makeStyle(false);

function verdict(i: number, adverts: Check, extra: Check[] = []): ClusterVerdict {
  const vip = `10.10.10.${i + 1}`;
  const checks: Check[] = [
    { name: `vip ${vip}`, status: 'pass', message: `held by lb-host-${2 * i + 1}` },
    { name: `service lb-host-${2 * i + 1}`, status: 'pass', message: 'keepalived active and enabled' },
    { name: `service lb-host-${2 * i + 2}`, status: 'pass', message: 'keepalived active and enabled' },
    adverts,
    ...extra,
  ];
  return {
    cluster: `cluster-lb-${i + 1}`,
    ok: checks.every((c) => c.status !== 'fail'),
    holders: { [vip]: [`lb-host-${2 * i + 1}`] },
    checks,
  };
}

const seen = (i: number): Check => ({ name: `adverts vrid ${51 + i}`, status: 'pass', message: '5 adverts' });
const skipped = (i: number): Check => ({
  name: `adverts vrid ${51 + i}`,
  status: 'warn',
  message: 'not checked (capture skipped)',
});

describe('verify output at fleet scale', () => {
  it('50 healthy clusters: one line by default, every check with -v', () => {
    const verdicts = Array.from({ length: 50 }, (_, i) => verdict(i, seen(i)));
    expect(formatVerdictsSummary(verdicts, plain)).toBe('50 clusters OK');
    expect(formatVerdicts(verdicts, plain).split('\n').length).toBeGreaterThan(300);
  });

  it('problems first, in full; then each distinct warning once; then one count per state', () => {
    const verdicts = Array.from({ length: 50 }, (_, i) => verdict(i, skipped(i)));
    verdicts[7] = verdict(7, skipped(7), [
      { name: 'service lb-host-16', status: 'fail', message: 'keepalived not active' },
    ]);
    verdicts[9] = verdict(9, {
      name: 'adverts vrid 60',
      status: 'warn',
      message: 'capture unavailable (tcpdump not installed)',
    });
    const lines = formatVerdictsSummary(verdicts, plain).split('\n');
    expect(lines[0]).toBe('cluster-lb-8  FAILED');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}service lb-host-16\s+FAIL\s+keepalived not active$/),
    );
    // the failing cluster keeps its passing checks: context for the failure
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}vip 10\.10\.10\.8\s+ok\s+held by lb-host-15$/));
    expect(lines.slice(-5, -1)).toEqual([
      'warnings:',
      '  warn  48 clusters (cluster-lb-[1-7,9,11-50]): adverts: not checked (capture skipped)',
      '  warn  cluster-lb-10: adverts: capture unavailable (tcpdump not installed)',
      '',
    ]);
    expect(lines.at(-1)).toBe('49 clusters OK with warnings · 1 cluster FAILED');
    expect(lines.length).toBeLessThan(20);
  });

  it('counts name every state present and only those', () => {
    expect(verdictCounts([], plain)).toBe('0 clusters OK');
    expect(verdictCounts([verdict(0, seen(0)), verdict(1, skipped(1))], plain)).toBe(
      '1 cluster OK · 1 cluster OK with warnings',
    );
  });
});
