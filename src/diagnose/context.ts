// Everything the rules look at, derived once from a Bundle: parsed logs, configs, addresses, clusters.
import type { Bundle, HostEvidence } from './evidence.js';
import {
  parseCapture,
  parseIpAddr,
  parseIpLink,
  type Advert,
  type AddrLine,
  type LinkLine,
} from './host-state.js';
import { parseLog, type LogEntry } from './log-parse.js';
import { summarizeKeepalivedConfig, type InstanceSummary } from '../keepalived/summary.js';

/** What the inventory says a cluster should be (no secrets). */
export interface ClusterExpectation {
  name: string;
  virtualRouterId: number;
  vips: string[];
  advertInt: number;
  authType: 'PASS' | 'none';
  unicast: boolean;
  members: { host: string; priority: number; address: string; interface: string }[];
  /** live runs only: does a host's auth_pass match the inventory's (as keepalived uses it, 8 characters)?
   * A question, not the password: nothing here can print it. Absent offline (saved bundles are masked). */
  authPassMatches?: (authPass: string) => boolean;
}

export interface HostView {
  ev: HostEvidence;
  log: LogEntry[];
  configTest: LogEntry[];
  instances: InstanceSummary[];
  addrs?: AddrLine[];
  links?: LinkLine[];
  adverts?: Advert[];
  /** false only when facts say keepalived is not running; undefined when unknown */
  running?: boolean;
}

export interface ClusterView {
  name: string;
  members: HostView[];
  expected?: ClusterExpectation;
  vrid?: number;
  vips: string[];
  /** IPv4 networks the members run this VRID on (inferred clusters; empty when unknown) */
  segments?: string[];
}

export interface Context {
  hosts: HostView[];
  clusters: ClusterView[];
}

function running(ev: HostEvidence): boolean | undefined {
  const s = ev.facts.service;
  if (s === undefined) return undefined;
  if (s.vrrpProcess !== undefined) return s.vrrpProcess;
  if (s.active === undefined) return undefined;
  return s.active === 'active' || s.active === 'running';
}

export function hostView(ev: HostEvidence): HostView {
  return {
    ev,
    log: ev.log ? parseLog(ev.log, `${ev.host}.log`) : [],
    configTest: ev.configTest
      ? parseLog(ev.configTest.replace(/^exit -?\d+\s*$/m, ''), `config-test-${ev.host}.txt`)
      : [],
    instances: ev.config ? summarizeKeepalivedConfig(ev.config).instances : [],
    addrs: ev.ipAddr !== undefined ? parseIpAddr(ev.ipAddr) : undefined,
    links: ev.ipLink !== undefined ? parseIpLink(ev.ipLink) : undefined,
    adverts: ev.tcpdump !== undefined ? parseCapture(ev.tcpdump) : undefined,
    running: running(ev),
  };
}

/** An IPv4 address and prefix → its network ("10.10.10.0/24"); undefined for IPv6 or nonsense. */
export function networkOf(address: string, prefix: number): string | undefined {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  const n = parts.reduce((a, b) => a * 256 + b, 0);
  const size = 2 ** (32 - Math.min(32, Math.max(0, prefix)));
  const net = Math.floor(n / size) * size;
  return `${[24, 16, 8, 0].map((s) => Math.floor(net / 2 ** s) % 256).join('.')}/${prefix}`;
}

/** The L2 segment an instance runs on, as the host's addresses tell it: the interface's IPv4 networks. */
export function segmentsOf(h: HostView, iface: string | undefined): string[] {
  if (!h.addrs || iface === undefined) return [];
  return [
    ...new Set(
      h.addrs
        .filter((a) => a.ifname === iface && a.family === 'inet' && a.prefix < 32)
        .map((a) => networkOf(a.address, a.prefix))
        .filter((n): n is string => n !== undefined),
    ),
  ];
}

const meet = <T>(a: T[], b: T[]): boolean => a.length === 0 || b.length === 0 || a.some((x) => b.includes(x));

interface Group {
  vrid: number;
  vips: string[];
  segments: string[];
  members: HostView[];
}

/**
 * Members of a cluster: from the inventory when given; otherwise as keepalived itself sees it (offline bundles
 * collected by hand carry no inventory): instances with the same VRID on the same segment that share a VIP
 * (or whose VIPs or segment are unknown). Two groups with one VRID and disjoint VIPs are two clusters — a VRID
 * reused on one segment, which the rules report — not one cluster whose members differ.
 */
export function buildContext(bundle: Bundle, expectations: ClusterExpectation[] = []): Context {
  const hosts = bundle.hosts.map(hostView);
  const clusters: ClusterView[] = [];
  const placed = new Set<string>();
  for (const exp of expectations) {
    const members = hosts.filter((h) => exp.members.some((m) => m.host === h.ev.host));
    if (members.length === 0) continue;
    members.forEach((m) => placed.add(m.ev.host));
    clusters.push({ name: exp.name, members, expected: exp, vrid: exp.virtualRouterId, vips: exp.vips });
  }
  const groups: Group[] = [];
  for (const h of hosts) {
    if (placed.has(h.ev.host)) continue;
    const instances = h.instances.filter((i) => i.virtualRouterId !== undefined);
    if (instances.length === 0) {
      clusters.push({
        name: h.ev.host,
        members: [h],
        vrid: h.instances[0]?.virtualRouterId,
        vips: h.instances[0]?.vips ?? [],
      });
      continue;
    }
    for (const inst of instances) {
      const segments = segmentsOf(h, inst.interface);
      const g = groups.find(
        (x) => x.vrid === inst.virtualRouterId && meet(x.segments, segments) && meet(x.vips, inst.vips),
      );
      if (g) {
        if (!g.members.includes(h)) g.members.push(h);
        g.vips = [...new Set([...g.vips, ...inst.vips])];
        g.segments = [...new Set([...g.segments, ...segments])];
      } else groups.push({ vrid: inst.virtualRouterId!, vips: [...inst.vips], segments, members: [h] });
    }
  }
  for (const g of groups) {
    const shared = groups.filter((x) => x.vrid === g.vrid).length > 1;
    const names = g.members.map((m) => m.ev.host).join(', ');
    clusters.push({
      name: shared ? `VRID ${g.vrid} ${g.vips.join(' ')} (${names})` : `VRID ${g.vrid} (${names})`,
      members: g.members,
      vrid: g.vrid,
      vips: g.vips,
      segments: g.segments,
    });
  }
  return { hosts, clusters };
}

/** A host's vrrp_instance for a cluster (hosts may serve several): by VRID, else by VIP, else the first. */
export function instanceFor(h: HostView, c: ClusterView | undefined): InstanceSummary | undefined {
  if (!c) return h.instances[0];
  return (
    h.instances.find((i) => i.virtualRouterId === c.vrid) ??
    h.instances.find((i) => i.vips.some((v) => c.vips.includes(v))) ??
    h.instances[0]
  );
}

/** The host's own addresses (not VIPs) on any interface, for peer lists. */
export function primaryAddresses(h: HostView, vips: string[]): string[] {
  return (h.addrs ?? [])
    .filter((a) => a.family === 'inet' && a.ifname !== 'lo' && !vips.includes(a.address))
    .map((a) => a.address);
}
