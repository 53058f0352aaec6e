// scripts/reliability-report.js on a synthetic vitest JSON report: figures summed from the tests' meta, the
// zeros judged, findings collected from titles and `covers`, --check failing when a zero is not.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '../../../scripts/reliability-report.js');

function report(tests: { title: string; status: string; meta?: object }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'vipctl-rel-'));
  const file = join(dir, 'r.json');
  writeFileSync(
    file,
    JSON.stringify({
      testResults: [
        {
          name: resolve('test/e2e/faults/x.test.ts'),
          assertionResults: tests.map((t) => ({
            fullName: t.title,
            title: t.title,
            status: t.status,
            duration: 1000,
            failureMessages:
              t.status === 'failed' ? ['Error: hosts left broken:\nlb-host-2: keepalived is failed'] : [],
            meta: t.meta ? { reliability: t.meta } : {},
          })),
        },
      ],
    }),
  );
  return file;
}

function run(file: string, check = false): { code: number | null; md: string } {
  const out = join(mkdtempSync(join(tmpdir(), 'vipctl-rel-out-')), 'RELIABILITY.md');
  const r = spawnSync(process.execPath, [SCRIPT, '--out', out, ...(check ? ['--check'] : []), file], {
    encoding: 'utf8',
  });
  return { code: r.status, md: readFileSync(out, 'utf8') };
}

describe('reliability-report.js', () => {
  it('sums faults, broken hosts, inputs, stack traces and leaks; lists findings; --check passes on zeros', () => {
    const file = report([
      {
        title: 'ssh cut during upload',
        status: 'passed',
        meta: { suite: 'fault-matrix', faults: 2, hostsBroken: 0, covers: ['L5'] },
      },
      {
        title: 'inventories',
        status: 'passed',
        meta: { suite: 'hostile-input', inputs: 600, stackTraces: 0, secretsLeaked: 0 },
      },
      { title: 'H1: a plain [host]:port line matches', status: 'passed' },
    ]);
    const { code, md } = run(file, true);
    expect(code).toBe(0);
    expect(md).toMatch(/\|\s*faults injected \(fault matrix, e2e\)\s*\|\s*2\s*\|/);
    expect(md).toMatch(/\|\s*hostile inputs tried\s*\|\s*600\s*\|/);
    expect(md).toMatch(/\|\s*hosts left broken after a fault\s*\|\s*0\s*\|\s*0\s*\|/);
    expect(md).toMatch(/\|\s*H1\s*\|[^\n]*\|\s*1\/1\s*\|/);
    expect(md).toMatch(/\|\s*L5\s*\|[^\n]*\|\s*1\/1\s*\|/);
  });

  it('a broken host, a leak or a failed test is shown in bold and fails --check, with the re-run command', () => {
    const file = report([
      {
        title: 'power off',
        status: 'failed',
        meta: {
          suite: 'fault-matrix',
          faults: 1,
          hostsBroken: 1,
          rerun: 'npx vitest run --project e2e test/e2e/faults/power-off.test.ts',
        },
      },
      { title: 'outputs', status: 'passed', meta: { suite: 'hostile-input', inputs: 9, secretsLeaked: 2 } },
    ]);
    const { code, md } = run(file, true);
    expect(code).toBe(1);
    expect(md).toMatch(/\|\s*hosts left broken after a fault\s*\|\s*\*\*1\*\*\s*\|\s*0\s*\|/);
    expect(md).toMatch(/\|\s*secrets leaked[^|]*\|\s*\*\*2\*\*\s*\|\s*0\s*\|/);
    expect(md).toContain('npx vitest run --project e2e test/e2e/faults/power-off.test.ts');
    expect(md).toContain('hosts left broken:');
  });

  it('a suite missing from the reports is said, and --check fails', () => {
    const file = report([
      { title: 'inventories', status: 'passed', meta: { suite: 'hostile-input', inputs: 1 } },
    ]);
    const { code, md } = run(file, true);
    expect(code).toBe(1);
    expect(md).toContain('The fault matrix did not run');
  });
});
