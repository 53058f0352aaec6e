import type { Inventory } from '../inventory/types.js';

/** A notify script vipctl deploys (mode 0755) because the inventory gives its content. */
export interface DeployedScript {
  path: string;
  content: string;
  /** clusters whose notify refers to it */
  clusters: string[];
}

/**
 * Notify scripts with content for one host, one per path, in inventory order (lint NOT003 guarantees that
 * one path never carries two contents on one host).
 */
export function notifyScriptsFor(inv: Inventory, hostName: string): DeployedScript[] {
  const byPath = new Map<string, DeployedScript>();
  for (const c of inv.clusters) {
    if (!c.members.some((m) => m.host === hostName)) continue;
    for (const kind of ['master', 'backup', 'fault', 'stop'] as const) {
      const script = c.notify[kind];
      if (script?.content === undefined) continue;
      const known = byPath.get(script.path);
      if (known) {
        if (!known.clusters.includes(c.name)) known.clusters.push(c.name);
      } else byPath.set(script.path, { path: script.path, content: script.content, clusters: [c.name] });
    }
  }
  return [...byPath.values()];
}
