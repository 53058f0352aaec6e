// lvs.ipvs: a host carrying virtual servers gets ipvsadm (to read the IPVS table), and is told plainly when its
// kernel has no IPVS (/proc/net/ip_vs absent even after loading ip_vs): keepalived's VRRP and health checkers
// still run there, but no virtual server reaches the kernel (docs/lvs.md).
import { installedPackages } from '../facts/host.js';
import { hasVirtualServers } from '../inventory/lvs/lvs.js';
import { packagesPresent } from './packages.js';
import type { Operation } from './types.js';

export const NO_IPVS =
  'IPVS001 no IPVS in this kernel (/proc/net/ip_vs absent, ip_vs cannot be loaded): keepalived runs VRRP and the health checks, but the virtual servers are not loaded (docs/lvs.md)';

const ipvsadm = installedPackages(['ipvsadm']);
const MARK = '@@vipctl-ipvs';

/**
 * Reads only: is ipvsadm installed, and does the kernel have IPVS: loaded (/proc/net/ip_vs) or a module keepalived
 * can load when it starts (ip_vs.ko in modules.dep)?
 */
export function ipvsStateCommand(): string {
  return [
    `{ ${ipvsadm.command}\n} 2>/dev/null`,
    `echo ${MARK}`,
    'if [ -e /proc/net/ip_vs ]; then echo ipvs; elif grep -qs "/ip_vs\\.ko" "/lib/modules/$(uname -r)/modules.dep"; then echo ipvs-module; else echo no-ipvs; fi',
  ].join('\n');
}

export function parseIpvsState(stdout: string): { ipvsadm: boolean; kernel: boolean } {
  const [pkgs = '', rest = ''] = stdout.split(MARK);
  return { ipvsadm: 'ipvsadm' in ipvsadm.parse(pkgs), kernel: /^ipvs(-module)?$/m.test(rest) };
}

export const lvsIpvs: Operation = {
  name: 'lvs.ipvs',
  async plan(_args, ctx) {
    const mine = ctx.inventory.clusters.filter((c) => c.members.some((m) => m.host === ctx.host.name));
    if (!hasVirtualServers(mine)) return [];
    const r = await ctx.conn.run(ipvsStateCommand(), { become: true, timeoutMs: 30_000 });
    const state = parseIpvsState(r.stdout);
    if (!state.kernel) ctx.progress(NO_IPVS);
    // packages.present decides from the facts: tell it what is installed, then let it plan (apt/dnf/yum).
    if (state.ipvsadm) ctx.facts.packages['ipvsadm'] ??= 'installed';
    return packagesPresent.plan({ names: ['ipvsadm'] }, ctx);
  },
};
