// The facts every playbook run gathers for a host, in one round trip.
import { gatherFacts } from '../facts/fact.js';
import {
  addresses,
  aptListsAge,
  fileStates,
  initSystem,
  installedPackages,
  osRelease,
  packageManager,
  serviceState,
  type FileState,
  type InitSystem,
  type InterfaceAddress,
  type OsRelease,
  type PackageManager,
  type ServiceState,
} from '../facts/host.js';
import { firewallState, nonlocalBind, type FirewallState } from '../facts/firewall.js';
import { markedFiles } from '../facts/managed.js';
import { pendingHandlers } from '../facts/pending.js';
import type { HostConnection } from '../ssh/types.js';

export interface HostFacts {
  os: OsRelease;
  packageManager: PackageManager;
  packages: Record<string, string>;
  aptListsAge: number;
  init: InitSystem;
  service: ServiceState;
  files: Record<string, FileState>;
  addresses: InterfaceAddress[];
  /** files (at inventory-chosen paths) that carry vipctl's marker line; absent = none asked */
  marked?: Record<string, boolean>;
  /** nftables input chains and iptables INPUT as they concern VRRP (host prerequisites) */
  firewall?: FirewallState;
  /** net.ipv4/ipv6.ip_nonlocal_bind now ('' when the key does not exist) */
  nonlocalBind?: { v4: string; v6: string };
  /** handlers an earlier run notified that never ran (src/facts/pending.ts) */
  pendingHandlers?: string[];
}

export const MANAGED_PACKAGES = ['keepalived', 'ipset'];

/** What to read beyond the basics: files by checksum, and which of them must carry vipctl's marker. */
export interface FactRequest {
  files: string[];
  marked?: string[];
}

export async function gatherHostFacts(
  conn: HostConnection,
  want: FactRequest | string[],
): Promise<HostFacts> {
  const req = Array.isArray(want) ? { files: want } : want;
  const f = await gatherFacts(conn, {
    os: osRelease,
    packageManager,
    packages: installedPackages(MANAGED_PACKAGES),
    aptListsAge,
    init: initSystem,
    service: serviceState('keepalived'),
    files: fileStates(req.files),
    addresses,
    marked: markedFiles(req.marked ?? []),
    firewall: firewallState,
    nonlocalBind,
    pendingHandlers,
  });
  return f;
}
