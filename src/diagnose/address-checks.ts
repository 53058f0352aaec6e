// The addresses hosts actually hold (`ip -o addr`) against what their keepalived.conf asks for: a VIP on the
// wrong interface or with another prefix, a VIP on a host outside its cluster, a VIP nobody holds, and one VRID
// used by two clusters on one segment. Each check is silent when the addresses it needs are unknown.
import { instanceFor, type ClusterView, type Context, type HostView } from './context.js';
import type { Hit } from './fact-checks.js';
import type { EvidenceLine } from './findings.js';

const ev = (host: string, source: string, text: string): EvidenceLine => ({ host, source, text, count: 1 });
const addrSource = (h: HostView): string => `ip-addr-${h.ev.host}.txt`;

/** Where a member's config puts each VIP: the dev of its virtual_ipaddress line, else the instance's interface. */
function wanted(h: HostView, c: ClusterView): { address: string; prefix: number; ifname?: string }[] {
  const inst = instanceFor(h, c);
  if (!inst) return [];
  return inst.vipSpecs.map((v) => ({
    address: v.address,
    prefix: v.prefix,
    ifname: v.dev ?? inst.interface,
  }));
}

export function vipWrongInterface(ctx: Context): Hit[] {
  return ctx.clusters.flatMap((c) =>
    c.members.flatMap((h) => {
      const wrong = wanted(h, c).flatMap((w) =>
        (h.addrs ?? [])
          .filter((a) => a.address === w.address && w.ifname !== undefined && a.ifname !== w.ifname)
          .map((a) => ({ a, w })),
      );
      if (wrong.length === 0) return [];
      return [
        {
          hosts: [h.ev.host],
          evidence: wrong.flatMap(({ a, w }) => [
            ev(h.ev.host, addrSource(h), a.text),
            ev(h.ev.host, `${h.ev.host}.conf`, `virtual_ipaddress ${w.address}/${w.prefix} on ${w.ifname}`),
          ]),
          vars: {
            vip: wrong[0]!.a.address,
            held: wrong[0]!.a.ifname,
            interface: wrong[0]!.w.ifname!,
          },
        },
      ];
    }),
  );
}

export function vipWrongPrefix(ctx: Context): Hit[] {
  return ctx.clusters.flatMap((c) =>
    c.members.flatMap((h) => {
      const wrong = wanted(h, c).flatMap((w) =>
        (h.addrs ?? [])
          .filter((a) => a.address === w.address && a.prefix !== w.prefix)
          .map((a) => ({ a, w })),
      );
      if (wrong.length === 0) return [];
      return [
        {
          hosts: [h.ev.host],
          evidence: wrong.flatMap(({ a, w }) => [
            ev(h.ev.host, addrSource(h), a.text),
            ev(h.ev.host, `${h.ev.host}.conf`, `virtual_ipaddress ${w.address}/${w.prefix}`),
          ]),
          vars: {
            vip: wrong[0]!.a.address,
            held: `/${wrong[0]!.a.prefix}`,
            want: `/${wrong[0]!.w.prefix}`,
          },
        },
      ];
    }),
  );
}

/** A host outside the cluster (not configured for this VIP) holds it: added by hand, or another cluster's config. */
export function vipForeignHost(ctx: Context): Hit[] {
  return ctx.clusters.flatMap((c) =>
    ctx.hosts.flatMap((h) => {
      if (c.members.includes(h)) return [];
      // a host whose own config has this VIP belongs to a cluster that claims it: that is vrid/VIP overlap
      const claims = h.instances.some((i) => i.vips.some((v) => c.vips.includes(v)));
      const held = (h.addrs ?? []).filter((a) => c.vips.includes(a.address));
      if (claims || held.length === 0) return [];
      return [
        {
          hosts: [h.ev.host],
          evidence: held.map((a) => ev(h.ev.host, addrSource(h), a.text)),
          vars: { vip: held[0]!.address, cluster: c.name },
        },
      ];
    }),
  );
}

