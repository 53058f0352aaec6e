// What the lab commands print about their hosts: each host while the lab is small, folded lists beyond
// (a 100-host lab is 3 lines, not 100). --json always has every host.
import { compactNames, countedNames } from './host-list.js';

/** up to this many hosts, lab up and lab status print one line per host */
export const LAB_HOSTS_LISTED = 10;

export function labUpLines(hosts: { name: string; address: string }[]): string[] {
  if (hosts.length <= LAB_HOSTS_LISTED) return hosts.map((h) => `  ${h.name.padEnd(12)} ${h.address}`);
  return [`  ${compactNames(hosts.map((h) => h.name))}  ${hosts[0]!.address} … ${hosts.at(-1)!.address}`];
}

export function labDownLine(removed: string[], seconds: number): string {
  const what = removed.length === 0 ? '0 host(s)' : countedNames(removed, 'host');
  return `lab: removed ${what} in ${seconds.toFixed(1)}s`;
}

export interface LabHostStatus {
  name: string;
  address: string;
  system: string;
  vips: string[];
}

/** The table (every host, as `verbose` asks or a small lab has); else one line per state and the VIP count. */
export function labStatusLines(hosts: LabHostStatus[], verbose: boolean): string[] {
  if (verbose || hosts.length <= LAB_HOSTS_LISTED) {
    return [
      `${'HOST'.padEnd(12)} ${'ADDRESS'.padEnd(14)} ${'STATE'.padEnd(16)} VIPS`,
      ...hosts.map(
        (h) =>
          `${h.name.padEnd(12)} ${h.address.padEnd(14)} ${h.system.padEnd(16)} ${h.vips.join(', ') || '-'}`,
      ),
    ];
  }
  const bySystem = new Map<string, string[]>();
  for (const h of hosts) bySystem.set(h.system, [...(bySystem.get(h.system) ?? []), h.name]);
  const holders = hosts.filter((h) => h.vips.length > 0);
  const vips = holders.reduce((n, h) => n + h.vips.length, 0);
  return [
    ...[...bySystem].map(([system, names]) => `${system}: ${countedNames(names, 'host')}`),
    `VIPs: ${vips} held by ${holders.length} host${holders.length === 1 ? '' : 's'} (-v or --json: who holds which)`,
  ];
}
