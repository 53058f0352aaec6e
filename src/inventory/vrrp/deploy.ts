import type { ClusterSpec, HostSpec, Inventory, NotifyScript, SourceLocation } from '../types.js';
import { at } from './kit.js';
import { NOTIFY_KINDS } from './scripts.js';
import { groupsOnHost } from './sync-group.js';

/** A script reference on one host: who refers to it, and where (clusters, sync groups, global_defs). */
export interface ScriptUse {
  owner: string;
  ref: NotifyScript;
  where: SourceLocation;
}

/**
 * Every script reference a host's keepalived.conf holds, in inventory order (clusters, groups, global_defs).
 * `mine` are the host's clusters (lint passes its index, so this stays linear over many hosts).
 */
export function scriptUses(
  inv: Inventory,
  hostName: string,
  mine: readonly ClusterSpec[] = inv.clusters.filter((c) => c.members.some((m) => m.host === hostName)),
  host: HostSpec | undefined = inv.hosts.find((h) => h.name === hostName),
): ScriptUse[] {
  const uses: ScriptUse[] = [];
  for (const c of mine) {
    for (const k of NOTIFY_KINDS) {
      const ref = c.notify[k];
      if (ref)
        uses.push({
          owner: `cluster ${c.name}`,
          ref,
          where: at(c, `notify.${k}.content`, at(c, `notify.${k}`)),
        });
    }
  }
  if (host) {
    for (const { group: g } of groupsOnHost(inv, host, mine)) {
      for (const k of NOTIFY_KINDS) {
        const ref = g.notify[k];
        if (ref)
          uses.push({
            owner: `sync group ${g.name}`,
            ref,
            where: at(g, `notify.${k}.content`, at(g, `notify.${k}`)),
          });
      }
    }
    const gd = host.globalDefs;
    for (const k of ['notify_fifo_script', 'vrrp_notify_fifo_script'] as const) {
      const ref = gd?.[k];
      if (ref && gd)
        uses.push({ owner: `host ${host.name} global_defs`, ref, where: at(gd, `${k}.content`, at(gd, k)) });
    }
  }
  return uses;
}
