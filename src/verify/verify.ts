// verify, live: observe each host once per pass over the open connections (one round trip, plus one advert
// capture per interface), then judge every cluster from those observations (model.ts). Hosts are observed in
// parallel, so verifying 50 clusters costs about as much as verifying one.
import pLimit, { type LimitFunction } from 'p-limit';
import type { ClusterSpec, Inventory } from '../inventory/types.js';
import { renderHostConfig } from '../render/render.js';
import type { Session } from '../runner/session.js';
import { timed } from '../report/timings.js';
import { judgeCluster, type ClusterVerdict, type MemberEvidence } from './model.js';
import {
  advertCaptureCommand,
  observeCommand,
  parseAdverts,
  parseObservation,
  tcpdumpMissing,
  type Advert,
  type HostObservation,
} from './probe-host.js';
import { ipvsCommand, parseIpvsObservation, type IpvsObservation } from './ipvs.js';

export interface VerifyOptions {
  /** capture adverts (default true); failover-test skips it in its quick re-checks */
  adverts?: boolean;
  templateDir?: string;
  /** hosts observed at once (default: all) */
  forks?: number;
  /**
   * Observations already in hand (apply: the facts of hosts it changed nothing on, read moments ago). Those hosts
   * are not read again in the first pass; any later pass (--wait) reads them live. Ignored when capturing.
   */
  known?: Map<string, HostObservation>;
}

/** Capture long enough for at least two adverts. */
export function captureSeconds(cluster: ClusterSpec): number {
  return Math.max(3, Math.ceil(2 * cluster.advertInt + 1));
}

interface HostEvidence {
  observation?: HostObservation;
  unreachable?: string;
  rendered?: MemberEvidence['rendered'];
  /** per interface: the adverts seen there, or "no tcpdump"; absent when no capture was asked for */
  captures?: Map<string, Advert[] | 'no-tcpdump'>;
  ipvs?: IpvsObservation;
}

/** What one host takes part in: the interfaces its clusters use and how long to capture on them. */
function captureWanted(clusters: ClusterSpec[], host: string): Map<string, number> {
  const wanted = new Map<string, number>();
  for (const c of clusters) {
    const m = c.members.find((x) => x.host === host);
    if (m) wanted.set(m.interface, Math.max(wanted.get(m.interface) ?? 0, captureSeconds(c)));
  }
  return wanted;
}

function renderFor(inv: Inventory, host: string, opts: VerifyOptions): MemberEvidence['rendered'] {
  try {
    return renderHostConfig(inv, host, { templateDir: opts.templateDir });
  } catch {
    // Without a rendering (e.g. a password file missing here) drift cannot be judged; the rest still is.
    return undefined;
  }
}

async function observeHost(
  inv: Inventory,
  clusters: ClusterSpec[],
  session: Session,
  host: string,
  opts: VerifyOptions,
  limit: LimitFunction,
): Promise<HostEvidence> {
  const known = opts.adverts === false ? opts.known?.get(host) : undefined;
  if (known) return { observation: known, rendered: renderFor(inv, host, opts) };
  const conn = session.conn(host);
  if (!conn || !conn.connected) {
    const err = session.hosts.find((h) => h.host.name === host)?.error;
    return { unreachable: err?.message ?? 'not connected' };
  }
  const captures =
    opts.adverts === false
      ? undefined
      : [...captureWanted(clusters, host)].map(async ([iface, seconds]) => {
          const r = await timed('advert-capture', () =>
            conn.run(advertCaptureCommand(iface, seconds), {
              become: true,
              timeoutMs: (seconds + 10) * 1000,
            }),
          );
          return [iface, tcpdumpMissing(r.stdout) ? 'no-tcpdump' : parseAdverts(r.stdout)] as const;
        });
  // A capture that fails while the observe round trip waits for its fork slot is handled below, not unhandled.
  for (const c of captures ?? []) c.catch(() => undefined);
  try {
    const r = await limit(() =>
      timed('observe', () => conn.run(observeCommand(), { become: true, timeoutMs: 30_000 })),
    );
    const evidence: HostEvidence = {
      observation: parseObservation(r.stdout),
      rendered: renderFor(inv, host, opts),
    };
    if (clusters.some((c) => c.virtualServers?.length && c.members.some((m) => m.host === host))) {
      const t = await conn.run(ipvsCommand(), { become: true, timeoutMs: 30_000 });
      evidence.ipvs = parseIpvsObservation(t.stdout);
    }
    if (captures) evidence.captures = new Map(await Promise.all(captures));
    return evidence;
  } catch (err) {
    if (captures) await Promise.allSettled(captures);
    return { unreachable: (err as Error).message };
  }
}

