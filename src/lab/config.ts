// Fixed facts about the lab: one private bridge, one subnet, all state under one directory.
import { join } from 'node:path';

export const LAB_DIR = process.env.VIPCTL_LAB_DIR ?? '/var/lib/vipctl-lab';
export const BRIDGE = 'vipctl0';
export const SUBNET_PREFIX = '10.10.10.';
export const BRIDGE_ADDRESS = `${SUBNET_PREFIX}1`;
export const FIRST_HOST_OCTET = 51;
export const RUNBOOK_VIP = `${SUBNET_PREFIX}50`;
export const PROXY_PORT = 3142;
export const NETNS_PREFIX = 'vipctl-';
export const CGROUP_GROUP = 'vipctl-lab';
// Hosts take .51–.200; cluster VIPs take .2–.50 and .201 up (see labCluster).
export const MAX_HOSTS = 150;

export const paths = {
  state: join(LAB_DIR, 'lab.json'),
  base: join(LAB_DIR, 'base'),
  hosts: join(LAB_DIR, 'hosts'),
  sshDir: join(LAB_DIR, 'ssh'),
  key: join(LAB_DIR, 'ssh', 'id_ed25519'),
  knownHosts: join(LAB_DIR, 'ssh', 'known_hosts'),
  inventory: join(LAB_DIR, 'inventory.yaml'),
  authPass: join(LAB_DIR, 'auth_pass'),
  proxyDir: join(LAB_DIR, 'apt-proxy'),
  logs: join(LAB_DIR, 'logs'),
};

export type Flavour = 'machine' | 'light';

export function hostName(index: number): string {
  return `lb-host-${index + 1}`;
}

export function hostAddress(index: number): string {
  return `${SUBNET_PREFIX}${FIRST_HOST_OCTET + index}`;
}

/** Network namespace holding the host's eth0. */
export function netnsName(host: string): string {
  return `${NETNS_PREFIX}${host}`;
}

/** Host-side end of the host's veth (interface names are limited to 15 characters). */
export function vethName(host: string): string {
  return `vh-${host.replace(/^lb-host-/, 'lb')}`.slice(0, 15);
}
