// firewall.vrrp: let VRRP (IP protocol 112) in from the members of the host's clusters that ask for it
// (`firewall: true`), in nftables or iptables, whichever filters the host's input. Only vipctl's own chain
// (nft `vipctl_vrrp`, iptables `VIPCTL-VRRP`) and one jump to it at the top of each input chain are written;
// no other rule is touched. In nftables a chain of its own table would not do: an accept in one base chain
// does not stop another base chain on the same hook from dropping the packet, so the jump goes into the
// table that filters.
import { createHash } from 'node:crypto';
import { isIPv4 } from 'node:net';
import {
  IPT_CHAIN,
  NFT_CHAIN,
  NFT_JUMP_COMMENT,
  type FirewallState,
  type IptState,
} from '../facts/firewall.js';
import { shq } from '../ssh/quote.js';
import { clustersOf } from './prereq-files.js';
import { OperationError, type Change, type Operation, type OperationContext } from './types.js';

/** What to admit: IPv4 adverts from these sources ('any' when a member has no IPv4 address), IPv6 from fe80::/10. */
export interface VrrpAdmission {
  v4?: string[] | 'any';
  v6: boolean;
  clusters: string[];
}

export function wantedAdmission(ctx: OperationContext): VrrpAdmission | undefined {
  const asking = clustersOf(ctx).filter((c) => c.firewall);
  if (asking.length === 0) return undefined;
  const address = new Map(ctx.inventory.hosts.map((h) => [h.name, h.address]));
  const v4Clusters = asking.filter((c) => c.vips.some((v) => v.family === 4));
  let v4: VrrpAdmission['v4'];
  if (v4Clusters.length > 0) {
    const sources = v4Clusters.flatMap((c) => c.members.map((m) => address.get(m.host) ?? ''));
    v4 = sources.every((s) => isIPv4(s)) ? [...new Set(sources)].sort() : 'any';
  }
  return {
    v4,
    v6: asking.some((c) => c.vips.some((v) => v.family === 6)),
    clusters: asking.map((c) => c.name),
  };
}

export function nftRules(family: string, want: VrrpAdmission): string[] {
  const rules: string[] = [];
  if (want.v4 && family !== 'ip6')
    rules.push(`ip protocol 112 ${want.v4 === 'any' ? '' : `ip saddr { ${want.v4.join(', ')} } `}accept`);
  if (want.v6 && family !== 'ip') rules.push('meta l4proto 112 ip6 saddr fe80::/10 accept');
  return rules;
}

export function admissionHash(want: VrrpAdmission): string {
  return createHash('sha256')
    .update(JSON.stringify({ v4: want.v4 ?? null, v6: want.v6 }))
    .digest('hex')
    .slice(0, 12);
}

