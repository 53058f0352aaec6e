import { canonicalAddress, ipFamily } from '../ip.js';
import type { ClusterSpec, Inventory } from '../types.js';
import type { Findings } from '../vrrp/kit.js';
import { lintVirtualServerGroups, virtualServerGroupLines, virtualServerGroupsShape } from './group.js';
import {
  lintVirtualServers,
  lvsRunsScripts,
  virtualServerLines,
  virtualServersShape,
} from './virtual-server.js';

// The LVS side registered in one place: the cluster keys (schema.ts), the lint pass (lint.ts) and the blocks
// a host's keepalived.conf carries (render/view.ts). Each concept lives in its own file beside this one.

export const lvsShape = { ...virtualServerGroupsShape, ...virtualServersShape };

export function lintLvs(inv: Inventory, f: Findings): void {
  const members = new Map<string, string>();
  for (const h of inv.hosts) if (ipFamily(h.address)) members.set(canonicalAddress(h.address), h.name);
  for (const c of inv.clusters) {
    if (!c.virtualServers?.length && !c.virtualServerGroups) continue;
    const mine = new Map([...members].filter(([, host]) => c.members.some((m) => m.host === host)));
    lintVirtualServerGroups(c, f);
    const groups = Object.entries(c.virtualServerGroups ?? {});
    lintVirtualServers(
      {
        cluster: c,
        groups: new Set(groups.map(([name]) => name)),
        groupsWithMark: new Set(
          groups.filter(([, entries]) => entries.some((e) => 'fwmark' in e)).map(([name]) => name),
        ),
        groupPorts: new Map(
          groups.map(([name, entries]) => [name, entries.flatMap((e) => ('port' in e ? [e.port] : []))]),
        ),
        memberAddresses: mine,
      },
      f,
    );
  }
}

/** virtual_server_group and virtual_server blocks of the clusters on one host, groups first. */
export function lvsLines(clusters: readonly ClusterSpec[]): string[] {
  const lines: string[] = [];
  for (const c of clusters) {
    for (const [name, entries] of Object.entries(c.virtualServerGroups ?? {}))
      lines.push(...virtualServerGroupLines(name, entries));
  }
  for (const c of clusters) for (const vs of c.virtualServers ?? []) lines.push(...virtualServerLines(vs));
  return lines;
}

/** Does any cluster here have virtual servers (install ipvsadm, verify reads IPVS)? */
export function hasVirtualServers(clusters: readonly ClusterSpec[]): boolean {
  return clusters.some((c) => (c.virtualServers?.length ?? 0) > 0);
}

export function lvsRunsScriptsOn(clusters: readonly ClusterSpec[]): boolean {
  return clusters.some((c) => lvsRunsScripts(c.virtualServers ?? []));
}
