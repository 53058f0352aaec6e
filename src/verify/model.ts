// The verify verdict for one cluster, from what was observed on its members: pure, so every rule is unit-tested.
import { createTwoFilesPatch } from 'diff';
import type { ClusterSpec } from '../inventory/types.js';
import { maskKeepalivedConfig } from '../render/mask.js';
import type { JUnitSuite } from '../report/junit.js';
import type { Advert, HostObservation } from './probe-host.js';
import { judgeIpvs, type IpvsObservation } from './ipvs.js';

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface Check {
  /** stable id, e.g. "vip 10.10.10.50", "service lb-host-1" (JUnit test case name) */
  name: string;
  status: CheckStatus;
  message: string;
  host?: string;
  /** masked unified diff for drift */
  diff?: string;
}

export interface MemberEvidence {
  host: string;
  /** undefined when the member could not be reached */
  observation?: HostObservation;
  unreachable?: string;
  /** rendered keepalived.conf for this host and the secrets to mask in it */
  rendered?: { text: string; secrets: string[] };
  /** adverts captured on this member; undefined when no capture was possible */
  adverts?: Advert[];
  tcpdumpMissing?: boolean;
  /** no capture was asked for (verify --no-adverts, failover-test's pre-check) */
  captureSkipped?: boolean;
  /** the IPVS table (src/verify/ipvs.ts), read on members of clusters with virtual servers */
  ipvs?: IpvsObservation;
}

export interface ClusterVerdict {
  cluster: string;
  ok: boolean;
  /** VIP → holders */
  holders: Record<string, string[]>;
  checks: Check[];
}

export function holdersOf(vip: string, members: MemberEvidence[]): string[] {
  const v = vip.toLowerCase();
  return members.filter((m) => m.observation?.addresses.some((a) => a.address === v)).map((m) => m.host);
}

export function judgeHolders(vip: string, holders: string[], unreachable: string[]): Check {
  const name = `vip ${vip}`;
  if (holders.length === 1) return { name, status: 'pass', message: `held by ${holders[0]}` };
  if (holders.length >= 2) {
    return {
      name,
      status: 'fail',
      message: `SPLIT BRAIN: ${vip} is held by ${holders.length} members at once: ${holders.join(' and ')}`,
    };
  }
  const also = unreachable.length > 0 ? ` (not checked: ${unreachable.join(', ')} unreachable)` : '';
  return { name, status: 'fail', message: `OUTAGE: no member holds ${vip}${also}` };
}

/**
 * With preempt on, the VIPs belong on the intended MASTER whenever it runs: a backup holding them while the
 * master's keepalived is active means the master is not taking over (a transition of a few seconds, or a fault).
 */
export function judgeMaster(
  cluster: ClusterSpec,
  holders: Record<string, string[]>,
  members: MemberEvidence[],
): Check | undefined {
  const master = cluster.members.find((m) => m.state === 'MASTER')?.host;
  const elsewhere = [...new Set(Object.values(holders).flatMap((h) => (h.length === 1 ? h : [])))].filter(
    (h) => h !== master,
  );
  if (!master || Object.values(holders).some((h) => h.length !== 1)) return undefined; // the vip checks say it
  const name = `master ${cluster.name}`;
  if (elsewhere.length === 0)
    return { name, status: 'pass', message: `the intended master ${master} holds the VIPs` };
  const by = `held by ${elsewhere.join(', ')}, not the intended master ${master}`;
  if (!cluster.preempt) return { name, status: 'pass', message: `${by} (nopreempt: the VIP stays put)` };
  const m = members.find((x) => x.host === master);
  if (!m?.observation?.serviceActive)
    return { name, status: 'warn', message: `${by}: keepalived is not running on ${master}` };
  if (cluster.trackScripts.length > 0 || cluster.trackInterfaces.length > 0)
    return { name, status: 'warn', message: `${by}: a track script or interface may have lowered ${master}` };
  return {
    name,
    status: 'fail',
    message: `${by}, although keepalived runs there and preempt is on: a takeover in progress (retry with --wait), or ${master} is in FAULT or does not hear the adverts (vipctl diagnose ${master})`,
  };
}

export function judgeService(host: string, o: HostObservation): Check {
  const problems = [
    o.serviceActive ? undefined : 'not active',
    o.serviceEnabled ? undefined : 'not enabled',
  ].filter(Boolean);
  return problems.length === 0
    ? { name: `service ${host}`, host, status: 'pass', message: 'keepalived active and enabled' }
    : { name: `service ${host}`, host, status: 'fail', message: `keepalived ${problems.join(' and ')}` };
}

export function judgePackages(host: string, o: HostObservation): Check {
  const missing = (['keepalived', 'ipset'] as const).filter((p) => !o.packages[p]);
  return missing.length === 0
    ? { name: `packages ${host}`, host, status: 'pass', message: 'keepalived and ipset installed' }
    : { name: `packages ${host}`, host, status: 'fail', message: `not installed: ${missing.join(', ')}` };
}

