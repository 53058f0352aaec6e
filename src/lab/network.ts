// The lab's private L2 segment: bridge vipctl0 (10.10.10.1/24) and one network namespace per host holding
// its eth0. Nothing here touches eth0 of this machine, its routes or its firewall.
import { existsSync } from 'node:fs';
import { BRIDGE, BRIDGE_ADDRESS, NETNS_PREFIX, netnsName, vethName } from './config.js';
import { mustRun, runLocal } from './exec.js';

export async function ensureBridge(): Promise<void> {
  if (!existsSync(`/sys/class/net/${BRIDGE}`)) {
    await mustRun('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
  }
  // No multicast snooping: VRRP adverts to 224.0.0.18 must reach every host, like on a plain switch.
  await runLocal('ip', ['link', 'set', BRIDGE, 'type', 'bridge', 'mcast_snooping', '0']);
  const addrs = await mustRun('ip', ['-o', '-4', 'addr', 'show', 'dev', BRIDGE]);
  if (!addrs.includes(`${BRIDGE_ADDRESS}/24`)) {
    await mustRun('ip', ['addr', 'add', `${BRIDGE_ADDRESS}/24`, 'dev', BRIDGE]);
  }
  await mustRun('ip', ['link', 'set', BRIDGE, 'up']);
}

export async function removeBridge(): Promise<void> {
  if (existsSync(`/sys/class/net/${BRIDGE}`)) await runLocal('ip', ['link', 'del', BRIDGE]);
}

/** Creates the host's namespace with eth0 (address, up) plugged into the bridge. Idempotent. */
export async function ensureHostNetwork(host: string, address: string): Promise<void> {
  const ns = netnsName(host);
  const veth = vethName(host);
  if (!existsSync(`/run/netns/${ns}`)) await mustRun('ip', ['netns', 'add', ns]);
  const inner = await runLocal('ip', ['-n', ns, 'link', 'show', 'eth0']);
  if (inner.code !== 0) {
    if (existsSync(`/sys/class/net/${veth}`)) await runLocal('ip', ['link', 'del', veth]);
    // The inner end is created directly inside the namespace, so it never exists as "eth0" out here.
    await mustRun('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
  }
  await mustRun('ip', ['link', 'set', veth, 'master', BRIDGE, 'up']);
  const addrs = await mustRun('ip', ['-n', ns, '-o', '-4', 'addr', 'show', 'dev', 'eth0']);
  if (!addrs.includes(` ${address}/24 `)) {
    await mustRun('ip', ['-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
  }
  await mustRun('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  await mustRun('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
}

export async function removeHostNetwork(host: string): Promise<void> {
  const veth = vethName(host);
  if (existsSync(`/sys/class/net/${veth}`)) await runLocal('ip', ['link', 'del', veth]);
  if (existsSync(`/run/netns/${netnsName(host)}`)) await runLocal('ip', ['netns', 'del', netnsName(host)]);
}

/** Every namespace the lab may have created, also ones a crashed run left without a state file. */
export async function labNamespaces(): Promise<string[]> {
  const r = await runLocal('ip', ['netns', 'list']);
  return r.stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(NETNS_PREFIX));
}

/** IPv4/IPv6 addresses on the host's eth0, read from the controller (no SSH). */
export async function hostAddresses(host: string): Promise<string[]> {
  const r = await runLocal('ip', ['-n', netnsName(host), '-o', 'addr', 'show', 'dev', 'eth0']);
  return [...r.stdout.matchAll(/\binet6?\s+([0-9a-f.:]+)\/\d+/g)].map((m) => m[1] ?? '');
}

/** Addresses on the host's eth0 other than its own and link-local ones: the VIPs it holds. */
export async function heldAddresses(host: string, ownAddress: string): Promise<string[]> {
  return (await hostAddresses(host)).filter((a) => a !== ownAddress && !a.startsWith('fe80:'));
}
