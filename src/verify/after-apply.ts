// apply's last step: verify, over the connections apply already holds, every cluster whose members it touched.
// Hosts it changed nothing on are judged from the facts it read moments ago, so a no-op apply reads each host once.
import type { AfterPlaybooks } from '../cli/playbook-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { exitCodeFor } from '../report/results.js';
import { makeStyle } from '../report/style.js';
import { formatVerdicts, formatVerdictsSummary } from './format.js';
import { verifyClustersWaiting } from './verify.js';
import type { HostObservation } from './probe-host.js';
import type { Inventory } from '../inventory/types.js';
import { KEEPALIVED_CONF } from '../operations/keepalived.js';
import { sha256 } from '../operations/files.js';
import { renderHostConfig } from '../render/render.js';
import type { HostResult } from '../report/results.js';
import type { HostRunState } from '../runner/runner.js';

export interface VerifyStepOptions {
  waitSeconds: number;
  adverts: boolean;
  forks: number;
  color: boolean;
  /** every cluster on its own line (-v); default: failing clusters, then one count per state */
  verbose?: boolean;
}

/**
 * A host apply changed nothing on is as its facts (read at the start of this run) say: verify judges it from
 * them instead of reading it again. Only when the on-host config is exactly the rendered one (same sha256), so
 * the drift check compares the real content.
 */
export function unchangedObservations(
  inventory: Inventory,
  results: HostResult[],
  hostState: Map<string, HostRunState>,
): Map<string, HostObservation> {
  const known = new Map<string, HostObservation>();
  for (const r of results.filter((x) => x.status === 'ok')) {
    const facts = hostState.get(r.host)?.facts;
    if (!facts) continue;
    let rendered: string;
    try {
      rendered = renderHostConfig(inventory, r.host).text;
    } catch {
      continue;
    }
    if (facts.files[KEEPALIVED_CONF]?.sha256 !== sha256(rendered)) continue;
    known.set(r.host, {
      addresses: facts.addresses.map((a) => ({ dev: a.ifname, address: a.address.toLowerCase() })),
      serviceActive: facts.service.active,
      serviceEnabled: facts.service.enabled,
      packages: { keepalived: 'keepalived' in facts.packages, ipset: 'ipset' in facts.packages },
      config: rendered,
    });
  }
  return known;
}

/** up to this many clusters (or with -v) apply names each verified cluster on its own line */
export const CLUSTERS_LISTED = 10;

export function verifyAfterApply(opts: VerifyStepOptions): AfterPlaybooks {
  return async ({ inventory, hosts, session, results, hostState }) => {
    const style = makeStyle(opts.color);
    const playbooks = exitCodeFor(results);
    if (playbooks !== ExitCode.OK) {
      const why = 'not run: a host failed or was unreachable above';
      return { exitCode: playbooks, json: { verify: { skipped: why } }, text: `verify: ${why}` };
    }
    // A cluster is verified only when every member was selected: the others are not connected.
    const selected = new Set(hosts.map((h) => h.name));
    const touched = inventory.clusters.filter((c) => c.members.some((m) => selected.has(m.host)));
    const clusters = touched.filter((c) => c.members.every((m) => selected.has(m.host)));
    const partial = touched.filter((c) => !clusters.includes(c)).map((c) => c.name);
    const known = unchangedObservations(inventory, results, hostState);
    const verdicts = await verifyClustersWaiting(inventory, clusters, session, { ...opts, known });
    const ok = verdicts.every((v) => v.ok);
    const note =
      partial.length > 0
        ? `\nnot verified (--limit selects only some of their members): ${partial.join(', ')}`
        : '';
    return {
      exitCode: ok ? ExitCode.OK : ExitCode.FAILED,
      json: { verify: { ok, clusters: verdicts, notVerified: partial } },
      text: `${opts.verbose || verdicts.length <= CLUSTERS_LISTED ? formatVerdicts(verdicts, style, true, true) : formatVerdictsSummary(verdicts, style)}${note}`,
    };
  };
}