export function judgeDrift(
  host: string,
  onHost: string | undefined,
  rendered: { text: string; secrets: string[] },
): Check {
  const name = `config ${host}`;
  if (onHost === undefined)
    return { name, host, status: 'fail', message: 'no /etc/keepalived/keepalived.conf on the host' };
  if (onHost === rendered.text) return { name, host, status: 'pass', message: 'matches the inventory' };
  const before = maskKeepalivedConfig(onHost, rendered.secrets);
  const after = maskKeepalivedConfig(rendered.text, rendered.secrets);
  if (before === after) {
    return {
      name,
      host,
      status: 'fail',
      message: 'drift in a secret (auth_pass differs from the inventory; not shown)',
    };
  }
  const diff = createTwoFilesPatch(
    `${host}:/etc/keepalived/keepalived.conf`,
    'rendered from the inventory',
    before,
    after,
    '',
    '',
    {
      context: 3,
    },
  );
  const changed = diff.split('\n').filter((l) => /^[+-][^+-]/.test(l)).length;
  return {
    name,
    host,
    status: 'fail',
    message: `drift: on-host config differs from the inventory (${changed} lines)`,
    diff,
  };
}

/**
 * Adverts with the cluster's VRID must be seen, sent by the member holding the VIP; a sender outside the cluster
 * with the same VRID is a conflict (runbook §6), and two members advertising at once is split brain.
 */
export function judgeAdverts(
  cluster: ClusterSpec,
  members: MemberEvidence[],
  holder: string | undefined,
): Check {
  const name = `adverts vrid ${cluster.virtualRouterId}`;
  const captured = members.filter((m) => m.adverts !== undefined);
  if (captured.length === 0) {
    // Nothing is installed behind the operator's back: a missing tcpdump is a warning, not a failure.
    if (members.some((m) => m.captureSkipped))
      return { name, status: 'warn', message: 'not checked (capture skipped)' };
    const why = members.some((m) => m.tcpdumpMissing) ? 'tcpdump not installed' : 'no member could capture';
    return { name, status: 'warn', message: `capture unavailable (${why})` };
  }
  const ownerOf = new Map<string, string>();
  for (const m of members) for (const a of m.observation?.addresses ?? []) ownerOf.set(a.address, m.host);
  const seen = captured.flatMap((m) => m.adverts ?? []).filter((a) => a.vrid === cluster.virtualRouterId);
  if (seen.length === 0) {
    return {
      name,
      status: 'fail',
      message: `no VRRP advert with vrid ${cluster.virtualRouterId} seen on ${captured.map((m) => m.host).join(', ')}`,
    };
  }
  const senders = [...new Set(seen.map((a) => a.source))];
  const strangers = senders.filter((s) => !ownerOf.has(s));
  if (strangers.length > 0) {
    return {
      name,
      status: 'fail',
      message: `vrid ${cluster.virtualRouterId} conflict: adverts from ${strangers.join(', ')}, not a member of ${cluster.name}`,
    };
  }
  const sendingMembers = [...new Set(senders.map((s) => ownerOf.get(s)!))].sort();
  // Priority 0 is a goodbye advert (a clean stop), not a master claiming the VIP.
  const claiming = [...new Set(seen.filter((a) => a.priority > 0).map((a) => ownerOf.get(a.source)!))].sort();
  if (claiming.length >= 2) {
    return {
      name,
      status: 'fail',
      message: `SPLIT BRAIN: ${claiming.join(' and ')} both send adverts for vrid ${cluster.virtualRouterId}`,
    };
  }
  if (holder !== undefined && !sendingMembers.includes(holder)) {
    return {
      name,
      status: 'fail',
      message: `adverts come from ${sendingMembers.join(', ')}, not from the VIP holder ${holder}`,
    };
  }
  return { name, status: 'pass', message: `${seen.length} adverts from ${sendingMembers.join(', ')}` };
}

export function judgeCluster(cluster: ClusterSpec, members: MemberEvidence[]): ClusterVerdict {
  const checks: Check[] = [];
  const unreachable = members.filter((m) => m.observation === undefined).map((m) => m.host);
  for (const m of members.filter((x) => x.observation === undefined)) {
    checks.push({
      name: `reach ${m.host}`,
      host: m.host,
      status: 'fail',
      message: `unreachable: ${m.unreachable ?? 'no connection'}`,
    });
  }
  const holders: Record<string, string[]> = {};
  for (const vip of cluster.vips) {
    holders[vip.address] = holdersOf(vip.address, members);
    checks.push(judgeHolders(vip.address, holders[vip.address]!, unreachable));
  }
  const master = judgeMaster(cluster, holders, members);
  if (master) checks.push(master);
  for (const m of members) {
    if (!m.observation) continue;
    checks.push(judgeService(m.host, m.observation), judgePackages(m.host, m.observation));
    if (m.rendered) checks.push(judgeDrift(m.host, m.observation.config, m.rendered));
  }
  const first = cluster.vips[0] ? holders[cluster.vips[0].address] : undefined;
  checks.push(judgeAdverts(cluster, members, first?.length === 1 ? first[0] : undefined));
  const holder = first?.length === 1 ? first[0] : undefined;
  const noIpvs = members.filter((m) => m.ipvs?.kind === 'no-ipvs').map((m) => m.host);
  checks.push(...judgeIpvs(cluster, holder, members.find((m) => m.host === holder)?.ipvs, noIpvs));
  return { cluster: cluster.name, ok: checks.every((c) => c.status !== 'fail'), holders, checks };
}

/** JUnit view: a warning is reported as skipped (not checked), not as a pass. */
export function verdictsToJUnit(verdicts: ClusterVerdict[]): JUnitSuite[] {
  return verdicts.map((v) => ({
    name: `verify ${v.cluster}`,
    cases: v.checks.map((c) => ({
      name: c.name,
      classname: `vipctl.verify.${v.cluster}`,
      status: c.status === 'pass' ? 'pass' : c.status === 'fail' ? 'fail' : 'skip',
      message: c.message,
      details: c.diff,
    })),
  }));
}
