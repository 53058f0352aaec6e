// A rule's wording is verified per keepalived version: for the version the host runs, or any when unknown.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import type { Bundle } from '../../../src/diagnose/evidence.js';
import {
  keepalivedVersion,
  recordedOn,
  wordingVerified,
  type LogPattern,
} from '../../../src/diagnose/rules.js';
import { host } from './recorded.js';

const p = (verified: boolean, verifiedOn?: string[]): LogPattern => ({
  pattern: /x/,
  keepalived: '2.x',
  verified,
  ...(verifiedOn && { verifiedOn }),
});

describe('wordings verified per version', () => {
  it('reads the version from keepalived --version', () => {
    expect(keepalivedVersion('Keepalived v2.2.7 (01/16,2022)')).toBe('2.2.7');
    expect(keepalivedVersion('Keepalived v1.3.5 (03/19,2017), git commit v1.3.5-6-g6fa32f2')).toBe('1.3.5');
    expect(keepalivedVersion(undefined)).toBeUndefined();
    expect(keepalivedVersion('keepalived: command not found')).toBeUndefined();
  });

  it('a 2.2.7 recording verifies 2.2.7 only; other versions need their own', () => {
    expect(recordedOn(p(true, ['2.1.5']))).toEqual(['2.2.7', '2.1.5']);
    expect(wordingVerified(p(true), '2.2.7')).toBe(true);
    expect(wordingVerified(p(true), '1.3.5')).toBe(false);
    expect(wordingVerified(p(false, ['1.3.5']), '1.3.5')).toBe(true);
    expect(wordingVerified(p(false), undefined)).toBe(false);
    expect(wordingVerified(p(false, ['2.3.3']), undefined)).toBe(true);
  });
});

describe('keepalived 1.3.5 as recorded on the lab', () => {
  const J = (msg: string, n: number): string =>
    `2026-12-02T01:17:${String(10 + n).padStart(2, '0')}+0000 lb1 Keepalived_vrrp[830]: ${msg}\n`;
  const bundle = (log: string): Bundle => ({
    hosts: [host('lb1', { log, facts: { version: 'Keepalived v1.3.5 (unknown)' } })],
    unreachable: [],
  });

  it('names a FAULT from its own wording, verified on 1.3.5', () => {
    const d = analyze(
      bundle(J('Starting Keepalived v1.3.5 (unknown)', 0) + J('VRRP_Instance(VI_1) Now in FAULT state', 1)),
    );
    const f = d.findings.find((x) => x.rule === 'fault-state');
    expect(f?.verified).toBe(true);
  });

  it('its start-up lookup of the default script user is normal, not a rejected setting', () => {
    const d = analyze(
      bundle(
        J('Starting Keepalived v1.3.5 (unknown)', 0) +
          J("Unable to resolve default script username 'keepalived_script' - ignoring", 1),
      ),
    );
    expect(d.findings).toEqual([]);
    expect(d.unexplained).toEqual([]);
    expect(d.notes.join('\n')).toContain('keepalived 1.3.5 has no config test');
  });

  it('a wording recorded only on 2.2.7 is unverified on a 1.3.5 host', () => {
    const d = analyze(
      bundle(J('Starting Keepalived v1.3.5 (unknown)', 0) + J('Truncating auth_pass to 8 characters', 1)),
    );
    expect(d.findings.find((x) => x.rule === 'auth-pass-truncated')?.verified).toBe(false);
  });
});
