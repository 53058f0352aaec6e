import { describe, expect, it } from 'vitest';
import { longestSilenceMs, parsePingReplies } from '../../../src/failover/probe.js';

describe('--probe: client-visible outage from ping -D', () => {
  const out = [
    'PING 10.10.10.50 (10.10.10.50) 56(84) bytes of data.',
    '[1764059457.000000] 64 bytes from 10.10.10.50: icmp_seq=1 ttl=64 time=0.05 ms',
    '[1764059457.010000] 64 bytes from 10.10.10.50: icmp_seq=2 ttl=64 time=0.05 ms',
    '[1764059457.700000] 64 bytes from 10.10.10.50: icmp_seq=71 ttl=64 time=0.05 ms',
    '[1764059457.710000] From 10.10.10.1 icmp_seq=72 Destination Host Unreachable',
  ].join('\n');

  it('reads reply times, not errors', () => {
    expect(parsePingReplies(out)).toEqual([1764059457000, 1764059457010, 1764059457700]);
  });

  it('the longest silence minus one interval', () => {
    const r = parsePingReplies(out);
    expect(longestSilenceMs(r, 1764059457000, 1764059457710)).toBe(680);
    expect(longestSilenceMs([0, 10, 20, 30], 0, 30)).toBe(0);
  });
});
