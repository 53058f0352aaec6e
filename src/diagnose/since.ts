// --since: what users type ("10m", "2h", "1 hour ago", a timestamp) turned into what journalctl accepts.
// journalctl rejects a bare span like "10m" ("Failed to parse timestamp"), which would silently empty the log
// window; systemd accepts the same span with a leading "-" (systemd.time(7)).

const SPAN =
  /^(\d+)\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hour|hours|d|day|days|w|week|weeks)$/i;

export function journalSince(value: string): string {
  const v = value.trim();
  const m = SPAN.exec(v);
  return m ? `-${m[1]}${m[2]!.toLowerCase()}` : v;
}

/** journalctl's complaint about --since, when the log section holds one instead of log lines. */
export function sinceRejected(logText: string | undefined): string | undefined {
  const m = /^Failed to parse timestamp: .*$/m.exec(logText ?? '');
  return m?.[0];
}
