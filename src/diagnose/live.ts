// Live diagnosis: connect to the selected hosts, gather from each in one round trip (in parallel), keep the
// unreachable ones aside.
import type { HostSpec, Inventory } from '../inventory/types.js';
import { openSession, type SessionOptions } from '../runner/session.js';
import type { Bundle, HostEvidence } from './evidence.js';
import { gatherHost } from './gather.js';
import { timed } from '../report/timings.js';

export interface LiveOptions extends SessionOptions {
  since: string;
  captureSeconds: number;
}

/** The interface a host runs VRRP on: its cluster member's, else the host's. */
function vrrpInterface(inventory: Inventory, host: HostSpec): string {
  const member = inventory.clusters.flatMap((c) => c.members).find((m) => m.host === host.name);
  return member?.interface ?? host.interface;
}

export async function gatherLive(
  inventory: Inventory,
  hosts: HostSpec[],
  opts: LiveOptions,
): Promise<Bundle> {
  const session = await openSession(hosts, opts);
  try {
    const unreachable = session.hosts
      .filter((h) => h.conn === undefined)
      .map((h) => ({ host: h.host.name, reason: h.error?.message ?? 'unreachable' }));
    // --forks bounds connecting (openSession); the gather script mostly waits (log read, capture window), so
    // every host's runs at once: one capture window for the whole run, not one per wave of forks.
    const gathered = await Promise.all(
      session.reachable.map(async (h): Promise<HostEvidence | { host: string; reason: string }> => {
        try {
          const ev = await timed('gather', () =>
            gatherHost(h.host.name, h.conn, {
              since: opts.since,
              interface: vrrpInterface(inventory, h.host),
              captureSeconds: opts.captureSeconds,
            }),
          );
          const cluster = inventory.clusters.find((c) => c.members.some((m) => m.host === h.host.name));
          if (cluster) ev.facts.cluster = cluster.name;
          return ev;
        } catch (err) {
          return { host: h.host.name, reason: (err as Error).message };
        }
      }),
    );
    return {
      hosts: gathered.filter((g): g is HostEvidence => 'facts' in g),
      unreachable: [
        ...unreachable,
        ...gathered.filter((g): g is { host: string; reason: string } => !('facts' in g)),
      ],
    };
  } finally {
    await session.close();
  }
}
