// The JUnit XML of verify, failover-test and diagnose validated with xmllint against schemas/junit.xsd (the layout
// CI servers read), and counted: every suite's tests/failures/skipped agree with its test cases.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runsToJUnit } from '../../../src/failover/format.js';
import type { FailoverRun } from '../../../src/failover/run.js';
import { diagnosisToJUnit } from '../../../src/report/diagnose-junit.js';
import { junitXml } from '../../../src/report/junit.js';
import { verdictsToJUnit } from '../../../src/verify/model.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const XSD = resolve(ROOT, 'schemas/junit.xsd');
const dir = mkdtempSync(join(tmpdir(), 'vipctl-junit-'));

/** xmllint's verdict on a document: '' when it validates, its complaints otherwise. */
function validate(xml: string, name = 'doc.xml'): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, xml);
  return new Promise((done) =>
    execFile('xmllint', ['--noout', '--schema', XSD, file], (err, _out, stderr) =>
      done(err ? stderr.trim() : ''),
    ),
  );
}

/** tests / failures / skipped of every suite (and the root) recounted from its test cases. */
function countsAgree(xml: string): void {
  const suites = [
    ...xml.matchAll(
      /<testsuite name="[^"]*" tests="(\d+)" failures="(\d+)" skipped="(\d+)"[\s\S]*?<\/testsuite>/g,
    ),
  ];
  let total = 0;
  for (const [body, tests, failures, skipped] of suites) {
    expect((body.match(/<testcase /g) ?? []).length).toBe(Number(tests));
    expect((body.match(/<failure /g) ?? []).length).toBe(Number(failures));
    expect((body.match(/<skipped /g) ?? []).length).toBe(Number(skipped));
    total += Number(tests);
  }
  expect(xml).toMatch(new RegExp(`<testsuites name="[^"]*" tests="${total}" `));
}

describe('JUnit XML against schemas/junit.xsd', () => {
  it('the schema can fail: a case without classname, a count that is not a number', async () => {
    expect(
      await validate(
        '<testsuites name="x" tests="1" failures="0" errors="0" skipped="0"><testsuite name="s" tests="1" failures="0" errors="0" skipped="0" time="0"><testcase name="c" time="0"/></testsuite></testsuites>',
      ),
    ).toMatch(/classname/);
    expect(await validate('<testsuites name="x" tests="one" failures="0" errors="0" skipped="0"/>')).toMatch(
      /tests/,
    );
  });

  it('verify: pass, fail with a diff, and a warning (skipped)', async () => {
    const xml = junitXml(
      verdictsToJUnit([
        {
          cluster: 'cluster-lb',
          ok: false,
          holders: { '10.10.10.50': ['lb-host-1'] },
          checks: [
            { name: 'vip 10.10.10.50', status: 'pass', message: 'held by lb-host-1' },
            {
              name: 'config lb-host-2',
              status: 'fail',
              message: 'drift',
              diff: '-priority 90\n+priority 100',
            },
            {
              name: 'adverts vrid 51',
              status: 'warn',
              message: 'capture unavailable (tcpdump not installed)',
            },
          ],
        },
      ]),
      'vipctl verify',
    );
    expect(await validate(xml)).toBe('');
    countsAgree(xml);
  });

  it('failover-test: one case per run, a failed run fails', async () => {
    const run = (ok: boolean): FailoverRun =>
      ({
        cluster: 'cluster-lb',
        mode: 'kill',
        boundMs: 3648,
        takeoverMs: ok ? 3400 : undefined,
        gapMs: 3400,
        overlapMs: 0,
        wallMs: 12_000,
        notes: ['SIGKILL leaves the VIP'],
        problems: ok ? [] : ['no member took the VIP within 4148 ms'],
        ok,
      }) as unknown as FailoverRun;
    const xml = junitXml(runsToJUnit([run(true), run(false)]), 'vipctl failover-test');
    expect(await validate(xml)).toBe('');
    countsAgree(xml);
    expect(xml).toContain('<failure message="no member took the VIP within 4148 ms">');
  });

  it('diagnose --junit on the runbook’s failing logs: errors fail, the document validates', async () => {
    const file = join(dir, 'diagnose.xml');
    let code = 0;
    try {
      execFileSync(
        process.execPath,
        [
          resolve(ROOT, 'bin/vipctl.js'),
          'diagnose',
          '--from',
          resolve(ROOT, 'test/fixtures/diagnose/runbook'),
          '--junit',
          file,
        ],
        { stdio: 'pipe' },
      );
    } catch (err) {
      code = (err as { status: number }).status;
    }
    expect(code).toBe(2);
    const xml = readFileSync(file, 'utf8');
    expect(await validate(xml, 'diagnose-runbook.xml')).toBe('');
    countsAgree(xml);
    expect(xml).toMatch(/<testcase name="error vrid-invalid: [^"]*" classname="vipctl.diagnose.lb-host-1"/);
    expect(xml).toMatch(/<failure message="[^"]*">cause: /);
  });

  it('diagnose: unreachable fails, nothing found passes, a warning passes with its text', async () => {
    const xml = junitXml(
      diagnosisToJUnit({
        verdict: 'warnings',
        hosts: ['a', 'b'],
        unreachable: [{ host: 'c', reason: 'connection refused' }],
        notes: [],
        findings: [
          {
            rule: 'ipset-missing',
            title: 'ipset library missing',
            severity: 'warning',
            hosts: ['a'],
            cause: 'keepalived built with ipset support cannot load it',
            fix: ['apt-get install ipset'],
            evidence: [
              { host: 'a', source: 'a.log', line: 3, text: 'Unable to load ipset library', count: 2 },
            ],
            verified: false,
          },
        ],
      }),
      'vipctl diagnose',
    );
    expect(await validate(xml)).toBe('');
    countsAgree(xml);
    expect(xml).toContain(
      '<system-out>cause: keepalived built with ipset support cannot load it\nfix: apt-get install ipset\na.log:3: Unable to load ipset library (×2)</system-out>',
    );
    expect(xml).toContain('<testcase name="no known problem found" classname="vipctl.diagnose.b"');
    expect(xml).toContain('<failure message="connection refused">');
  });
});
