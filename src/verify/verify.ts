// verify, live: observe every member of each cluster over the open connections and judge (model.ts).
import type { ClusterSpec, Inventory } from '../inventory/types.js';
import { renderHostConfig } from '../render/render.js';
import type { Session } from '../runner/session.js';
import { judgeCluster, type ClusterVerdict, type MemberEvidence } from './model.js';
import {
  advertCaptureCommand,
  observeCommand,
  parseAdverts,
  parseObservation,
  tcpdumpMissing,
} from './probe-host.js';

export interface VerifyOptions {
  /** capture adverts (default true); failover-test skips it in its quick re-checks */
  adverts?: boolean;
  templateDir?: string;
}

/** Capture long enough for at least two adverts. */
export function captureSeconds(cluster: ClusterSpec): number {
  return Math.max(3, Math.ceil(2 * cluster.advertInt + 1));
}

async function observeMember(
  inv: Inventory,
  cluster: ClusterSpec,
  session: Session,
  host: string,
  opts: VerifyOptions,
): Promise<MemberEvidence> {
  const conn = session.conn(host);
  if (!conn || !conn.connected) {
    const err = session.hosts.find((h) => h.host.name === host)?.error;
    return { host, unreachable: err?.message ?? 'not connected' };
  }
  const iface = cluster.members.find((m) => m.host === host)?.interface ?? 'eth0';
  const capture =
    opts.adverts === false
      ? undefined
      : conn.run(advertCaptureCommand(iface, captureSeconds(cluster)), {
          become: true,
          timeoutMs: (captureSeconds(cluster) + 10) * 1000,
        });
  try {
    const r = await conn.run(observeCommand(), { become: true, timeoutMs: 30_000 });
    const evidence: MemberEvidence = { host, observation: parseObservation(r.stdout) };
    try {
      evidence.rendered = renderHostConfig(inv, host, { templateDir: opts.templateDir });
    } catch {
      // Without a rendering (e.g. a password file missing here) drift cannot be judged; the rest still is.
    }
    if (!capture) evidence.captureSkipped = true;
    else {
      const c = await capture;
      if (tcpdumpMissing(c.stdout)) evidence.tcpdumpMissing = true;
      else evidence.adverts = parseAdverts(c.stdout);
    }
    return evidence;
  } catch (err) {
    await capture?.catch(() => undefined);
    return { host, unreachable: (err as Error).message };
  }
}

export async function verifyCluster(
  inv: Inventory,
  cluster: ClusterSpec,
  session: Session,
  opts: VerifyOptions = {},
): Promise<ClusterVerdict> {
  const members = await Promise.all(
    cluster.members.map((m) => observeMember(inv, cluster, session, m.host, opts)),
  );
  return judgeCluster(cluster, members);
}

/** Hosts any of these clusters needs. */
export function clusterHosts(inv: Inventory, clusters: ClusterSpec[]): Inventory['hosts'] {
  const names = new Set(clusters.flatMap((c) => c.members.map((m) => m.host)));
  return inv.hosts.filter((h) => names.has(h.name));
}
