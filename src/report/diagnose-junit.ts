// diagnose --junit: one <testsuite> per host, one <testcase> per finding on it (an error fails, a warning passes
// with its text in system-out), a failing case for a host that could not be reached, a passing one for a host
// with nothing found. Evidence lines go in the details, as the text report shows them.
import type { Diagnosis, Finding } from '../diagnose/findings.js';
import type { JUnitSuite } from './junit.js';

function details(f: Finding, host: string): string {
  const evidence = f.evidence
    .filter((e) => e.host === host)
    .map((e) => `${e.source}${e.line ? `:${e.line}` : ''}: ${e.text}${e.count > 1 ? ` (×${e.count})` : ''}`);
  return [`cause: ${f.cause}`, ...f.fix.map((x) => `fix: ${x}`), ...evidence].join('\n');
}

export function diagnosisToJUnit(d: Diagnosis): JUnitSuite[] {
  const hosts = [...new Set([...d.hosts, ...d.unreachable.map((u) => u.host)])];
  return hosts.map((host) => {
    const unreachable = d.unreachable.find((u) => u.host === host);
    const mine = d.findings.filter((f) => f.hosts.includes(host));
    const classname = `vipctl.diagnose.${host}`;
    const cases: JUnitSuite['cases'] = unreachable
      ? [{ name: 'reachable over SSH', classname, status: 'fail', message: unreachable.reason }]
      : mine.length === 0
        ? [{ name: 'no known problem found', classname, status: 'pass' }]
        : mine.map((f) => ({
            name: `${f.severity} ${f.rule}: ${f.title}`,
            classname,
            status: f.severity === 'error' ? 'fail' : 'pass',
            message: f.severity === 'error' ? f.cause : undefined,
            details: details(f, host),
          }));
    return { name: `diagnose ${host}`, cases };
  });
}
