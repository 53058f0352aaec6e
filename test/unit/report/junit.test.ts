import { describe, expect, it } from 'vitest';
import { junitXml, xmlEscape } from '../../../src/report/junit.js';

describe('JUnit XML', () => {
  it('counts failures and skips, escapes text', () => {
    const xml = junitXml([
      {
        name: 'verify cluster-lb',
        cases: [
          {
            name: 'vip 10.10.10.50',
            classname: 'vipctl.verify.cluster-lb',
            status: 'fail',
            message: 'SPLIT BRAIN: a & b <both>',
            details: '-x\n+y',
          },
          { name: 'service a', classname: 'vipctl.verify.cluster-lb', status: 'pass' },
          { name: 'adverts', classname: 'vipctl.verify.cluster-lb', status: 'skip', message: 'no tcpdump' },
        ],
      },
    ]);
    expect(xml).toContain('<testsuites name="vipctl" tests="3" failures="1" skipped="1" errors="0">');
    expect(xml).toContain('<failure message="SPLIT BRAIN: a &amp; b &lt;both&gt;">-x\n+y</failure>');
    expect(xml).toContain('<testcase name="service a" classname="vipctl.verify.cluster-lb" time="0.000"/>');
    expect(xml).toContain('<skipped message="no tcpdump"/>');
  });

  it('drops characters XML 1.0 cannot carry', () => {
    expect(xmlEscape('a\u0001b"\'')).toBe('ab&quot;&apos;');
  });
});
