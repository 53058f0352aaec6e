// The inventory's view of each cluster, for comparing hosts with it (no secrets leave the inventory).
import { tryReveal } from '../inventory/secret.js';
import type { AuthSpec, Inventory } from '../inventory/types.js';
import type { ClusterExpectation } from './context.js';

/** The inventory's password as a yes/no question (undefined when it cannot be read: then nothing is compared). */
function passwordCheck(auth: AuthSpec): ((authPass: string) => boolean) | undefined {
  if (auth.type !== 'PASS') return undefined;
  const revealed = tryReveal(auth.password);
  if (!('value' in revealed)) return undefined;
  const want = revealed.value.slice(0, 8);
  return (authPass) => authPass.slice(0, 8) === want;
}

export function expectationsFrom(
  inventory: Inventory,
  hostNames?: string[],
  opts: { comparePasswords?: boolean } = {},
): ClusterExpectation[] {
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
      authPassMatches: opts.comparePasswords ? passwordCheck(c.auth) : undefined,
    }));
}
