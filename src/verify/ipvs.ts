// verify's view of the LVS side on the VIP holder: the live IPVS table (`ipvsadm -Ln`) against the inventory's
// virtual servers. On a kernel without IPVS (no /proc/net/ip_vs: these labs, some containers) the answer is a
// named "no IPVS in this kernel" result, never a crash. The table parser follows ipvsadm's print format
// (ipvsadm.c print_service_entry); it has not been run against a live table here (docs/lvs.md).
import { canonicalAddress, ipFamily } from '../inventory/ip.js';
import type { RawVirtualServer } from '../inventory/lvs/virtual-server.js';
import type { ClusterSpec } from '../inventory/types.js';
import type { Check } from './model.js';

const MARK = '@@vipctl-ipvs';

export type IpvsObservation =
  | { kind: 'no-ipvs' }
  | { kind: 'no-ipvsadm' }
  | { kind: 'error'; message: string }
  | { kind: 'table'; services: IpvsService[] };

export interface IpvsService {
  /** TCP, UDP, SCTP or FWM */
  protocol: string;
  /** `address:port` (IPv6 in brackets, canonical) or the firewall mark */
  service: string;
  scheduler: string;
  reals: { address: string; forward: string; weight: number }[];
}

/** One read: the kernel's IPVS (procfs), then the table through ipvsadm. */
export function ipvsCommand(): string {
  return [
    `if [ ! -e /proc/net/ip_vs ]; then echo ${MARK}:no-ipvs`,
    `elif ! command -v ipvsadm >/dev/null 2>&1; then echo ${MARK}:no-ipvsadm`,
    `else echo ${MARK}:table; ipvsadm -Ln 2>&1 || echo ${MARK}:error; fi`,
  ].join('\n');
}

function endpoint(text: string): string {
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  if (v6) return `[${canonicalAddress(v6[1]!)}]:${v6[2]}`;
  const v4 = /^([\d.]+):(\d+)$/.exec(text);
  return v4 ? `${v4[1]}:${v4[2]}` : text;
}

export function parseIpvsadm(text: string): IpvsService[] {
  const services: IpvsService[] = [];
  for (const line of text.split('\n')) {
    const svc = /^(TCP|UDP|SCTP|FWM)\s+(\S+)\s+(\S+)/.exec(line);
    if (svc) {
      services.push({ protocol: svc[1]!, service: endpoint(svc[2]!), scheduler: svc[3]!, reals: [] });
      continue;
    }
    const real = /^\s+->\s+(\S+)\s+(Masq|Local|Tunnel|Route)\s+(\d+)\s/.exec(line);
    if (real && services.length > 0)
      services
        .at(-1)!
        .reals.push({ address: endpoint(real[1]!), forward: real[2]!, weight: Number(real[3]) });
  }
  return services;
}

export function parseIpvsObservation(stdout: string): IpvsObservation {
  const first = /^@@vipctl-ipvs:([\w-]+)$/m.exec(stdout)?.[1];
  if (first === 'no-ipvs') return { kind: 'no-ipvs' };
  if (first === 'no-ipvsadm') return { kind: 'no-ipvsadm' };
  const body = stdout.split(`${MARK}:table`)[1] ?? '';
  if (body.includes(`${MARK}:error`))
    return { kind: 'error', message: body.replace(`${MARK}:error`, '').trim().split('\n')[0] ?? '' };
  return { kind: 'table', services: parseIpvsadm(body) };
}

function key(address: string, port: number): string {
  return ipFamily(address) === 6 ? `[${canonicalAddress(address)}]:${port}` : `${address}:${port}`;
}

const FORWARD = { NAT: 'Masq', DR: 'Route', TUN: 'Tunnel' } as const;

