// Cross-host clocks. Intervals on one host use that host's own timestamps (no skew at all). To put events of
// different hosts on one time line, each host's clock offset to the controller is measured NTP-style: the host
// prints its clock in the middle of a round trip, so offset = host − (sent + rtt/2), uncertain by ±rtt/2.
// An offset smaller than its own uncertainty is treated as zero (same clock, e.g. the lab's shared kernel).

export interface ClockOffset {
  host: string;
  /** host naive ms − controller ms (includes a time-zone difference, since ip prints local time) */
  offsetMs: number;
  /** half the round trip of the best sample */
  uncertaintyMs: number;
}

export interface ClockSample {
  sentMs: number;
  receivedMs: number;
  hostMs: number;
}

/** The offset from the sample with the shortest round trip (the least uncertain). */
export function estimateOffset(host: string, samples: ClockSample[]): ClockOffset {
  if (samples.length === 0) return { host, offsetMs: 0, uncertaintyMs: Number.POSITIVE_INFINITY };
  const best = [...samples].sort((a, b) => a.receivedMs - a.sentMs - (b.receivedMs - b.sentMs))[0]!;
  const half = (best.receivedMs - best.sentMs) / 2;
  const raw = best.hostMs - (best.sentMs + half);
  return { host, offsetMs: Math.abs(raw) <= half ? 0 : raw, uncertaintyMs: half };
}

/** A host timestamp on the controller's clock. */
export function toControllerMs(hostMs: number, offset: ClockOffset | undefined): number {
  return hostMs - (offset?.offsetMs ?? 0);
}
