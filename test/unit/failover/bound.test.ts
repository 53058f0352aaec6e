import { describe, expect, it } from 'vitest';
import {
  boundFormula,
  masterDownSeconds,
  skewSeconds,
  takeoverBoundMs,
} from '../../../src/failover/bound.js';

describe('theoretical takeover bound (runbook §8)', () => {
  it('skew is (256 − priority)/256 seconds, not multiplied by advert_int', () => {
    expect(skewSeconds(90)).toBeCloseTo(166 / 256, 9);
    expect(masterDownSeconds(1, 90)).toBeCloseTo(3 + 166 / 256, 9);
    expect(masterDownSeconds(2, 90)).toBeCloseTo(6 + 166 / 256, 9);
  });

  it('a clean stop waits the skew only; a crash, hang or isolation the whole master_down_interval', () => {
    expect(takeoverBoundMs('stop', 1, 90)).toBe(648);
    expect(takeoverBoundMs('kill', 1, 90)).toBe(3648);
    expect(takeoverBoundMs('pause', 1, 90)).toBe(3648);
    expect(takeoverBoundMs('isolate', 3, 200)).toBe(Math.round((9 + 56 / 256) * 1000));
  });

  it('prints the formula beside the number', () => {
    expect(boundFormula('stop', 1, 90)).toContain('(256 − 90)/256');
    expect(boundFormula('kill', 1, 90)).toMatch(/^3 × 1 s \+ \(256 − 90\)\/256 s$/);
  });
});
