// The host firewall as it concerns VRRP: nftables input base chains and vipctl's own chain in their tables, and
// iptables/ip6tables INPUT with vipctl's VIPCTL-VRRP chain. Read only where the tools exist.
import type { Fact } from './fact.js';

export const NFT_CHAIN = 'vipctl_vrrp';
export const NFT_JUMP_COMMENT = 'vipctl-vrrp';
export const IPT_CHAIN = 'VIPCTL-VRRP';

export interface NftBaseChain {
  family: string;
  table: string;
  chain: string;
  policy: string;
  /** handle of vipctl's jump rule in this chain, if there is one */
  jumpHandle?: number;
}

export interface IptState {
  /** INPUT drops or has rules of its own: VRRP needs letting in */
  filtering: boolean;
  chainExists: boolean;
  jump: boolean;
  /** sources of VIPCTL-VRRP's ACCEPT rules for proto 112, as iptables prints them (a.b.c.d/32) */
  sources: string[];
}

export interface FirewallState {
  nft: boolean;
  /** input filter base chains nft manages (iptables' own INPUT chains are left to iptables) */
  inputChains: NftBaseChain[];
  /** vipctl's chain per "family table": the hash in its rules' comment ('' when it has no rules) */
  ownChains: Record<string, string>;
  iptables?: IptState;
  ip6tables?: IptState;
}

export function parseNftRuleset(text: string): Pick<FirewallState, 'inputChains' | 'ownChains'> {
  const inputChains: NftBaseChain[] = [];
  const ownChains: Record<string, string> = {};
  let table: { family: string; name: string } | undefined;
  let chain: string | undefined;
  let base: NftBaseChain | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^table (\S+) (\S+) \{/.exec(line))) {
      table = { family: m[1]!, name: m[2]! };
      chain = undefined;
    } else if ((m = /^chain (\S+) \{/.exec(line)) && table) {
      chain = m[1]!;
      base = undefined;
      if (chain === NFT_CHAIN) ownChains[`${table.family} ${table.name}`] = '';
    } else if ((m = /^type filter hook input\b.*?(?:policy (\w+);)?$/.exec(line)) && table && chain) {
      const iptablesOwn =
        (table.family === 'ip' || table.family === 'ip6') && table.name === 'filter' && chain === 'INPUT';
      if (!iptablesOwn && ['ip', 'ip6', 'inet'].includes(table.family)) {
        base = { family: table.family, table: table.name, chain, policy: m[1] ?? 'accept' };
        inputChains.push(base);
      }
    } else if (table && chain) {
      if (base && new RegExp(`\\bjump ${NFT_CHAIN}\\b`).test(line)) {
        const h = /# handle (\d+)/.exec(line);
        if (h) base.jumpHandle = Number(h[1]);
      }
      const c = /comment "vipctl:([0-9a-f]+)"/.exec(line);
      if (chain === NFT_CHAIN && c) ownChains[`${table.family} ${table.name}`] = c[1]!;
    }
  }
  return { inputChains, ownChains };
}

export function parseIptables(text: string): IptState | undefined {
  if (!text.trim()) return undefined;
  const lines = text.split('\n').map((l) => l.trim());
  const policy = /^-P INPUT (\S+)/.exec(lines.find((l) => l.startsWith('-P INPUT')) ?? '')?.[1] ?? 'ACCEPT';
  const inputRules = lines.filter((l) => l.startsWith('-A INPUT '));
  const jump = inputRules.some((l) => l === `-A INPUT -j ${IPT_CHAIN}`);
  const sources = lines
    .filter((l) => l.startsWith(`-A ${IPT_CHAIN} `) && /-p (vrrp|112)\b/.test(l) && /-j ACCEPT$/.test(l))
    .map((l) => /-s (\S+)/.exec(l)?.[1] ?? '0.0.0.0/0');
  return {
    filtering: policy !== 'ACCEPT' || inputRules.some((l) => l !== `-A INPUT -j ${IPT_CHAIN}`),
    chainExists: lines.includes(`-N ${IPT_CHAIN}`),
    jump,
    sources: sources.sort(),
  };
}

const SECTION = '@@vipctl-fw:';

export const firewallState: Fact<FirewallState> = {
  name: 'firewall',
  command: [
    `if command -v nft >/dev/null 2>&1; then echo '${SECTION}nft'; nft -a list ruleset; fi`,
    `if command -v iptables >/dev/null 2>&1; then echo '${SECTION}iptables'; iptables -w -S; fi`,
    `if command -v ip6tables >/dev/null 2>&1; then echo '${SECTION}ip6tables'; ip6tables -w -S; fi`,
  ].join('\n'),
  parse(stdout) {
    const parts: Record<string, string> = {};
    let current: string | undefined;
    for (const line of stdout.split('\n')) {
      if (line.startsWith(SECTION)) {
        current = line.slice(SECTION.length);
        parts[current] = '';
      } else if (current) parts[current] += `${line}\n`;
    }
    const nft = parts.nft !== undefined;
    return {
      nft,
      ...(nft ? parseNftRuleset(parts.nft!) : { inputChains: [], ownChains: {} }),
      iptables: parts.iptables !== undefined ? parseIptables(parts.iptables) : undefined,
      ip6tables: parts.ip6tables !== undefined ? parseIptables(parts.ip6tables) : undefined,
    };
  },
};

/** net.ipv4/ipv6.ip_nonlocal_bind as the kernel has them now ('' when the key does not exist). */
export const nonlocalBind: Fact<{ v4: string; v6: string }> = {
  name: 'nonlocal-bind',
  // read by the shell itself: no process
  command: [
    'v=; read -r v < /proc/sys/net/ipv4/ip_nonlocal_bind; echo "v4=$v"',
    'v=; read -r v < /proc/sys/net/ipv6/ip_nonlocal_bind; echo "v6=$v"',
  ].join('\n'),
  parse(stdout) {
    const kv = Object.fromEntries(stdout.split('\n').map((l) => l.trim().split('=', 2) as [string, string]));
    return { v4: kv.v4 ?? '', v6: kv.v6 ?? '' };
  },
};
