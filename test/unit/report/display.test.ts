import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { createDisplay, type DisplayOptions } from '../../../src/report/display.js';
import { exitCodeFor, summarize, type HostResult } from '../../../src/report/results.js';

const results: HostResult[] = [
  {
    host: 'lb-host-1',
    status: 'changed',
    ms: 1200,
    tasks: [
      {
        name: 'keepalived.conf rendered and validated',
        status: 'changed',
        changes: ['update /etc/keepalived/keepalived.conf'],
        ms: 300,
      },
      { name: 'reload keepalived', status: 'changed', changes: ['reload keepalived'], ms: 40 },
    ],
  },
  {
    host: 'lb-host-2',
    status: 'failed',
    ms: 900,
    error: 'keepalived.conf rendered and validated: the new version failed validation',
    tasks: [
      {
        name: 'keepalived.conf rendered and validated',
        status: 'failed',
        changes: [],
        error: 'the new version failed validation',
        details: "keepalived -t says:\n  Unknown keyword 'bogus'\n    line 3: bogus",
        ms: 200,
      },
    ],
  },
  {
    host: 'lb-host-9',
    status: 'unreachable',
    ms: 0,
    tasks: [],
    error: 'connect ETIMEDOUT',
    hint: 'is the host up?',
  },
];

function capture(opts: Partial<DisplayOptions> = {}): {
  lines: () => string;
  display: ReturnType<typeof createDisplay>;
} {
  let text = '';
  const display = createDisplay({
    command: 'configure',
    json: false,
    color: false,
    verbose: 0,
    check: false,
    interactive: false,
    write: (s) => void (text += s),
    ...opts,
  });
  return { lines: () => text, display };
}

function feed(display: ReturnType<typeof createDisplay>): void {
  display.begin(results.map((r) => r.host));
  for (const r of results) {
    display.hostStart(r.host);
    for (const t of r.tasks) display.taskDone(r.host, t);
    display.hostDone(r);
  }
}

describe('display', () => {
  it("plain mode: timestamped lines, the failure with keepalived's message, and a recap naming why each host failed", async () => {
    const { lines, display } = capture();
    feed(display);
    await display.finish(results);
    const out = lines();
    expect(out).toMatch(/^\d\d:\d\d:\d\d configure on 3 host\(s\)$/m);
    expect(out).toMatch(
      /^\d\d:\d\d:\d\d lb-host-2 failed keepalived\.conf rendered and validated: the new version failed validation$/m,
    );
    expect(out).toContain('    line 3: bogus');
    expect(out).toMatch(/^\d\d:\d\d:\d\d lb-host-9 unreachable: connect ETIMEDOUT$/m);
    expect(out).toMatch(/^ {2}lb-host-1 +changed +2 changed, 0 ok +1\.2s$/m);
    expect(out).toMatch(/^ {2}lb-host-9 +unreachable .*connect ETIMEDOUT$/m);
    expect(out).toContain('hint: is the host up?');
    expect(out).toContain('3 host(s): 1 changed, 0 ok, 1 failed, 1 unreachable, 0 skipped');
    expect(out).not.toContain('\u001b['); // no colour when asked for none
  });

  it('check mode says so at the start and in the recap', async () => {
    const { lines, display } = capture({ check: true });
    feed(display);
    await display.finish(results);
    expect(lines()).toContain('(check mode: nothing is changed)');
    expect(lines()).toContain('RECAP configure (check mode)');
  });

  it('--json: exactly one JSON document with per-host results and the exit code', async () => {
    const { lines, display } = capture({ json: true });
    feed(display);
    await display.finish(results);
    const doc = JSON.parse(lines()) as {
      exitCode: number;
      summary: Record<string, number>;
      hosts: HostResult[];
    };
    expect(doc.exitCode).toBe(ExitCode.UNREACHABLE);
    expect(doc.summary).toEqual({ ok: 0, changed: 1, failed: 1, unreachable: 1, skipped: 0 });
    expect(doc.hosts.map((h) => [h.host, h.status])).toEqual([
      ['lb-host-1', 'changed'],
      ['lb-host-2', 'failed'],
      ['lb-host-9', 'unreachable'],
    ]);
  });
});

describe('exit codes', () => {
  const host = (status: HostResult['status']): HostResult => ({ host: status, status, tasks: [], ms: 0 });
  it('unreachable wins over failed; skipped counts as failed; ok and changed are success', () => {
    expect(exitCodeFor([host('ok'), host('changed')])).toBe(ExitCode.OK);
    expect(exitCodeFor([host('ok'), host('failed')])).toBe(ExitCode.FAILED);
    expect(exitCodeFor([host('skipped')])).toBe(ExitCode.FAILED);
    expect(exitCodeFor([host('failed'), host('unreachable')])).toBe(ExitCode.UNREACHABLE);
    expect(summarize([host('ok'), host('ok'), host('unreachable')])).toMatchObject({ ok: 2, unreachable: 1 });
  });
});

describe('display: interactive', () => {
  it('the listr2 tree (loaded on demand) ends once every host is done, then the recap and the failure details print', async () => {
    const { lines, display } = capture({ interactive: true });
    feed(display);
    await display.finish(results);
    const out = lines();
    expect(out).toMatch(/RECAP configure/);
    expect(out).toContain("Unknown keyword 'bogus'");
    expect(out).not.toMatch(/^\d\d:\d\d:\d\d configure on/m); // no plain start line on a terminal
  });

  it('apply: what ran after the playbooks joins the JSON document and its exit code wins', async () => {
    const { lines, display } = capture({ json: true, command: 'apply' });
    feed(display);
    await display.finish(results, { exitCode: 7, json: { verify: { ok: false } } });
    const doc = JSON.parse(lines()) as { exitCode: number; verify: unknown; command: string };
    expect(doc).toMatchObject({ command: 'apply', exitCode: 7, verify: { ok: false } });
  });

  it('a recap of 100 hosts: the failed host in its row, the rest in one line per status and counts; -v: every row', async () => {
    const fleet: HostResult[] = Array.from({ length: 100 }, (_, i) => ({
      host: `lb-host-${i + 1}`,
      status: 'changed',
      ms: 1900 + (i % 3) * 100,
      tasks: [
        { name: 'keepalived.conf', status: 'changed', changes: ['create'], ms: 10 },
        { name: 'keepalived running', status: 'ok', changes: [], ms: 10 },
      ],
    }));
    fleet[41] = { ...results[1]!, host: 'lb-host-42' };
    fleet[99] = { ...fleet[99]!, status: 'ok', tasks: [fleet[99]!.tasks[1]!] };
    const { lines, display } = capture();
    await display.finish(fleet);
    const recap = lines().split('\n').slice(2, -2);
    expect(recap).toEqual([
      '  lb-host-42       failed      0 changed, 0 ok      0.9s  keepalived.conf rendered and validated: the new version failed validation',
      '  changed     98 hosts (lb-host-[1-41,43-99])  1 changed, 1 ok each, 1.9–2.1s',
      '  ok          1 host (lb-host-100)  0 changed, 1 ok, 1.9s',
    ]);
    expect(lines()).toMatch(/^100 host\(s\): 98 changed, 1 ok, 1 failed, 0 unreachable, 0 skipped$/m);
    const verbose = capture({ verbose: 1 });
    await verbose.display.finish(fleet);
    expect(
      verbose
        .lines()
        .split('\n')
        .filter((l) => /^ {2}lb-host-\d+ /.test(l)),
    ).toHaveLength(100);
  });
});
