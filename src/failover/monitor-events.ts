// Parses `ip -o -ts monitor address` lines into address add/remove events with the host's own timestamps:
//   [2026-11-25T08:30:57.316814] 2: eth0    inet 10.10.10.50/32 scope global eth0\       valid_lft ...
//   [2026-11-25T08:30:57.318754] Deleted 2: eth0    inet 10.10.10.50/32 scope global eth0\ ...
// The timestamp is the host's local wall clock without a zone; it is kept as "naive ms" (read as if UTC) and
// turned into controller time with the host's measured clock offset (see clock.ts).

export interface AddressEvent {
  host: string;
  kind: 'add' | 'remove';
  address: string;
  prefix: number;
  dev: string;
  /** host wall clock, ms since epoch as if the host's local time were UTC */
  hostMs: number;
}

const LINE =
  /^\[(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?\]\s+(Deleted\s+)?\d+:\s+(\S+)\s+inet6?\s+([0-9a-fA-F.:]+)\/(\d+)/;

/** Naive ms of an ISO-like local timestamp "YYYY-MM-DDTHH:MM:SS[.frac]" (no zone). */
export function naiveMs(
  y: string,
  mo: string,
  d: string,
  h: string,
  mi: string,
  s: string,
  frac = '',
): number {
  const ms = Number(`0.${frac || '0'}`) * 1000;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + ms;
}

/** Parses one line; undefined for lines that are not address events (link, route, blank, garbage). */
export function parseMonitorLine(host: string, line: string): AddressEvent | undefined {
  const m = LINE.exec(line.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, deleted, dev, address, prefix] = m;
  return {
    host,
    kind: deleted ? 'remove' : 'add',
    address: address!.toLowerCase(),
    prefix: Number(prefix),
    dev: dev!,
    hostMs: naiveMs(y!, mo!, d!, h!, mi!, s!, frac),
  };
}

/** Parses a naive local timestamp printed by `date +%Y-%m-%dT%H:%M:%S.%N`. */
export function parseNaiveTimestamp(text: string): number | undefined {
  const m = /(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac] = m;
  return naiveMs(y!, mo!, d!, h!, mi!, s!, frac);
}
