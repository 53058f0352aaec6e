import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import { readBundle } from '../../../src/diagnose/bundle.js';
import { formatDiagnosis } from '../../../src/diagnose/report.js';

const FIX = resolve(import.meta.dirname, '../../fixtures/diagnose');

describe('the runbook §7 example log, offline', () => {
  it('yields exactly its five findings', async () => {
    const d = analyze(await readBundle(`${FIX}/runbook`));
    expect(d.findings.map((f) => f.rule).sort()).toEqual(
      [
        'auth-pass-truncated',
        'auth-type-mismatch',
        'config-permanent-error',
        'ipset-missing',
        'vrid-invalid',
      ].sort(),
    );
    expect(d.verdict).toBe('problems');
    // the 1.x "bogus packet" lines are explained by the auth mismatch that follows them
    const auth = d.findings.find((f) => f.rule === 'auth-type-mismatch')!;
    expect(auth.evidence.map((e) => e.line)).toEqual([8, 9, 10]);
    // every one of the ten lines is evidence of exactly one finding
    expect(d.findings.flatMap((f) => f.evidence.map((e) => e.line)).sort((a, b) => a! - b!)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    const text = formatDiagnosis(d, false);
    expect(text).toMatch(/^5 findings \(3 errors\) on 1 host \(lb-host-1\)/);
    expect(text).toContain('Mar 28 12:30:25 pid 3970 exited with permanent error CONFIG. Terminating');
  });
});
