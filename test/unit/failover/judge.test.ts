import { describe, expect, it } from 'vitest';
import { formatRun, runsToJUnit, summarize } from '../../../src/failover/format.js';
import { judge, type FailoverRun } from '../../../src/failover/run.js';
import type { ClusterMember } from '../../../src/inventory/types.js';
import { makeStyle } from '../../../src/report/style.js';

const master: ClusterMember = { host: 'lb-1', priority: 100, state: 'MASTER', interface: 'eth0' };

function run(over: Partial<FailoverRun> = {}): FailoverRun {
  return {
    cluster: 'c',
    mode: 'stop',
    master: 'lb-1',
    expectedTaker: 'lb-2',
    actedAtMs: 10_000,
    restoredAtMs: 13_000,
    boundMs: 648,
    boundFormula: 'skew',
    toleranceMs: 500,
    transitions: [
      {
        vip: '10.0.0.50',
        leaving: 'lb-1',
        releasedMs: 10_020,
        takenBy: 'lb-2',
        takenMs: 10_660,
        takeoverMs: 660,
        gapMs: 640,
        overlapMs: 0,
        overlapHosts: [],
        finalHolders: ['lb-2'],
      },
    ],
    takeoverMs: 660,
    gapMs: 640,
    overlapMs: 0,
    staleVip: false,
    splitBrain: false,
    returned: { preempt: true, ok: true, returnMs: 900, message: 'back' },
    wallMs: 9000,
    clockOffsets: [],
    deadman: { armedSeconds: 28, how: 'systemd-run', disarmed: true },
    events: [],
    problems: [],
    notes: [],
    ok: false,
    ...over,
  };
}

describe('failover verdict', () => {
  it('a takeover within bound + tolerance passes', () => {
    const r = run();
    judge(r, 'stop', master);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('over the bound + tolerance fails, saying both numbers', () => {
    const r = run({ takeoverMs: 1149 });
    judge(r, 'stop', master);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(['takeover 1149 ms exceeds the bound 648 ms + tolerance 500 ms']);
  });

  it('split brain is expected for isolate (a note), a failure for a clean stop', () => {
    const sb = {
      splitBrain: true,
      overlapMs: 2000,
      transitions: [{ ...run().transitions[0]!, overlapHosts: ['lb-1', 'lb-2'] }],
    };
    const iso = run(sb);
    judge(iso, 'isolate', master);
    expect(iso.ok).toBe(true);
    expect(iso.notes[0]).toMatch(/split brain as expected for isolate: lb-1 and lb-2/);
    const stop = run(sb);
    judge(stop, 'stop', master);
    expect(stop.ok).toBe(false);
    expect(stop.problems[0]).toMatch(/split brain during a clean stop/);
  });

  it('no takeover, no return or an armed switch fail', () => {
    const r = run({
      takeoverMs: undefined,
      returned: { preempt: true, ok: false, message: 'did not return' },
      deadman: { armedSeconds: 28, how: 'sleeper', disarmed: false },
    });
    judge(r, 'kill', master);
    expect(r.problems).toEqual([
      'takeover not observed',
      'did not return',
      "the dead man's switch on lb-1 may still be armed",
    ]);
  });
});

describe('failover output', () => {
  it('prints both the measured takeover and the bound', () => {
    const r = run();
    judge(r, 'stop', master);
    const text = formatRun(r, makeStyle(false));
    expect(text).toContain('takeover 660 ms  bound 648 ms (skew) + tolerance 500 ms: within');
    expect(text).toContain('return: back');
  });

  it('summarizes --count runs and writes one JUnit case per run', () => {
    const a = run({ takeoverMs: 600, ok: true });
    const b = run({ takeoverMs: 700, ok: false, problems: ['x'] });
    const s = summarize([a, b]);
    expect(s.takeoverMs).toEqual({ min: 600, median: 650, max: 700, n: 2 });
    expect(s.failed).toBe(1);
    const suites = runsToJUnit([a, b]);
    expect(suites[0]!.cases.map((c) => c.status)).toEqual(['pass', 'fail']);
  });
});
