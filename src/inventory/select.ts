import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import type { ClusterSpec, HostSpec, Inventory } from './types.js';

// --limit: comma-separated globs (* and ?) on host or cluster names; a cluster name selects its members.

export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function patterns(limit: string): RegExp[] {
  return limit
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map(globToRegExp);
}

// Selecting nothing is a usage error (exit 5), never a vacuous pass: a CI gate over an empty inventory, or a
// `--limit "$HOSTS"` with HOSTS unset (which would otherwise select every host), must fail loudly.

/** Hosts matching `limit` by name or through a matching cluster, in inventory order; all hosts without a limit. */
export function selectHosts(inv: Inventory, limit?: string): HostSpec[] {
  if (inv.hosts.length === 0)
    throw new UserError('the inventory has no hosts', ExitCode.USAGE, 'add hosts: (see docs/inventory.md)');
  if (limit === undefined) return inv.hosts;
  const globs = patterns(limit);
  if (globs.length === 0)
    throw new UserError('--limit is empty', ExitCode.USAGE, 'name hosts or clusters, or leave --limit out');
  const matches = (name: string): boolean => globs.some((g) => g.test(name));
  const viaCluster = new Set(
    inv.clusters.filter((c) => matches(c.name)).flatMap((c) => c.members.map((m) => m.host)),
  );
  const selected = inv.hosts.filter((h) => matches(h.name) || viaCluster.has(h.name));
  if (selected.length === 0) {
    throw new UserError(
      `"${limit}" matches no host or cluster`,
      ExitCode.USAGE,
      `hosts: ${inv.hosts.map((h) => h.name).join(', ')}; clusters: ${inv.clusters.map((c) => c.name).join(', ')}`,
    );
  }
  return selected;
}

/** Clusters whose names match any of `names` (globs), in inventory order; all clusters without names. */
export function selectClusters(inv: Inventory, names?: string[]): ClusterSpec[] {
  if (inv.clusters.length === 0)
    throw new UserError(
      'the inventory has no clusters',
      ExitCode.USAGE,
      'add clusters: (see docs/inventory.md)',
    );
  if (names === undefined || names.length === 0) return inv.clusters;
  const globs = names.flatMap(patterns);
  if (globs.length === 0) throw new UserError('the cluster name is empty', ExitCode.USAGE);
  const selected = inv.clusters.filter((c) => globs.some((g) => g.test(c.name)));
  if (selected.length === 0) {
    throw new UserError(
      `no cluster matches ${names.join(', ')}`,
      ExitCode.USAGE,
      `clusters: ${inv.clusters.map((c) => c.name).join(', ')}`,
    );
  }
  return selected;
}
