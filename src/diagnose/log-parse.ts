// Log lines from the formats keepalived's messages travel in, reduced to {time, host, process, message}.
// journalctl -o short-iso / short, classic and RFC 3339 syslog, and keepalived's own console (`-l`) format.

export interface LogEntry {
  /** the timestamp as written (kept verbatim: journal and syslog lines carry no year or zone consistently) */
  time?: string;
  host?: string;
  /** Keepalived, Keepalived_vrrp, … */
  process?: string;
  message: string;
  /** 1-based line number in its source text */
  line: number;
  source: string;
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const FORMATS: { re: RegExp; time: number; host?: number; process?: number; message: number }[] = [
  // journalctl -o short-iso / RFC 3339 syslog: 2026-11-25T08:29:27+0000 lb-host-1 Keepalived_vrrp[7343]: msg
  {
    re: /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)\s+(\S+)\s+([^\s[:]+)(?:\[\d+\])?:\s?(.*)$/,
    time: 1,
    host: 2,
    process: 3,
    message: 4,
  },
  // journalctl -o short / BSD syslog: Mar 28 12:30:24 lb-host-1 Keepalived_vrrp[3970]: msg
  {
    re: new RegExp(
      `^(${MONTH}\\s+\\d{1,2}\\s+\\d\\d:\\d\\d:\\d\\d)\\s+(\\S+)\\s+([^\\s[:]+)(?:\\[\\d+\\])?:\\s?(.*)$`,
    ),
    time: 1,
    host: 2,
    process: 3,
    message: 4,
  },
  // keepalived -l console (2.x): Wed Nov 25 08:29:27 2026: msg
  {
    re: new RegExp(
      `^((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH}\\s+\\d{1,2} \\d\\d:\\d\\d:\\d\\d \\d{4}):\\s?(.*)$`,
    ),
    time: 1,
    message: 2,
  },
  // keepalived -l console (1.x) / stderr of -t: Keepalived_vrrp[3970]: msg
  { re: /^()(Keepalived(?:_\w+)?)(?:\[\d+\])?:\s?(.*)$/, time: 1, process: 2, message: 3 },
];

/** journalctl's own chatter, not keepalived's */
const NOISE = /^-- (?:Logs begin|Journal begins|No entries|Boot )/;

export function parseLog(text: string, source: string): LogEntry[] {
  const entries: LogEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || NOISE.test(line)) return;
    for (const f of FORMATS) {
      const m = f.re.exec(line);
      if (!m) continue;
      entries.push({
        time: m[f.time] === '' ? undefined : m[f.time],
        host: f.host ? m[f.host] : undefined,
        process: f.process ? m[f.process] : undefined,
        message: (m[f.message] ?? '').trim(),
        line: index + 1,
        source,
      });
      return;
    }
    // An unrecognised line (e.g. `keepalived -t` stderr) is still evidence: the whole line is the message.
    entries.push({ message: line.trim(), line: index + 1, source });
  });
  return entries;
}
