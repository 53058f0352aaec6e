// A rule's wording is verified per keepalived version: for the version the host runs, or any when unknown.
import { describe, expect, it } from 'vitest';
import {
  keepalivedVersion,
  recordedOn,
  wordingVerified,
  type LogPattern,
} from '../../../src/diagnose/rules.js';

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
