// What verify reads on each member, in one round trip: addresses, keepalived service, packages, on-host config.
// And a short capture of VRRP adverts (proto 112) to prove they cross the segment.
import { installedPackages, serviceState } from '../facts/host.js';
import { shq } from '../ssh/quote.js';

export const KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';

export interface HostObservation {
  /** every address on every interface, without prefix */
  addresses: { dev: string; address: string }[];
  serviceActive: boolean;
  serviceEnabled: boolean;
  packages: Record<'keepalived' | 'ipset', boolean>;
  /** on-host keepalived.conf, undefined when missing */
  config?: string;
}

const MARK = '@@vipctl-verify';
const MISSING = '@@vipctl-verify-no-config';

const service = serviceState('keepalived');
const packages = installedPackages(['keepalived', 'ipset']);

/** One script, four processes on a systemd host (ip, systemctl, dpkg-query, cat): the same facts the engine reads. */
export function observeCommand(): string {
  return [
    `echo ${MARK}:addr; ip -o addr show`,
    `echo ${MARK}:service`,
    `{ ${service.command}\n} 2>/dev/null`,
    `echo ${MARK}:packages`,
    `{ ${packages.command}\n} 2>/dev/null`,
    `echo ${MARK}:config`,
    `if [ -f ${shq(KEEPALIVED_CONF)} ]; then cat ${shq(KEEPALIVED_CONF)}; else echo ${MISSING}; fi`,
    // A closing marker after one added newline: the transport trims trailing whitespace, the file's own must stay.
    `printf '\\n${MARK}:end\\n'`,
  ].join('\n');
}

function sections(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = new RegExp(`^${MARK}:(\\w+)(?:\\n|$)`, 'gm');
  const marks = [...stdout.matchAll(re)];
  marks.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index : stdout.length;
    out.set(m[1]!, stdout.slice(start, end));
  });
  return out;
}

/** `ip -o addr show` lines → (dev, address) pairs. */
export function parseAddresses(text: string): { dev: string; address: string }[] {
  return [...text.matchAll(/^\d+:\s+(\S+?)(?:@\S+)?\s+inet6?\s+([0-9a-fA-F.:]+)\/\d+/gm)].map((m) => ({
    dev: m[1]!,
    address: m[2]!.toLowerCase(),
  }));
}

export function parseObservation(stdout: string): HostObservation {
  const s = sections(stdout);
  const svc = service.parse((s.get('service') ?? '').trim());
  const installed = packages.parse(s.get('packages') ?? '');
  const raw = s.get('config');
  const config = raw?.endsWith('\n') ? raw.slice(0, -1) : raw;
  return {
    addresses: parseAddresses(s.get('addr') ?? ''),
    serviceActive: svc.active,
    serviceEnabled: svc.enabled,
    packages: { keepalived: 'keepalived' in installed, ipset: 'ipset' in installed },
    config: config === undefined || config.startsWith(MISSING) ? undefined : config,
  };
}

export interface Advert {
  source: string;
  vrid: number;
  priority: number;
}

/** A bounded capture of VRRP packets on `iface`; prints nothing but a marker when tcpdump is missing. */
export function advertCaptureCommand(iface: string, seconds: number): string {
  return `command -v tcpdump >/dev/null 2>&1 || { echo ${MARK}:no-tcpdump; exit 0; }; timeout ${seconds} tcpdump -nn -l -c 2000 -i ${shq(iface)} proto 112 2>/dev/null; true`;
}

export function tcpdumpMissing(stdout: string): boolean {
  return stdout.includes(`${MARK}:no-tcpdump`);
}

/** tcpdump lines: "… IP 10.10.10.51 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100, …". */
export function parseAdverts(stdout: string): Advert[] {
  return [
    ...stdout.matchAll(
      /IP6?\s+([0-9a-fA-F.:]+)\s+>\s+[0-9a-fA-F.:]+:\s+VRRPv\d,\s+Advertisement,\s+vrid\s+(\d+),\s+prio\s+(\d+)/g,
    ),
  ].map((m) => ({ source: m[1]!.toLowerCase(), vrid: Number(m[2]), priority: Number(m[3]) }));
}
