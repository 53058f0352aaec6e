import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../../src/diagnose/findings.js';
import { formatDiagnosis, groupNotes, MAX_CLUSTERS_SEEN, seenLines } from '../../../src/diagnose/report.js';

const hosts = Array.from({ length: 100 }, (_, i) => `lb-host-${i + 1}`);
const clusterLine = (i: number): string =>
  `cluster-lb-${i + 1} (VRID ${51 + i}, 10.10.10.${i + 2}): lb-host-${2 * i + 1} state not logged holds 10.10.10.${i + 2}/32 on eth0; lb-host-${2 * i + 2} state not logged`;

function healthy(): Diagnosis {
  return {
    verdict: 'healthy',
    findings: [],
    notes: [
      ...hosts.map((h) => `${h}: no keepalived log lines in the window`),
      'lb-host-7: keepalived -t terminated itself (keepalived 2.2.7 with script security): config test unavailable',
    ],
    hosts,
    unreachable: [],
    unexplained: [],
    lines: [],
    summary: [
      ...Array.from({ length: 50 }, (_, i) => clusterLine(i)),
      'checked: keepalived.conf, keepalived -t, addresses, links, VRRP capture',
    ],
  };
}

describe('diagnose output at fleet scale', () => {
  it('a healthy fleet of 100 hosts: the verdict folds the host list, notes are grouped, quiet clusters counted', () => {
    const lines = formatDiagnosis(healthy(), false, false).split('\n');
    expect(lines[0]).toBe('healthy: no findings on 100 hosts (lb-host-[1-100])');
    expect(lines).toContain('  - 100 hosts (lb-host-[1-100]): no keepalived log lines in the window');
    expect(lines).toContain(
      '  - lb-host-7: keepalived -t terminated itself (keepalived 2.2.7 with script security): config test unavailable',
    );
    expect(lines).toContain(
      '  50 clusters with no state change logged in the window (-v or --json describes each)',
    );
    expect(lines.length).toBeLessThanOrEqual(12);
  });

  it('-v keeps every name and every line, as before', () => {
    const text = formatDiagnosis(healthy(), false, true);
    expect(text).toContain('lb-host-99, lb-host-100)');
    expect(text.split('\n').filter((l) => l.endsWith('no keepalived log lines in the window'))).toHaveLength(
      100,
    );
    expect(text).toContain(clusterLine(49));
  });

  it('seen: clusters with a state change or named by a finding are kept, up to the cap', () => {
    const summary = [...Array.from({ length: 30 }, (_, i) => clusterLine(i)), 'checked: addresses'];
    summary.splice(
      5,
      0,
      '  2026-12-02T00:01:02 lb-host-9 became MASTER: the master stopped and handed over (clean failover)',
    );
    const out = seenLines(summary, new Set(['lb-host-40']));
    expect(out).toEqual([
      clusterLine(4),
      summary[5],
      clusterLine(19),
      '… and 28 more clusters with no state change logged in the window (-v or --json describes each)',
      'checked: addresses',
    ]);
    // a few clusters are all told
    expect(seenLines(summary.slice(0, MAX_CLUSTERS_SEEN), new Set())).toEqual(
      summary.slice(0, MAX_CLUSTERS_SEEN),
    );
  });

  it('notes that do not start with a checked host stay as they are', () => {
    expect(groupNotes(['bundle: saved by an older vipctl', 'a: x', 'b: x'], ['a', 'b'])).toEqual([
      'bundle: saved by an older vipctl',
      '2 hosts (a, b): x',
    ]);
  });
});