/** The services and real servers a virtual server should put in the table (groups expand to their entries). */
function expected(c: ClusterSpec, vs: RawVirtualServer): { protocol: string; service: string }[] {
  const protocol = vs.protocol ?? 'TCP';
  if (vs.fwmark !== undefined) return [{ protocol: 'FWM', service: String(vs.fwmark) }];
  if (vs.group !== undefined)
    return (c.virtualServerGroups?.[vs.group] ?? []).map((e) =>
      'fwmark' in e
        ? { protocol: 'FWM', service: String(e.fwmark) }
        : { protocol, service: key(e.address, e.port) },
    );
  return [{ protocol, service: key(vs.address ?? '', vs.port ?? 0) }];
}

export const NO_IPVS_MESSAGE =
  'no IPVS in this kernel (/proc/net/ip_vs absent): keepalived checks the real servers but no virtual server is loaded, so nothing is balanced here (docs/lvs.md)';

/** Checks for the cluster's virtual servers on the VIP holder; nothing when the cluster has none. */
export function judgeIpvs(
  c: ClusterSpec,
  holder: string | undefined,
  seen: IpvsObservation | undefined,
  /** members that reported no IPVS in their kernel */
  noIpvsOn: readonly string[] = [],
): Check[] {
  if (!c.virtualServers?.length) return [];
  const name = `ipvs ${holder ?? c.name}`;
  if (noIpvsOn.length > 0 && (holder === undefined || noIpvsOn.includes(holder)))
    return [{ name: `ipvs ${noIpvsOn.join(', ')}`, status: 'warn', message: NO_IPVS_MESSAGE }];
  if (holder === undefined || seen === undefined)
    return [{ name, status: 'warn', message: 'not checked: no single VIP holder to read the IPVS table on' }];
  if (seen.kind === 'no-ipvs') return [{ name, host: holder, status: 'warn', message: NO_IPVS_MESSAGE }];
  if (seen.kind === 'no-ipvsadm')
    return [{ name, host: holder, status: 'warn', message: 'ipvsadm not installed: run vipctl install' }];
  if (seen.kind === 'error')
    return [{ name, host: holder, status: 'fail', message: `ipvsadm -Ln failed: ${seen.message}` }];
  const checks: Check[] = [];
  for (const vs of c.virtualServers) {
    for (const want of expected(c, vs)) {
      const svcName = `ipvs ${want.protocol} ${want.service}`;
      const got = seen.services.find((s) => s.protocol === want.protocol && s.service === want.service);
      if (!got) {
        checks.push({
          name: svcName,
          host: holder,
          status: 'fail',
          message: `missing from the IPVS table on ${holder}`,
        });
        continue;
      }
      const problems: string[] = [];
      const algo = vs.lb_algo ?? 'wlc';
      if (got.scheduler !== algo) problems.push(`scheduler ${got.scheduler}, inventory ${algo}`);
      const out: string[] = [];
      for (const rs of vs.real_servers) {
        const port = rs.port ?? vs.port ?? Number(/:(\d+)$/.exec(want.service)?.[1] ?? 0);
        const real = got.reals.find((r) => r.address === key(rs.address, port));
        if (!real)
          out.push(`${rs.address}:${port} not in the table (taken out by its check, or never added)`);
        else if (real.weight === 0 && (rs.weight ?? 1) !== 0)
          out.push(`${rs.address}:${port} weight 0 (inhibited by its check)`);
        else if (real.weight !== (rs.weight ?? 1))
          problems.push(`${rs.address}:${port} weight ${real.weight}, inventory ${rs.weight ?? 1}`);
        else if (real.forward !== FORWARD[vs.lb_kind ?? 'NAT'])
          problems.push(`${rs.address}:${port} forwarding ${real.forward}, inventory ${vs.lb_kind ?? 'NAT'}`);
      }
      if (problems.length > 0)
        checks.push({
          name: svcName,
          host: holder,
          status: 'fail',
          message: `drift: ${problems.join('; ')}`,
        });
      else if (out.length > 0)
        checks.push({
          name: svcName,
          host: holder,
          status: 'warn',
          message: `health checks took out: ${out.join('; ')}`,
        });
      else
        checks.push({
          name: svcName,
          host: holder,
          status: 'pass',
          message: `${got.reals.length} real servers as in the inventory`,
        });
    }
  }
  return checks;
}
