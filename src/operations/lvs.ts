// lvs.ipvs: a host carrying virtual servers gets ipvsadm (to read the IPVS table), and is told plainly when its
// kernel has no IPVS (/proc/net/ip_vs absent even after loading ip_vs): keepalived's VRRP and health checkers
// still run there, but no virtual server reaches the kernel (docs/lvs.md).
import { installedPackages } from '../facts/host.js';
import { hasVirtualServers } from '../inventory/lvs/lvs.js';
import { packagesPresent } from './packages.js';
import { OperationError, type Operation } from './types.js';

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

/**
 * install (`{}`): ipvsadm installed, IPVS001 said when the kernel has no IPVS. configure (`{require_kernel: true}`):
 * refuses before keepalived.conf is written, because keepalived 2.2.7 with virtual servers on such a kernel
 * exits altogether (its checker child fails "IPVS: Can't initialize ipvs" FATAL, the parent terminates and VRRP
 * with it): the VIP would go down with the config.
 */
export const lvsIpvs: Operation = {
  name: 'lvs.ipvs',
  async plan(args, ctx) {
    const mine = ctx.inventory.clusters.filter((c) => c.members.some((m) => m.host === ctx.host.name));
    if (!hasVirtualServers(mine)) return [];
    const r = await ctx.conn.run(ipvsStateCommand(), { become: true, timeoutMs: 30_000 });
    const state = parseIpvsState(r.stdout);
    if (!state.kernel && args['require_kernel'] === true)
      throw new OperationError(
        `${NO_IPVS.replace(/ \(docs\/lvs\.md\)$/, '')}; keepalived 2.2.7 with virtual servers exits on such a kernel (VRRP included), so keepalived.conf was not changed`,
        'run these clusters without virtual_servers here, or on a kernel with IPVS (docs/lvs.md)',
      );
    if (!state.kernel) ctx.progress(NO_IPVS);
    if (args['require_kernel'] === true) return [];
    // packages.present decides from the facts: tell it what is installed, then let it plan (apt/dnf/yum).
    if (state.ipvsadm) ctx.facts.packages['ipvsadm'] ??= 'installed';
    return packagesPresent.plan({ names: ['ipvsadm'] }, ctx);
  },
};
