// What verify and failover-test share before talking to hosts: load the inventory, pick clusters, connect.
import { loadCheckedInventory } from '../inventory/load.js';
import { selectClusters } from '../inventory/select.js';
import type { ClusterSpec, Inventory } from '../inventory/types.js';
import { openSession, type Session } from '../runner/session.js';
import { clusterHosts } from './verify.js';

export interface ClusterContext {
  inventory: Inventory;
  clusters: ClusterSpec[];
  session: Session;
}

export async function openClusters(
  files: string[],
  names: string[] | undefined,
  opts: { forks: number; acceptNewHostKeys?: boolean },
): Promise<ClusterContext> {
  const { inventory } = await loadCheckedInventory(files);
  const clusters = selectClusters(inventory, names);
  const session = await openSession(clusterHosts(inventory, clusters), {
    forks: opts.forks,
    acceptNewHostKeys: opts.acceptNewHostKeys,
  });
  return { inventory, clusters, session };
}
