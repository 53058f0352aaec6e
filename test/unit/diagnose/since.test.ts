import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import { journalSince } from '../../../src/diagnose/since.js';

// journalctl on this controller is the judge: exit 0 = it parsed the window
const journalAccepts = (since: string): boolean =>
  spawnSync('journalctl', ['--since', since, '-n', '0', '--no-pager'], { encoding: 'utf8' }).stderr.includes(
    'Failed to parse',
  ) === false;

describe('--since', () => {
  it('bare spans, which journalctl rejects, become spans it accepts', () => {
    for (const span of ['10m', '2h', '30s', '1d', '5min', '3 hours']) {
      expect(journalAccepts(span), span).toBe(false);
      expect(journalAccepts(journalSince(span)), journalSince(span)).toBe(true);
    }
    expect(journalSince('10m')).toBe('-10m');
  });

  it('leaves what journalctl already understands alone', () => {
    for (const v of ['1 hour ago', '2026-11-25 08:00:00', 'yesterday', '-15m']) {
      expect(journalSince(v)).toBe(v);
      expect(journalAccepts(v), v).toBe(true);
    }
  });

  it('a refused window is said, not taken for a quiet log', () => {
    const d = analyze({
      hosts: [{ host: 'lb-host-1', log: 'Failed to parse timestamp: 10 parsecs\n', facts: {} }],
      unreachable: [],
    });
    expect(d.findings).toEqual([]);
    expect(d.notes.join('\n')).toContain(
      'lb-host-1: journalctl refused the log window (Failed to parse timestamp: 10 parsecs)',
    );
  });
});
