import type { Inventory } from '../inventory/types.js';
import { scriptUses } from '../inventory/vrrp/deploy.js';

/** A script vipctl deploys (mode 0755) because the inventory gives its content. */
export interface DeployedScript {
  path: string;
  content: string;
  /** who refers to it: "cluster NAME", "sync group NAME", "host NAME global_defs" */
  clusters: string[];
}

/**
 * Scripts with content for one host (notify of clusters and sync groups, global_defs FIFO scripts), one per
 * path, in inventory order (lint NOT003 guarantees that one path never carries two contents on one host;
 * NOT004 that every path is under /etc/keepalived/).
 */
export function notifyScriptsFor(inv: Inventory, hostName: string): DeployedScript[] {
  const byPath = new Map<string, DeployedScript>();
  for (const { owner, ref } of scriptUses(inv, hostName)) {
    if (ref.content === undefined) continue;
    const name = owner.replace(/^cluster /, '');
    const known = byPath.get(ref.path);
    if (known) {
      if (!known.clusters.includes(name)) known.clusters.push(name);
    } else byPath.set(ref.path, { path: ref.path, content: ref.content, clusters: [name] });
  }
  return [...byPath.values()];
}
