import { describe, expect, it } from 'vitest';
import {
  analyzeTransition,
  firstSoleHolderMs,
  spread,
  type TimedEvent,
} from '../../../src/failover/timeline.js';

const VIP = '10.10.10.50';
const ev = (host: string, kind: 'add' | 'remove', atMs: number, address = VIP): TimedEvent => ({
  host,
  kind,
  address,
  atMs,
});

describe('timeline of a transition', () => {
  it('clean stop: release, then takeover after a gap', () => {
    const t = analyzeTransition({
      vip: VIP,
      initialHolders: ['m'],
      events: [ev('m', 'remove', 1020), ev('b', 'add', 1650)],
      fromMs: 1000,
      untilMs: 3000,
      leaving: 'm',
    });
    expect(t).toMatchObject({
      releasedMs: 1020,
      takenBy: 'b',
      takenMs: 1650,
      takeoverMs: 650,
      gapMs: 630,
      overlapMs: 0,
      overlapHosts: [],
      finalHolders: ['b'],
    });
  });

  it('kill: no release (stale VIP), overlap with both holders named', () => {
    const t = analyzeTransition({
      vip: VIP,
      initialHolders: ['m'],
      events: [ev('b', 'add', 4600)],
      fromMs: 1000,
      untilMs: 6000,
      leaving: 'm',
    });
    expect(t.releasedMs).toBeUndefined();
    expect(t.takeoverMs).toBe(3600);
    expect(t.gapMs).toBe(0);
    expect(t.overlapMs).toBe(1400);
    expect(t.overlapHosts).toEqual(['b', 'm']);
    expect(t.finalHolders).toEqual(['b', 'm']);
  });

  it('ignores other addresses and events after the window; events before it only set the state', () => {
    const t = analyzeTransition({
      vip: VIP,
      initialHolders: [],
      events: [
        ev('m', 'add', 500),
        ev('x', 'add', 1200, '10.10.10.99'),
        ev('m', 'remove', 1100),
        ev('b', 'add', 9000),
      ],
      fromMs: 1000,
      untilMs: 2000,
      leaving: 'm',
    });
    expect(t.takenBy).toBeUndefined();
    expect(t.gapMs).toBe(900);
    expect(t.releasedMs).toBe(1100);
  });

  it('finds the moment the master alone holds the VIP again', () => {
    const events = [ev('m', 'add', 5100), ev('b', 'remove', 5130)];
    expect(firstSoleHolderMs(VIP, ['b'], events, 5000, 'm')).toBe(5130);
    expect(firstSoleHolderMs(VIP, ['m'], [], 5000, 'm')).toBe(5000);
    expect(firstSoleHolderMs(VIP, ['b'], [ev('m', 'add', 5100)], 5000, 'm')).toBeUndefined();
  });
});

describe('spread over --count runs', () => {
  it('min / median / max, ignoring runs without a value', () => {
    expect(spread([300, undefined, 100, 200])).toEqual({ min: 100, median: 200, max: 300, n: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4, n: 4 });
    expect(spread([undefined])).toBeUndefined();
  });
});
