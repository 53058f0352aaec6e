// Operations by the name playbooks use.
import { firewallVrrp } from './firewall.js';
import { firewallBoot } from './firewall-boot.js';
import { keepalivedConfig, notifyScripts } from './keepalived.js';
import { lvsIpvs } from './lvs.js';
import { packagesPresent } from './packages.js';
import { serviceEnabled, serviceReloaded, serviceRunning } from './service.js';
import { sysctlNonlocalBind } from './sysctl.js';
import { systemdDropin } from './systemd.js';
import type { Operation } from './types.js';
import { scriptUser } from './users.js';

export const operations: ReadonlyMap<string, Operation> = new Map(
  [
    packagesPresent,
    serviceEnabled,
    serviceRunning,
    serviceReloaded,
    keepalivedConfig,
    notifyScripts,
    scriptUser,
    sysctlNonlocalBind,
    systemdDropin,
    firewallVrrp,
    firewallBoot,
    lvsIpvs,
  ].map((op) => [op.name, op]),
);
