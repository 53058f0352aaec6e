import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import { readBundle } from '../../../src/diagnose/bundle.js';
import type { Finding } from '../../../src/diagnose/findings.js';

const FIX = resolve(import.meta.dirname, '../../fixtures/diagnose');
const rulesOn = (findings: Finding[]): Record<string, string[]> =>
  Object.fromEntries(findings.map((f) => [f.rule, [...f.hosts].sort()]));

describe('a bundle saved on the lab (journal format): auth_pass changed by hand on lb-host-2', () => {
  it('names the mismatch, the differing configs and the split brain — and not the earlier failover', async () => {
    const d = analyze(await readBundle(`${FIX}/lab-authpw`));
    expect(rulesOn(d.findings)).toEqual({
      'auth-password-mismatch': ['lb-host-1', 'lb-host-2'],
      'members-differ': ['lb-host-1', 'lb-host-2'],
      'split-brain': ['lb-host-1', 'lb-host-2'],
    });
    const mismatch = d.findings.find((f) => f.rule === 'auth-password-mismatch')!;
    // journal lines collapsed with counts and first…last time
    expect(mismatch.evidence.find((e) => e.host === 'lb-host-2')).toMatchObject({
      text: '(VI_cluster-lb) received an invalid passwd!',
      count: 5,
      time: '2026-11-25T09:07:09+0000',
      lastTime: '2026-11-25T09:07:13+0000',
    });
    // the two masked passwords are still told apart, never shown
    expect(d.findings.find((f) => f.rule === 'members-differ')!.evidence.map((e) => e.text)).toEqual([
      'auth_pass password 1 of 2 (not shown)',
      'auth_pass password 2 of 2 (not shown)',
    ]);
  });
});
