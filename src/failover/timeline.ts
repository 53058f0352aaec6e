// The time line of one VIP during a transition: replay add/remove events (already on the controller's clock)
// from the holders known before acting, and measure when the leaving host released the VIP, when another took
// it, the time with no holder (gap) and with two or more (overlap, i.e. split brain or a stale VIP).

export interface TimedEvent {
  host: string;
  kind: 'add' | 'remove';
  address: string;
  /** controller clock, ms */
  atMs: number;
}

export interface TransitionInput {
  vip: string;
  /** holders just before `fromMs` */
  initialHolders: string[];
  events: TimedEvent[];
  /** when the action started (controller ms) */
  fromMs: number;
  /** end of the observation window */
  untilMs: number;
  /** the host expected to give the VIP up */
  leaving: string;
}

export interface Transition {
  vip: string;
  leaving: string;
  /** when `leaving` removed the VIP (undefined: never, e.g. a SIGKILLed keepalived leaves it) */
  releasedMs?: number;
  /** the first other host to add the VIP, and when */
  takenBy?: string;
  takenMs?: number;
  /** takenMs − fromMs */
  takeoverMs?: number;
  /** total time with no holder in the window */
  gapMs: number;
  /** total time with two or more holders in the window */
  overlapMs: number;
  /** hosts seen holding the VIP at the same time (empty when there was no overlap) */
  overlapHosts: string[];
  /** holders at the end of the window */
  finalHolders: string[];
}

export function analyzeTransition(input: TransitionInput): Transition {
  const holders = new Set(input.initialHolders);
  const relevant = input.events
    .filter((e) => e.address === input.vip && e.atMs <= input.untilMs)
    .sort((a, b) => a.atMs - b.atMs);
  // Events before the action only set the starting state.
  for (const e of relevant.filter((x) => x.atMs < input.fromMs)) apply(holders, e);
  const t: Transition = {
    vip: input.vip,
    leaving: input.leaving,
    gapMs: 0,
    overlapMs: 0,
    overlapHosts: [],
    finalHolders: [],
  };
  const overlapHosts = new Set<string>();
  let cursor = input.fromMs;
  const account = (until: number): void => {
    const span = until - cursor;
    if (holders.size === 0) t.gapMs += span;
    if (holders.size >= 2) {
      t.overlapMs += span;
      for (const h of holders) overlapHosts.add(h);
    }
    cursor = until;
  };
  for (const e of relevant.filter((x) => x.atMs >= input.fromMs)) {
    account(e.atMs);
    apply(holders, e);
    if (e.kind === 'remove' && e.host === input.leaving && t.releasedMs === undefined) t.releasedMs = e.atMs;
    if (e.kind === 'add' && e.host !== input.leaving && t.takenMs === undefined) {
      t.takenMs = e.atMs;
      t.takenBy = e.host;
      t.takeoverMs = e.atMs - input.fromMs;
    }
    // A zero-length overlap (two hosts at the same instant) still names both.
    if (holders.size >= 2) for (const h of holders) overlapHosts.add(h);
  }
  account(input.untilMs);
  t.overlapHosts = [...overlapHosts].sort();
  t.finalHolders = [...holders].sort();
  return t;
}

function apply(holders: Set<string>, e: TimedEvent): void {
  if (e.kind === 'add') holders.add(e.host);
  else holders.delete(e.host);
}

export interface Spread {
  min: number;
  median: number;
  max: number;
  n: number;
}

/** min / median / max of the defined values (undefined when there are none). */
export function spread(values: (number | undefined)[]): Spread | undefined {
  const v = values.filter((x): x is number => x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { min: v[0]!, median, max: v[v.length - 1]!, n: v.length };
}

/** The first moment at or after fromMs when `host` alone holds the VIP (replaying from the holders at fromMs). */
export function firstSoleHolderMs(
  vip: string,
  holdersAtFrom: string[],
  events: TimedEvent[],
  fromMs: number,
  host: string,
): number | undefined {
  const holders = new Set(holdersAtFrom);
  const sole = (): boolean => holders.size === 1 && holders.has(host);
  if (sole()) return fromMs;
  for (const e of events
    .filter((x) => x.address === vip && x.atMs >= fromMs)
    .sort((a, b) => a.atMs - b.atMs)) {
    apply(holders, e);
    if (sole()) return e.atMs;
  }
  return undefined;
}