function memberEvidence(cluster: ClusterSpec, host: string, e: HostEvidence): MemberEvidence {
  if (e.unreachable !== undefined) return { host, unreachable: e.unreachable };
  const evidence: MemberEvidence = { host, observation: e.observation, rendered: e.rendered };
  if (e.ipvs) evidence.ipvs = e.ipvs;
  const iface = cluster.members.find((m) => m.host === host)?.interface ?? 'eth0';
  const capture = e.captures?.get(iface);
  if (!e.captures) evidence.captureSkipped = true;
  else if (capture === 'no-tcpdump') evidence.tcpdumpMissing = true;
  else evidence.adverts = capture;
  return evidence;
}

/** One pass: every member host observed once, every cluster judged. Verdicts come in the clusters' order. */
export async function verifyClusters(
  inv: Inventory,
  clusters: ClusterSpec[],
  session: Session,
  opts: VerifyOptions = {},
): Promise<ClusterVerdict[]> {
  const hosts = [...new Set(clusters.flatMap((c) => c.members.map((m) => m.host)))];
  // --forks bounds the round trips that make work (connecting is bounded in openSession); a capture only waits,
  // so every host's starts at once and the whole run costs one capture window, not one per wave of forks.
  const limit = pLimit(opts.forks ?? Math.max(1, hosts.length));
  const evidence = new Map(
    await timed('verify', () =>
      Promise.all(
        hosts.map(async (h) => [h, await observeHost(inv, clusters, session, h, opts, limit)] as const),
      ),
    ),
  );
  return clusters.map((c) =>
    judgeCluster(
      c,
      c.members.map((m) => memberEvidence(c, m.host, evidence.get(m.host)!)),
    ),
  );
}

export async function verifyCluster(
  inv: Inventory,
  cluster: ClusterSpec,
  session: Session,
  opts: VerifyOptions = {},
): Promise<ClusterVerdict> {
  return (await verifyClusters(inv, [cluster], session, opts))[0]!;
}

/**
 * verifyClusters, re-checking the failing clusters every half second for up to `waitSeconds` (a fresh keepalived
 * stays BACKUP for ~3 × advert_int before it takes the VIP). An unreachable host ends the wait: it will not heal.
 */
export async function verifyClustersWaiting(
  inv: Inventory,
  clusters: ClusterSpec[],
  session: Session,
  opts: VerifyOptions & { waitSeconds: number },
): Promise<ClusterVerdict[]> {
  const deadline = Date.now() + opts.waitSeconds * 1000;
  const verdicts = await verifyClusters(inv, clusters, session, opts);
  for (;;) {
    const failing = clusters.filter((_, i) => !verdicts[i]!.ok);
    if (failing.length === 0 || Date.now() >= deadline || session.hosts.some((h) => h.error)) return verdicts;
    await new Promise((r) => setTimeout(r, 500));
    const again = await verifyClusters(inv, failing, session, { ...opts, known: undefined });
    failing.forEach((c, j) => (verdicts[clusters.indexOf(c)] = again[j]!));
  }
}

/** Hosts any of these clusters needs. */
export function clusterHosts(inv: Inventory, clusters: ClusterSpec[]): Inventory['hosts'] {
  const names = new Set(clusters.flatMap((c) => c.members.map((m) => m.host)));
  return inv.hosts.filter((h) => names.has(h.name));
}
