// --probe as the HTML report shows it: answered of sent (from icmp_seq), and the silent spans, over the window the
// probe really covered.
import { describe, expect, it } from 'vitest';
import { parsePingSeqReplies, summarizeProbe } from '../../../src/failover/probe.js';

const T = 1_764_059_457_000;
const line = (ms: number, seq: number): string =>
  `[${((T + ms) / 1000).toFixed(6)}] 64 bytes from 10.10.10.50: icmp_seq=${seq} ttl=64 time=0.05 ms`;

describe('summarizeProbe', () => {
  // replies every 10 ms from -300 ms to +2000 ms, except 20 ms … 700 ms (the takeover): seq 1 … 231
  const text = [
    'PING 10.10.10.50 (10.10.10.50) 56(84) bytes of data.',
    ...Array.from({ length: 231 }, (_, i) => ({ ms: -300 + i * 10, seq: i + 1 }))
      .filter(({ ms }) => ms <= 20 || ms >= 700)
      .map(({ ms, seq }) => line(ms, seq)),
    `[${((T + 710) / 1000).toFixed(6)}] From 10.10.10.1 icmp_seq=999 Destination Host Unreachable`,
  ].join('\n');

  it('reads replies with their sequence numbers, not errors', () => {
    const r = parsePingSeqReplies(text);
    expect(r[0]).toEqual({ atMs: T - 300, seq: 1 });
    expect(r.map((x) => x.seq)).not.toContain(999);
  });

  it('counts answered of sent, names the silence, and starts where the probe started', () => {
    const s = summarizeProbe(parsePingSeqReplies(text), T - 1000, T + 5000, T);
    expect(s).toEqual({
      intervalMs: 10,
      fromRelMs: -300, // not -1000: before its first reply the probe had not started
      untilRelMs: 2000, // not 5000: it had stopped
      answered: 231 - 67,
      sent: 231,
      silences: [{ fromRelMs: 20, toRelMs: 700 }],
    });
  });

  it('no reply at all: one silence over the whole window, nothing sent that it can count', () => {
    expect(summarizeProbe([], T - 1000, T + 1000, T)).toEqual({
      intervalMs: 10,
      fromRelMs: -1000,
      untilRelMs: 1000,
      answered: 0,
      sent: 0,
      silences: [{ fromRelMs: -1000, toRelMs: 1000 }],
    });
  });
});
