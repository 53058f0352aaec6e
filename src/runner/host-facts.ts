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
}

export const MANAGED_PACKAGES = ['keepalived', 'ipset'];

export async function gatherHostFacts(conn: HostConnection, filePaths: string[]): Promise<HostFacts> {
  const f = await gatherFacts(conn, {
    os: osRelease,
    packageManager,
    packages: installedPackages(MANAGED_PACKAGES),
    aptListsAge,
    init: initSystem,
    service: serviceState('keepalived'),
    files: fileStates(filePaths),
    addresses,
  });
  return f;
}
