// Regression tests for the security review's L6: "Terminated" must not hide a real error from keepalived -t.
import { describe, expect, it } from 'vitest';
import { judgeConfigTest } from '../../../src/render/config-test.js';

describe('judging keepalived -t', () => {
  it('a clean exit 0 is valid', () => {
    expect(judgeConfigTest(0, '')).toEqual({ status: 'valid' });
  });

  it('2.2.7 killing itself on a valid config with script security is "unavailable", not invalid', () => {
    expect(judgeConfigTest(143, 'Terminated\n').status).toBe('unavailable');
    expect(judgeConfigTest(143, '').status).toBe('unavailable');
  });

  it('a real error printed alongside "Terminated" is invalid, and names the error (L6)', () => {
    const r = judgeConfigTest(143, "(/tmp/k.conf: Line 3) Unknown keyword 'bogus'\nTerminated\n");
    expect(r).toEqual({ status: 'invalid', messages: ["(/tmp/k.conf: Line 3) Unknown keyword 'bogus'"] });
  });

  it('an error with exit 5 is invalid', () => {
    expect(judgeConfigTest(5, "(f: Line 1) Unknown keyword 'x'\n").status).toBe('invalid');
  });
});