/** Every member's addresses are known, keepalived runs on one at least, and no one holds a VIP. */
export function vipMissing(ctx: Context): Hit[] {
  return ctx.clusters.flatMap((c) => {
    if (c.members.length === 0 || c.members.some((m) => m.addrs === undefined)) return [];
    if (!c.members.some((m) => m.running !== false && instanceFor(m, c) !== undefined)) return [];
    const vips = c.vips.filter((v) => !ctx.hosts.some((h) => (h.addrs ?? []).some((a) => a.address === v)));
    if (vips.length === 0) return [];
    return [
      {
        hosts: c.members.map((m) => m.ev.host),
        evidence: c.members.map((m) =>
          ev(
            m.ev.host,
            addrSource(m),
            `no ${vips.join(', ')} among ${(m.addrs ?? []).filter((a) => a.ifname !== 'lo').length} addresses`,
          ),
        ),
        vars: { vip: vips.join(', '), cluster: c.name },
      },
    ];
  });
}

/** Two clusters with one VRID on one segment and no VIP in common: each hijacks the other's adverts. */
export function vridReused(ctx: Context): Hit[] {
  const seen = new Set<string>();
  return ctx.clusters.flatMap((a) =>
    ctx.clusters.flatMap((b) => {
      if (a === b || a.vrid === undefined || a.vrid !== b.vrid) return [];
      if (a.vips.length === 0 || b.vips.length === 0 || a.vips.some((v) => b.vips.includes(v))) return [];
      const sa = a.segments ?? [];
      const sb = b.segments ?? [];
      if (sa.length > 0 && sb.length > 0 && !sa.some((x) => sb.includes(x))) return [];
      const key = [a.name, b.name].sort().join('\0');
      if (seen.has(key)) return [];
      seen.add(key);
      const both = [...a.members, ...b.members];
      return [
        {
          hosts: [...new Set(both.map((m) => m.ev.host))],
          evidence: both.map((m) =>
            ev(
              m.ev.host,
              `${m.ev.host}.conf`,
              `virtual_router_id ${a.vrid}, virtual_ipaddress ${(a.members.includes(m) ? a : b).vips.join(' ')}`,
            ),
          ),
          vars: {
            vrid: String(a.vrid),
            first: `${a.members.map((m) => m.ev.host).join(', ')} (${a.vips.join(' ')})`,
            second: `${b.members.map((m) => m.ev.host).join(', ')} (${b.vips.join(' ')})`,
          },
        },
      ];
    }),
  );
}

/** keepalived rejects an instance whose VRID is outside 1–255 (vrid-invalid says so): it is nobody's cluster. */
const validVrid = (c: ClusterView): boolean => c.vrid !== undefined && c.vrid >= 1 && c.vrid <= 255;

/** One VIP configured under two VRIDs on one segment: two masters, each with the VIP. */
export function vridMismatch(ctx: Context): Hit[] {
  const seen = new Set<string>();
  return ctx.clusters.flatMap((a) =>
    ctx.clusters.flatMap((b) => {
      if (a === b || a.expected || b.expected || !validVrid(a) || !validVrid(b) || a.vrid === b.vrid)
        return [];
      // a cluster whose keepalived is down everywhere elects nobody: its config is not a second master
      if (!a.members.some((m) => m.running !== false) || !b.members.some((m) => m.running !== false))
        return [];
      const shared = a.vips.filter((v) => b.vips.includes(v));
      if (shared.length === 0) return [];
      const sa = a.segments ?? [];
      const sb = b.segments ?? [];
      if (sa.length > 0 && sb.length > 0 && !sa.some((x) => sb.includes(x))) return [];
      const key = [a.name, b.name].sort().join('\0');
      if (seen.has(key)) return [];
      seen.add(key);
      const both = [...a.members, ...b.members];
      return [
        {
          hosts: [...new Set(both.map((m) => m.ev.host))],
          evidence: both.map((m) =>
            ev(
              m.ev.host,
              `${m.ev.host}.conf`,
              `virtual_router_id ${(a.members.includes(m) ? a : b).vrid}, virtual_ipaddress ${shared.join(' ')}`,
            ),
          ),
          vars: {
            vip: shared.join(', '),
            first: `VRID ${a.vrid} on ${a.members.map((m) => m.ev.host).join(', ')}`,
            second: `VRID ${b.vrid} on ${b.members.map((m) => m.ev.host).join(', ')}`,
          },
        },
      ];
    }),
  );
}
