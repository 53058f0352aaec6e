import { isIPv4, isIPv6 } from 'node:net';

// Address arithmetic for lint: subnets, membership. Addresses become bigints so IPv4 and IPv6 share one path.

export interface ParsedCidr {
  address: string;
  family: 4 | 6;
  /** undefined when the text had no /prefix */
  prefix?: number;
}

/** Parses "10.0.0.1", "10.0.0.1/24", "fd00::1/64"; undefined when not an IP address or the prefix is out of range. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (family === undefined) return undefined;
  if (prefixText === undefined) return { address, family };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > maxPrefix(family)) return undefined;
  return { address, family, prefix };
}

export function maxPrefix(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

export function ipFamily(address: string): 4 | 6 | undefined {
  return isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
}

function toBigInt(address: string, family: 4 | 6): bigint {
  if (family === 4) return address.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n);
  return expandIPv6(address).reduce((acc, group) => (acc << 16n) + BigInt(group), 0n);
}

/** The eight 16-bit groups of an IPv6 address (handles "::" and an embedded IPv4 tail). */
function expandIPv6(address: string): number[] {
  let text = address.split('%')[0] ?? '';
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail?.[1]) {
    const n = Number(toBigInt(v4Tail[1], 4));
    text = `${text.slice(0, -v4Tail[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups].map((g) => parseInt(g, 16));
}

/** Canonical text of an address (for comparisons: "fd00::0:1" equals "fd00::1"). */
export function canonicalAddress(address: string): string {
  const family = ipFamily(address);
  if (family === undefined) return address;
  return `${family}:${toBigInt(address, family).toString(16)}`;
}

/** The network an address belongs to at a prefix, as a comparable key like "4:0a0a0a00/24". */
export function networkKey(address: string, prefix: number): string | undefined {
  const family = ipFamily(address);
  if (family === undefined) return undefined;
  const bits = BigInt(maxPrefix(family));
  const hostBits = bits - BigInt(prefix);
  const network = (toBigInt(address, family) >> hostBits) << hostBits;
  return `${family}:${network.toString(16)}/${prefix}`;
}

/** Whether `address` lies in the network of `networkAddress/prefix`. */
export function inSubnet(address: string, networkAddress: string, prefix: number): boolean {
  if (ipFamily(address) !== ipFamily(networkAddress)) return false;
  return networkKey(address, prefix) === networkKey(networkAddress, prefix);
}
