// What a diagnosis saw, in a few sentences: per cluster who holds each VIP and since when, the last state changes
// and their cause (a clean failover reads as one), and what evidence each verdict rests on.
import { instanceFor, type ClusterView, type Context, type HostView } from './context.js';
import type { LogEntry } from './log-parse.js';
import { sinceLastStart } from './unexplained.js';

const STATE = /\(([^)\s]+)\)\s+Entering (MASTER|BACKUP|FAULT) STATE( \(init\))?/i;

/** Why a state change happened, read from the lines just before it on the same host. */
const CAUSES: { re: RegExp; why: string }[] = [
  {
    re: /Backup received priority 0 advertisement/,
    why: 'the master stopped and handed over (clean failover)',
  },
  {
    re: /Master received advert from \S+ with higher priority/,
    why: 'a member with a higher priority returned (preemption)',
  },
  { re: /Receive advertisement timeout/, why: 'the master’s adverts stopped arriving' },
  {
    re: /Changing effective priority|VRRP_Script\([^)]*\) failed|Script `[^`]*` now returning/,
    why: 'a tracked check changed the priority',
  },
  { re: /interface \S+ is down|Kernel is reporting: interface \S+ DOWN/, why: 'the interface went down' },
  { re: /^Stopping$|sent 0 priority/, why: 'keepalived was stopping' },
];

interface Transition {
  host: string;
  instance: string;
  state: string;
  time?: string;
  init: boolean;
  cause?: string;
}

function transitions(h: HostView): Transition[] {
  const log = sinceLastStart(h.log);
  const out: Transition[] = [];
  log.forEach((e: LogEntry, i) => {
    const m = STATE.exec(e.message);
    if (!m) return;
    const before = log.slice(Math.max(0, i - 5), i).reverse();
    const cause = m[3]
      ? 'keepalived started'
      : CAUSES.find((c) => before.some((b) => c.re.test(b.message)))?.why;
    out.push({
      host: h.ev.host,
      instance: m[1]!,
      state: m[2]!.toUpperCase(),
      time: e.time,
      init: !!m[3],
      cause,
    });
  });
  return out;
}

function describeCluster(c: ClusterView): string[] {
  const lines: string[] = [];
  const vrid = c.vrid !== undefined ? `VRID ${c.vrid}` : 'no VRID';
  const vips = c.vips.length > 0 ? c.vips.join(', ') : 'no VIP';
  const name = c.name.startsWith('VRID ') ? c.name : `${c.name} (${vrid}, ${vips})`;
  const members = c.members.map((m) => {
    const inst = instanceFor(m, c);
    const last = transitions(m)
      .filter((t) => !inst || t.instance === inst.name)
      .pop();
    const held = (m.addrs ?? []).filter((a) => c.vips.includes(a.address));
    const state = last
      ? `${last.state}${last.time ? ` since ${last.time}` : ''}`
      : m.running === false
        ? 'not running'
        : 'state not logged';
    const holds =
      held.length > 0
        ? ` holds ${held.map((a) => `${a.address}/${a.prefix} on ${a.ifname}`).join(', ')}`
        : '';
    return `${m.ev.host} ${state}${holds}`;
  });
  lines.push(`${name}: ${members.join('; ')}`);
  const recent = c.members
    .flatMap((m) => transitions(m).filter((t) => !t.init))
    .filter((t) => {
      const inst = instanceFor(
        c.members.find((m) => m.ev.host === t.host)!,
        c,
      );
      return !inst || inst.name === t.instance;
    })
    .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''))
    .slice(-3);
  for (const t of recent)
    lines.push(`  ${t.time ? `${t.time} ` : ''}${t.host} became ${t.state}${t.cause ? `: ${t.cause}` : ''}`);
  return lines;
}

const KINDS: {
  key: 'log' | 'config' | 'configTest' | 'ipAddr' | 'ipLink' | 'tcpdump' | 'firewall';
  label: string;
}[] = [
  { key: 'log', label: 'keepalived log' },
  { key: 'config', label: 'keepalived.conf' },
  { key: 'configTest', label: 'keepalived -t' },
  { key: 'ipAddr', label: 'addresses' },
  { key: 'ipLink', label: 'links' },
  { key: 'tcpdump', label: 'VRRP capture' },
  { key: 'firewall', label: 'firewall rules' },
];

export function describeState(ctx: Context): string[] {
  const out = ctx.clusters.filter((c) => c.vrid !== undefined || c.vips.length > 0).flatMap(describeCluster);
  const seen = KINDS.map((k) => {
    const on = ctx.hosts.filter((h) => h.ev[k.key] !== undefined).length;
    return on === 0
      ? undefined
      : on === ctx.hosts.length
        ? k.label
        : `${k.label} (${on} of ${ctx.hosts.length})`;
  }).filter((x): x is string => x !== undefined);
  const lines = ctx.hosts.reduce((n, h) => n + h.log.length, 0);
  if (seen.length > 0) out.push(`checked: ${seen.join(', ')}${lines > 0 ? `; ${lines} log lines read` : ''}`);
  return out;
}
