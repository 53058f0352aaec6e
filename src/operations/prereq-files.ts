// Files of the host prerequisites (sysctl.d, the systemd drop-in, the firewall's boot script): vipctl's own
// paths, marked, mode 0644 unless a script.
import { planFile } from './files.js';
import { withMarker } from '../facts/managed.js';
import { shq } from '../ssh/quote.js';
import { OperationError, type Change, type OperationContext } from './types.js';

/** The file with this content, or, with `content` undefined, no file (only ever removing one vipctl wrote). */
export async function planPrereqFile(
  path: string,
  content: string | undefined,
  ctx: OperationContext,
  mode = 0o644,
): Promise<Change[]> {
  if (content !== undefined)
    return planFile(
      { path, content: withMarker(content), mode, mask: (t) => t, backup: false, existing: 'marked' },
      ctx,
    );
  const current = ctx.facts.files[path];
  if (!current?.exists || ctx.facts.marked?.[path] !== true) return [];
  return [
    {
      description: `remove ${path} (no longer asked for)`,
      async apply(c) {
        const r = await c.conn.run(`rm -f -- ${shq(path)}`, { become: true });
        if (r.code !== 0) throw new OperationError(`removing ${path} failed`, r.stderr.trim());
      },
      effect(facts) {
        facts.files[path] = { exists: false };
      },
    },
  ];
}

/** Clusters the host is a member of. */
export function clustersOf(ctx: OperationContext): OperationContext['inventory']['clusters'] {
  return ctx.inventory.clusters.filter((c) => c.members.some((m) => m.host === ctx.host.name));
}
