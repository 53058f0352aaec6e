// The inventory's view of each cluster, for comparing hosts with it (no secrets leave the inventory).
import type { Inventory } from '../inventory/types.js';
import type { ClusterExpectation } from './context.js';

export function expectationsFrom(inventory: Inventory, hostNames?: string[]): ClusterExpectation[] {
  return inventory.clusters
    .filter((c) => hostNames === undefined || c.members.some((m) => hostNames.includes(m.host)))
    .map((c) => ({
      name: c.name,
      virtualRouterId: c.virtualRouterId,
      vips: c.vips.map((v) => v.address),
      advertInt: c.advertInt,
      authType: c.auth.type,
      unicast: c.unicast,
      members: c.members.map((m) => ({
        host: m.host,
        priority: m.priority,
        address: inventory.hosts.find((h) => h.name === m.host)?.address ?? '',
        interface: m.interface,
      })),
    }));
}
