// Everything the rules look at, derived once from a Bundle: parsed logs, configs, addresses, clusters.
import { parseKeepalivedConfig, type InstanceConfig } from './config-parse.js';
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
  instances: InstanceConfig[];
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
    instances: ev.config ? parseKeepalivedConfig(ev.config).instances : [],
    addrs: ev.ipAddr !== undefined ? parseIpAddr(ev.ipAddr) : undefined,
    links: ev.ipLink !== undefined ? parseIpLink(ev.ipLink) : undefined,
    adverts: ev.tcpdump !== undefined ? parseCapture(ev.tcpdump) : undefined,
    running: running(ev),
  };
}

/**
 * Members of a cluster: from the inventory when given; otherwise hosts whose configs share a VRID on the same
 * interface name (offline bundles collected by hand carry no inventory).
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
  const byKey = new Map<string, HostView[]>();
  for (const h of hosts) {
    if (placed.has(h.ev.host)) continue;
    const inst = h.instances[0];
    const key = inst?.virtualRouterId !== undefined ? `vrid ${inst.virtualRouterId}` : `host ${h.ev.host}`;
    byKey.set(key, [...(byKey.get(key) ?? []), h]);
  }
  for (const [key, members] of byKey) {
    const inst = members.map((m) => m.instances[0]).find((i) => i !== undefined);
    clusters.push({
      name: h0Name(key, members),
      members,
      vrid: inst?.virtualRouterId,
      vips: [...new Set(members.flatMap((m) => m.instances[0]?.vips ?? []))],
    });
  }
  return { hosts, clusters };
}

function h0Name(key: string, members: HostView[]): string {
  return key.startsWith('vrid ')
    ? `VRID ${key.slice(5)} (${members.map((m) => m.ev.host).join(', ')})`
    : members[0]!.ev.host;
}

/** A host's vrrp_instance for a cluster (hosts may serve several): by VRID, else by VIP, else the first. */
export function instanceFor(h: HostView, c: ClusterView | undefined): InstanceConfig | undefined {
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
