// Parsers for the small command outputs diagnose reads: ip -o addr/link, tcpdump -v, firewall rule sets.

export interface AddrLine {
  ifname: string;
  family: 'inet' | 'inet6';
  address: string;
  prefix: number;
  text: string;
}

export function parseIpAddr(text: string): AddrLine[] {
  const out: AddrLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+(\S+?)(?:@\S+)?\s+(inet6?)\s+([0-9a-fA-F.:]+)\/(\d+)/.exec(line.trim());
    if (m)
      out.push({
        ifname: m[1]!,
        family: m[2] as 'inet' | 'inet6',
        address: m[3]!,
        prefix: Number(m[4]),
        text: line.trim().replace(/\\\s+valid_lft.*$/, ''),
      });
  }
  return out;
}

export interface LinkLine {
  ifname: string;
  flags: string[];
  state?: string;
  text: string;
}

export function parseIpLink(text: string): LinkLine[] {
  const out: LinkLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)(?:@[^:\s]+)?:\s+<([^>]*)>(.*)$/.exec(line.trim());
    if (!m) continue;
    const state = /\bstate (\S+)/.exec(m[3] ?? '')?.[1];
    out.push({
      ifname: m[1]!,
      flags: m[2]!.split(','),
      state,
      text: line.trim().replace(/\\\s+link\/.*$/, ''),
    });
  }
  return out;
}

export interface Advert {
  sender: string;
  vrid: number;
  priority: number;
  addrs: string[];
  text: string;
}

/** `tcpdump -nn -v proto 112`: the advert's summary sits on the line after the IP header line. */
export function parseCapture(text: string): Advert[] {
  const out: Advert[] = [];
  for (const line of text.split('\n')) {
    const m = /(\S+) > (\S+): VRRPv\d, Advertisement, vrid (\d+), prio (\d+)(.*)$/.exec(line);
    if (!m) continue;
    const addrs = /addrs(?:\(\d+\))?: ([^\s,]+(?:,\s*[^\s,]+)*)/.exec(m[5] ?? '')?.[1]?.split(/,\s*/) ?? [];
    out.push({
      sender: m[1]!,
      vrid: Number(m[3]),
      priority: Number(m[4]),
      addrs,
      text: line.trim().replace(/ auth "[^"]*"/, ' auth "********"'),
    });
  }
  return out;
}

/** Rules that drop or reject IP protocol 112 (iptables-save or nft list ruleset). */
export function vrrpDropRules(firewall: string): string[] {
  return firewall
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (l) =>
        (/^-A\s/.test(l) && /\s-p\s+(vrrp|112)\b/.test(l) && /\s-j\s+(DROP|REJECT)\b/.test(l)) ||
        (/\b(ip protocol|meta l4proto|ip6 nexthdr)\s+(vrrp|112)\b/.test(l) && /\b(drop|reject)\b/.test(l)),
    );
}
