// JUnit XML for CI runbooks: one <testsuite> per cluster (or per failover run), one <testcase> per check.

export interface JUnitCase {
  name: string;
  classname: string;
  status: 'pass' | 'fail' | 'skip';
  message?: string;
  /** longer text (a diff, a timeline) */
  details?: string;
  timeMs?: number;
}

export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
  timeMs?: number;
}

export function xmlEscape(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // Control characters other than tab/newline/CR are not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

const seconds = (ms?: number): string => ((ms ?? 0) / 1000).toFixed(3);

export function junitXml(suites: JUnitSuite[], name = 'vipctl'): string {
  const count = (s: JUnitSuite[], st: JUnitCase['status']): number =>
    s.flatMap((x) => x.cases).filter((c) => c.status === st).length;
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(name)}" tests="${total}" failures="${count(suites, 'fail')}" skipped="${count(suites, 'skip')}" errors="0">`,
  ];
  for (const s of suites) {
    lines.push(
      `  <testsuite name="${xmlEscape(s.name)}" tests="${s.cases.length}" failures="${count([s], 'fail')}" skipped="${count([s], 'skip')}" errors="0" time="${seconds(s.timeMs)}">`,
    );
    for (const c of s.cases) {
      const open = `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}" time="${seconds(c.timeMs)}"`;
      const body: string[] = [];
      if (c.status === 'fail')
        body.push(
          `      <failure message="${xmlEscape(c.message ?? 'failed')}">${xmlEscape(c.details ?? c.message ?? '')}</failure>`,
        );
      if (c.status === 'skip') body.push(`      <skipped message="${xmlEscape(c.message ?? '')}"/>`);
      if (c.status !== 'fail' && c.details)
        body.push(`      <system-out>${xmlEscape(c.details)}</system-out>`);
      if (body.length === 0) lines.push(`${open}/>`);
      else lines.push(`${open}>`, ...body, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
