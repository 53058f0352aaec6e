// Live evidence: one script per host, one round trip, sections delimited by markers. Installs nothing: a missing
// tool is reported in the "missing" section and that check is skipped.
import { shq } from '../ssh/quote.js';
import type { HostConnection } from '../ssh/types.js';
import type { HostEvidence, HostFacts } from './evidence.js';
import { journalSince } from './since.js';

const MARK = '@@VIPCTL-DIAG';
const CONF = '/etc/keepalived/keepalived.conf';

export interface GatherOptions {
  /** log window: "10m", "2h", "1 hour ago" or a timestamp (see since.ts) */
  since: string;
  /** the VRRP interface from the inventory */
  interface: string;
  /** seconds of tcpdump capture */
  captureSeconds: number;
}

export function gatherScript(opts: GatherOptions): string {
  return [
    `IF=${shq(opts.interface)}; SINCE=${shq(journalSince(opts.since))}; CONF=${shq(CONF)}`,
    `sec() { printf '\\n${MARK} %s@@\\n' "$1"; }`,
    'have() { command -v "$1" >/dev/null 2>&1; }',
    // the firewall is read with either tool: only a host with neither lacks the check
    'sec missing; for t in journalctl keepalived ip tcpdump; do have "$t" || echo "$t"; done',
    'have iptables-save || have nft || echo "iptables-save or nft"',
    'sec log',
    'if have journalctl && [ -d /run/systemd/system ]; then journalctl -u keepalived --since "$SINCE" --no-pager -o short-iso 2>&1',
    'else for f in /var/log/syslog /var/log/messages /var/log/daemon.log; do [ -r "$f" ] && grep -a -i keepalived "$f" | tail -n 2000; done; fi',
    'sec service',
    'if [ -d /run/systemd/system ]; then systemctl is-active keepalived 2>/dev/null; else echo unknown; fi',
    // the service manager's word is not proof (runbook §8): count keepalived processes too
    'sec processes; grep -lx keepalived /proc/[0-9]*/comm 2>/dev/null | wc -l',
    'sec version; have keepalived && keepalived --version 2>&1 | head -n 1',
    'sec config; [ -r "$CONF" ] && cat "$CONF"',
    // keepalived 1.x has no -t (it says "invalid option" and exits 0): test only where --help offers it
    'sec config-test; if have keepalived && [ -r "$CONF" ] && keepalived --help 2>&1 | grep -q -e --config-test; then timeout 20 keepalived -t -f "$CONF" 2>&1; echo "exit $?"; fi',
    'sec ip-addr; ip -o addr 2>&1',
    'sec ip-link; ip -o link 2>&1',
    'sec firewall; have iptables-save && iptables-save 2>/dev/null; have nft && nft list ruleset 2>/dev/null',
    'sec sysctl',
    'for k in all "$IF"; do printf "net.ipv4.conf.%s.rp_filter=%s\\n" "$k" "$(cat /proc/sys/net/ipv4/conf/"$k"/rp_filter 2>/dev/null)"; done',
    'printf "net.ipv4.ip_nonlocal_bind=%s\\n" "$(cat /proc/sys/net/ipv4/ip_nonlocal_bind 2>/dev/null)"',
    'sec maddr; ip maddr show dev "$IF" 2>&1',
    'sec ipset; if have ipset; then echo yes; else echo no; fi',
    // timeout 0 would mean "no limit": no capture at all then
    opts.captureSeconds > 0
      ? `sec tcpdump; have tcpdump && timeout ${opts.captureSeconds} tcpdump -nn -v -l -i "$IF" proto 112 2>&1`
      : 'sec tcpdump-skipped',
    'sec end; true',
  ].join('\n');
}

export function parseSections(stdout: string): Map<string, string> {
  const sections = new Map<string, string>();
  const re = new RegExp(`^${MARK} ([\\w-]+)@@$`, 'gm');
  const marks = [...stdout.matchAll(re)];
  marks.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length + 1;
    const end = i + 1 < marks.length ? (marks[i + 1]!.index ?? stdout.length) - 1 : stdout.length;
    sections.set(m[1]!, stdout.slice(start, Math.max(start, end)));
  });
  return sections;
}

/** Turns the script's output into evidence; empty sections stay undefined (nothing to say). */
export function evidenceFromOutput(host: string, stdout: string): HostEvidence {
  const s = parseSections(stdout);
  const text = (name: string): string | undefined => {
    const v = s.get(name);
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const missing = (text('missing') ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const sysctl: Record<string, string> = {};
  for (const line of (text('sysctl') ?? '').split('\n')) {
    const m = /^([\w.-]+)=(.*)$/.exec(line.trim());
    if (m && m[2] !== '') sysctl[m[1]!] = m[2]!;
  }
  const active = text('service')?.trim();
  const processes = Number(text('processes')?.trim() ?? 'NaN');
  const facts: HostFacts = {
    service: {
      active: active === 'unknown' ? undefined : active,
      vrrpProcess: Number.isFinite(processes) ? processes > 0 : undefined,
    },
    version: text('version')?.trim(),
    sysctl,
    maddr: text('maddr'),
    ipsetInstalled: text('ipset')?.trim() === 'yes',
    missingTools: missing,
  };
  return {
    host,
    log: s.get('log') ?? undefined,
    config: text('config'),
    configTest: text('config-test'),
    ipAddr: text('ip-addr'),
    ipLink: text('ip-link'),
    tcpdump: missing.includes('tcpdump') ? undefined : s.get('tcpdump'),
    firewall: s.get('firewall'),
    facts,
  };
}

export async function gatherHost(
  host: string,
  conn: HostConnection,
  opts: GatherOptions,
): Promise<HostEvidence> {
  const r = await conn.run(gatherScript(opts), {
    become: true,
    timeoutMs: 60_000 + opts.captureSeconds * 1000,
  });
  return evidenceFromOutput(host, r.stdout);
}