/** The nft script that brings every input chain to `want` (undefined: removes vipctl's chains and jumps). */
export function nftScript(fw: FirewallState, want: VrrpAdmission | undefined): string | undefined {
  const hash = want ? admissionHash(want) : '';
  const lines: string[] = [];
  const tablesWanted = new Set<string>();
  for (const c of fw.inputChains) {
    const rules = want ? nftRules(c.family, want) : [];
    const t = `${c.family} ${c.table}`;
    if (rules.length === 0) {
      if (c.jumpHandle !== undefined) lines.push(`delete rule ${t} ${c.chain} handle ${c.jumpHandle}`);
      continue;
    }
    if (!tablesWanted.has(t)) {
      tablesWanted.add(t);
      if (fw.ownChains[t] !== hash) {
        lines.push(`add chain ${t} ${NFT_CHAIN}`, `flush chain ${t} ${NFT_CHAIN}`);
        for (const r of rules) lines.push(`add rule ${t} ${NFT_CHAIN} ${r} comment "vipctl:${hash}"`);
      }
    }
    if (c.jumpHandle === undefined)
      lines.push(`insert rule ${t} ${c.chain} jump ${NFT_CHAIN} comment "${NFT_JUMP_COMMENT}"`);
  }
  // vipctl's chains no input chain needs any more (their jumps are deleted above, in the same transaction)
  for (const t of Object.keys(fw.ownChains))
    if (!tablesWanted.has(t)) lines.push(`delete chain ${t} ${NFT_CHAIN}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : undefined;
}

/** The iptables (or ip6tables) commands that bring INPUT to `sources` (undefined: remove vipctl's chain). */
export function iptCommands(
  tool: 'iptables' | 'ip6tables',
  st: IptState | undefined,
  sources: string[] | undefined,
): string | undefined {
  if (!st) return undefined;
  const t = `${tool} -w`;
  if (!sources) {
    if (!st.chainExists) return undefined;
    return `{ ${t} -D INPUT -j ${IPT_CHAIN} 2>/dev/null; ${t} -F ${IPT_CHAIN} && ${t} -X ${IPT_CHAIN}; }`;
  }
  if (!st.filtering && !st.chainExists) return undefined; // nothing filters input here
  const same =
    st.chainExists && st.jump && JSON.stringify(st.sources) === JSON.stringify([...sources].sort());
  if (same) return undefined;
  return iptAdmit(tool, sources);
}

/** vipctl's chain refilled with `sources` and jumped to once from INPUT (idempotent; also run at boot). */
export function iptAdmit(tool: 'iptables' | 'ip6tables', sources: string[]): string {
  const t = `${tool} -w`;
  return [
    `{ ${t} -N ${IPT_CHAIN} 2>/dev/null || true; }`,
    `${t} -F ${IPT_CHAIN}`,
    ...sources.map((s) => `${t} -A ${IPT_CHAIN} -s ${shq(s)} -p 112 -j ACCEPT`),
    `{ ${t} -C INPUT -j ${IPT_CHAIN} 2>/dev/null || ${t} -I INPUT 1 -j ${IPT_CHAIN}; }`,
  ].join(' && ');
}

/** The admission as iptables and ip6tables sources (as iptables prints them); undefined: that family not asked. */
export function iptSources(
  want: VrrpAdmission | undefined,
): Record<'iptables' | 'ip6tables', string[] | undefined> {
  return {
    iptables: want?.v4 ? (want.v4 === 'any' ? ['0.0.0.0/0'] : want.v4.map((a) => `${a}/32`)) : undefined,
    ip6tables: want?.v6 ? ['fe80::/10'] : undefined,
  };
}

export const firewallVrrp: Operation = {
  name: 'firewall.vrrp',
  async plan(_args, ctx) {
    const fw = ctx.facts.firewall;
    if (!fw) return [];
    const want = wantedAdmission(ctx);
    const changes: Change[] = [];
    const script = fw.nft ? nftScript(fw, want) : undefined;
    const what = want
      ? `admit VRRP from the members of ${want.clusters.join(', ')}`
      : "remove vipctl's VRRP rules";
    if (script) {
      changes.push({
        description: `${what} (nftables chain ${NFT_CHAIN})`,
        diff: `--- nft (on host)\n+++ nft (vipctl)\n${script.trimEnd().replace(/^/gm, '+ ')}\n`,
        async apply(c) {
          const r = await c.conn.run('nft -f -', { stdin: script, become: true, timeoutMs: 30_000 });
          if (r.code !== 0) throw new OperationError('nft refused the VRRP rules', r.stderr.trim());
        },
        effect(facts) {
          const f = facts.firewall!;
          const hash = want ? admissionHash(want) : '';
          f.ownChains = {};
          for (const c of f.inputChains) {
            const needed = want ? nftRules(c.family, want).length > 0 : false;
            c.jumpHandle = needed ? -1 : undefined;
            if (needed) f.ownChains[`${c.family} ${c.table}`] = hash;
          }
        },
      });
    }
    for (const [tool, sources] of Object.entries(iptSources(want)) as [
      'iptables' | 'ip6tables',
      string[] | undefined,
    ][]) {
      const cmd = iptCommands(tool, fw[tool], sources);
      if (!cmd) continue;
      changes.push({
        description: `${what} (${tool} chain ${IPT_CHAIN})`,
        async apply(c) {
          const r = await c.conn.run(cmd, { become: true, timeoutMs: 30_000 });
          if (r.code !== 0) throw new OperationError(`${tool} refused the VRRP rules`, r.stderr.trim());
        },
        effect(facts) {
          const st = facts.firewall![tool]!;
          Object.assign(
            st,
            sources
              ? { chainExists: true, jump: true, sources: [...sources].sort() }
              : { chainExists: false, jump: false, sources: [] },
          );
        },
      });
    }
    return changes;
  },
};
