import { describe, expect, it } from 'vitest';
import { runDisjoint } from '../../../src/failover/schedule.js';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Records which items ran at the same time. */
function recorder() {
  const active = new Set<string>();
  const overlaps: string[][] = [];
  let peak = 0;
  const work = async (name: string): Promise<void> => {
    active.add(name);
    peak = Math.max(peak, active.size);
    overlaps.push([...active].sort());
    await tick(20);
    active.delete(name);
  };
  return { work, overlaps, peak: () => peak };
}

describe('failover-test --parallel: clusters that share no host', () => {
  const clusters = [
    { item: 'c1', hosts: ['h1', 'h2'] },
    { item: 'c2', hosts: ['h3', 'h4'] },
    { item: 'c3', hosts: ['h2', 'h5'] }, // shares h2 with c1
    { item: 'c4', hosts: ['h6', 'h7'] },
  ];

  it('run together up to N, never two that share a host', async () => {
    const r = recorder();
    await runDisjoint(clusters, 3, r.work);
    expect(r.peak()).toBe(3);
    for (const set of r.overlaps) expect(set.includes('c1') && set.includes('c3')).toBe(false);
    expect(r.overlaps.flat()).toEqual(expect.arrayContaining(['c1', 'c2', 'c3', 'c4']));
  });

  it('--parallel 1 is one after another, in order', async () => {
    const order: string[] = [];
    await runDisjoint(clusters, 1, async (c) => void order.push(c));
    expect(order).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('a failure starts nothing new, waits for the tests in flight (they restore), then is thrown', async () => {
    const finished: string[] = [];
    const run = runDisjoint(clusters, 2, async (c) => {
      if (c === 'c1') throw new Error('c1 broke');
      await tick(30);
      finished.push(c);
    });
    await expect(run).rejects.toThrow('c1 broke');
    expect(finished).toEqual(['c2']);
  });

  it('an interrupt stops new starts; the running ones finish', async () => {
    let stop = false;
    const started: string[] = [];
    await runDisjoint(
      clusters,
      2,
      async (c) => {
        started.push(c);
        stop = true;
        await tick(10);
      },
      () => stop,
    );
    expect(started).toEqual(['c1']);
  });
});
