import { canonicalAddress, ipFamily } from '../inventory/ip.js';
import { vrrpConf, type InstanceConf } from '../keepalived/instances.js';
import type { ConfigDiagnostic, ParsedConfig } from '../keepalived/types.js';

// Which instances on different hosts are one virtual router: the same VRID, and the same instance name, shared
// VIPs, or unicast peers that list each other. Two routers that reuse a VRID with other VIPs (another segment) stay two clusters. An instance
// without a VRID cannot be placed; it is reported.

export interface Member {
  host: string;
  parsed: ParsedConfig;
  instance: InstanceConf;
}

export interface ImportedCluster {
  name: string;
  vrid: number;
  members: Member[];
}

const vipKeys = (i: InstanceConf): string[] =>
  i.vips.map((v) => (ipFamily(v.address) ? canonicalAddress(v.address) : v.address));

/** Unicast instances that list each other's source address are one virtual router. */
function peers(a: InstanceConf, b: InstanceConf): boolean {
  const lists = (x: InstanceConf, y: InstanceConf): boolean =>
    y.unicastSrcIp !== undefined && x.unicastPeers.some((p) => p.value === y.unicastSrcIp!.value);
  return lists(a, b) && lists(b, a);
}

/** vipctl's own default instance name for a cluster (VI_<name>): re-importing a vipctl config keeps its names. */
export function vipctlClusterName(instance: string): string | undefined {
  const m = /^VI_([a-z][a-z0-9-]*)$/.exec(instance);
  return m?.[1];
}

/** Inventory names: lower case letters, digits and dashes. */
export function clusterName(instance: string): string {
  const n = instance
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return n === '' ? 'cluster' : /^[a-z0-9]/.test(n) ? n : `c-${n}`;
}

export function clusterInstances(
  hosts: { host: string; parsed: ParsedConfig }[],
  findings: ConfigDiagnostic[],
): ImportedCluster[] {
  const all: Member[] = [];
  for (const h of hosts) {
    for (const instance of vrrpConf(h.parsed).instances) {
      const vrid = instance.virtualRouterId?.value;
      if (vrid === undefined || !/^\d+$/.test(vrid)) {
        findings.push({
          code: 'IMP003',
          severity: 'error',
          location: instance.loc,
          message: `vrrp_instance ${instance.name} on ${h.host} has no usable virtual_router_id; it is not imported`,
          hint: 'check-config shows why; fix the config and import again',
        });
        continue;
      }
      all.push({ host: h.host, parsed: h.parsed, instance });
    }
  }
  // union-find over instances with one VRID
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let a = 0; a < all.length; a++) {
    for (let b = a + 1; b < all.length; b++) {
      const x = all[a]!;
      const y = all[b]!;
      if (x.host === y.host || x.instance.virtualRouterId!.value !== y.instance.virtualRouterId!.value)
        continue;
      const shareVip = vipKeys(x.instance).some((v) => vipKeys(y.instance).includes(v));
      if (x.instance.name === y.instance.name || shareVip || peers(x.instance, y.instance))
        parent[find(b)] = find(a);
    }
  }
  const groups = new Map<number, Member[]>();
  all.forEach((m, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), m]));
  const out: ImportedCluster[] = [];
  const used = new Set<string>();
  for (const members of groups.values()) {
    // one host, one member: a second instance of the same host starts its own cluster
    const byHost = new Map<string, Member[]>();
    for (const m of members) byHost.set(m.host, [...(byHost.get(m.host) ?? []), m]);
    const rounds = Math.max(...[...byHost.values()].map((l) => l.length));
    for (let r = 0; r < rounds; r++) {
      const ms = [...byHost.values()].flatMap((l) => (l[r] ? [l[r]!] : []));
      const vrid = Number(ms[0]!.instance.virtualRouterId!.value);
      let name = vipctlClusterName(ms[0]!.instance.name) ?? clusterName(ms[0]!.instance.name);
      if (used.has(name)) name = `${name}-vrid${vrid}`;
      for (let k = 2; used.has(name); k++) name = `${clusterName(ms[0]!.instance.name)}-${k}`;
      used.add(name);
      out.push({ name, vrid, members: ms });
    }
  }
  return out;
}
