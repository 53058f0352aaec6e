// sysctl.nonlocal_bind: net.ipv4/ipv6.ip_nonlocal_bind = 1 when a cluster of the host asks for it (services such
// as HAProxy or nginx bind the VIP on the backup too): persisted in /etc/sysctl.d/ and set now.
import { OperationError, type Change, type Operation } from './types.js';
import { clustersOf, planPrereqFile } from './prereq-files.js';

export const SYSCTL_FILE = '/etc/sysctl.d/60-vipctl-nonlocal-bind.conf';

export const sysctlNonlocalBind: Operation = {
  name: 'sysctl.nonlocal_bind',
  async plan(_args, ctx) {
    const asking = clustersOf(ctx).filter((c) => c.nonlocalBind);
    const families = (['v4', 'v6'] as const).filter((f) =>
      asking.some((c) => c.vips.some((v) => `v${v.family}` === f)),
    );
    const key = (f: 'v4' | 'v6'): string => `net.${f === 'v4' ? 'ipv4' : 'ipv6'}.ip_nonlocal_bind`;
    const content =
      families.length > 0
        ? `# asked for by cluster(s) ${asking.map((c) => c.name).join(', ')}\n${families.map((f) => `${key(f)} = 1\n`).join('')}`
        : undefined;
    const changes: Change[] = await planPrereqFile(SYSCTL_FILE, content, ctx);
    for (const f of families) {
      if (ctx.facts.nonlocalBind?.[f] === '1') continue;
      const proc = `/proc/sys/${key(f).replace(/\./g, '/')}`;
      changes.push({
        description: `set ${key(f)} = 1 now`,
        async apply(c) {
          const r = await c.conn.run(`echo 1 > ${proc}`, { become: true });
          if (r.code !== 0) throw new OperationError(`setting ${key(f)} failed`, r.stderr.trim());
        },
        effect(facts) {
          facts.nonlocalBind = { v4: '', v6: '', ...facts.nonlocalBind, [f]: '1' };
        },
      });
    }
    return changes;
  },
};
