// What verify and failover-test share before talking to hosts: load the inventory, pick clusters, connect.
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { formatFindings, hasErrors } from '../inventory/lint.js';
import { loadInventory } from '../inventory/load.js';
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
  const { inventory, findings } = await loadInventory(files);
  if (hasErrors(findings)) {
    throw new UserError(`the inventory has errors\n${formatFindings(findings)}`, ExitCode.INVENTORY);
  }
  const clusters = selectClusters(inventory, names);
  const session = await openSession(clusterHosts(inventory, clusters), {
    forks: opts.forks,
    acceptNewHostKeys: opts.acceptNewHostKeys,
  });
  return { inventory, clusters, session };
}
