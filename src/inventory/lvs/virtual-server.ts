import { z } from 'zod';
import { canonicalAddress, ipFamily, parseCidr } from '../ip.js';
import type { ClusterSpec, SourceLocation } from '../types.js';
import { lintScriptRef, scriptLine, scriptRef, scriptSchema } from '../vrrp/scripts.js';
import { Findings, LIMIT, at, block, num, word } from '../vrrp/kit.js';
import { lintRealServer, realServerKey, realServerLines, realServerSchema } from './real-server.js';

// virtual_server: a service on a VIP of the cluster (or a firewall mark, or a virtual_server_group) balanced
// over real servers. Written under the cluster whose VIP it serves, so every member renders the same
// virtual servers and the VIP holder is the host whose IPVS table matters (check_parser.c, keepalived 2.2.7).

export const LB_ALGOS = [
  'rr',
  'wrr',
  'lc',
  'wlc',
  'lblc',
  'sh',
  'mh',
  'dh',
  'fo',
  'ovf',
  'lblcr',
  'sed',
  'nq',
  'twos',
] as const;
/** Schedulers that use weights beyond "0 = no new connections" (ipvsadm(8)). */
const WEIGHTED = new Set(['wrr', 'wlc', 'lblc', 'lblcr', 'sh', 'mh', 'fo', 'ovf', 'sed', 'twos']);

export const virtualServerSchema = z.strictObject({
  address: z.string().min(1).optional().describe('a VIP of this cluster (without /prefix)'),
  fwmark: z.int().optional().describe('firewall mark instead of address and port'),
  group: z.string().min(1).optional().describe('a virtual_server_group of this cluster instead of address'),
  port: z.int().optional().describe('service port (with address; 0 = all ports, needs persistence)'),
  protocol: z
    .enum(['TCP', 'UDP', 'SCTP'])
    .optional()
    .describe("default TCP (always written: keepalived's own default is UDP)"),
  lb_algo: z.enum(LB_ALGOS).optional().describe('IPVS scheduler (default wlc)'),
  lb_kind: z.enum(['NAT', 'DR', 'TUN']).optional().describe('forwarding method (default NAT)'),
  delay_loop: z.number().optional().describe('seconds between health checks (default 60)'),
  persistence_timeout: z.int().optional().describe('seconds a client sticks to its real server'),
  persistence_granularity: z.string().min(1).optional().describe('netmask clients are grouped by'),
  quorum: z.int().optional().describe('sum of live weights under which quorum_down runs (default 1)'),
  hysteresis: z.int().optional().describe('hysteresis around quorum'),
  quorum_up: scriptSchema.optional(),
  quorum_down: scriptSchema.optional(),
  alpha: z.boolean().optional().describe('start every real server as down until its check passes'),
  omega: z.boolean().optional().describe('run quorum_down and notify_down scripts when keepalived stops'),
  ha_suspend: z.boolean().optional().describe('suspend checks while this host is not MASTER of the VIP'),
  virtualhost: z.string().min(1).optional().describe("Host: header for the real servers' HTTP checks"),
  sorry_server: z
    .strictObject({ address: z.string().min(1), port: z.int().optional() })
    .optional()
    .describe('server used when every real server is down'),
  sorry_server_inhibit: z.boolean().optional().describe('inhibit_on_failure for the sorry server'),
  real_servers: z.array(realServerSchema).describe('the backends'),
});
export type RawVirtualServer = z.infer<typeof virtualServerSchema>;

/**
 * The plain keywords of a virtual_server (one value, or a flag) and how import reads them; the others (its head,
 * quorum_up/down, sorry_server, real_server) are read beside. Import reads a block only through this table and
 * then checks that virtualServerLines writes it back the same: a keyword added here and to render is imported.
 */
export const VIRTUAL_SERVER_KEYWORDS: Record<string, 'int' | 'decimal' | 'flag' | 'word'> = {
  delay_loop: 'decimal',
  lb_algo: 'word',
  lb_kind: 'word',
  protocol: 'word',
  persistence_timeout: 'int',
  persistence_granularity: 'word',
  quorum: 'int',
  hysteresis: 'int',
  alpha: 'flag',
  omega: 'flag',
  ha_suspend: 'flag',
  virtualhost: 'word',
  sorry_server_inhibit: 'flag',
};

export const virtualServersShape = {
  virtual_servers: z
    .array(virtualServerSchema)
    .optional()
    .describe("keepalived's LVS side: services on this cluster's VIPs balanced over real servers"),
};

/** What a virtual server is written as in keepalived.conf (and its name in findings). */
export function serviceHead(vs: RawVirtualServer): string {
  if (vs.group !== undefined) return `group ${vs.group}`;
  if (vs.fwmark !== undefined) return `fwmark ${vs.fwmark}`;
  return `${vs.address ?? '?'} ${vs.port ?? '?'}`;
}

function vipAddresses(c: ClusterSpec): Set<string> {
  const out = new Set<string>();
  for (const v of c.vips) {
    const cidr = parseCidr(v.address);
    out.add(canonicalAddress(cidr ? cidr.address : v.address));
  }
  return out;
}

function isVip(c: ClusterSpec, address: string): boolean {
  return ipFamily(address) !== undefined && vipAddresses(c).has(canonicalAddress(address));
}

/**
 * LVS001 address not a VIP of the cluster / not exactly one of address, fwmark, group; LVS002 unknown group;
 * LVS003 bad address; LVS004 port; LVS005 weight; LVS006 duplicate real server; LVS007 DR/TUN port change;
 * LVS008 NAT real server that is a member; LVS009 DR note; LVS011 keys keepalived ignores; LVS013 duplicate
 * virtual server; LVS014 persistence_granularity; NUM001 ranges.
 */
/** What the checks of one cluster's virtual servers share. */
export interface LvsScope {
  cluster: ClusterSpec;
  /** virtual_server_group names, those holding a fwmark, and each group's ports */
  groups: ReadonlySet<string>;
  groupsWithMark: ReadonlySet<string>;
  groupPorts: ReadonlyMap<string, number[]>;
  /** canonical address → member host, for this cluster's members */
  memberAddresses: ReadonlyMap<string, string>;
}

type Where = (field: string) => SourceLocation;

/**
 * LVS001 address not a VIP of the cluster / not exactly one of address, fwmark, group; LVS002 unknown group;
 * LVS003 bad address; LVS004 port; LVS013 duplicate virtual server; then the options and the real servers.
 */
export function lintVirtualServers(scope: LvsScope, f: Findings): void {
  const c = scope.cluster;
  const groups = scope.groups;
  const seen = new Map<string, number>();
  (c.virtualServers ?? []).forEach((vs, i) => {
    const base = `virtual_servers.${i}`;
    const where: Where = (field) => at(c, `${base}.${field}`, at(c, base));
    const who = `cluster ${c.name} virtual_server ${serviceHead(vs)}`;
    const kinds = (['address', 'fwmark', 'group'] as const).filter((k) => vs[k] !== undefined);
    if (kinds.length !== 1)
      f.error(
        'LVS001',
        at(c, base),
        `${who}: give exactly one of address, fwmark and group${kinds.length > 1 ? ` (not ${kinds.join(' and ')})` : ''}`,
      );
    if (vs.address !== undefined) {
      if (!ipFamily(vs.address) || vs.address.includes('/'))
        f.error('LVS003', where('address'), `${who}: "${vs.address}" is not an IP address (no /prefix)`);
      else if (!isVip(c, vs.address))
        f.error(
          'LVS001',
          where('address'),
          `${who}: ${vs.address} is not a VIP of cluster ${c.name}`,
          `the VIPs are ${c.vips.map((v) => v.address).join(', ')}; a virtual server lives on the host holding its VIP`,
        );
      if (vs.port === undefined)
        f.error('LVS004', where('address'), `${who}: a virtual server on an address needs a port`);
    }
    if (vs.group !== undefined && !groups.has(vs.group))
      f.error(
        'LVS002',
        where('group'),
        `${who}: "${vs.group}" is not a virtual_server_group of cluster ${c.name}`,
        groups.size ? `the groups are ${[...groups].join(', ')}` : 'define it under virtual_server_groups',
      );
    if (vs.fwmark !== undefined && (vs.fwmark < 1 || vs.fwmark > LIMIT.u32))
      f.error('NUM001', where('fwmark'), `${who}: fwmark ${vs.fwmark} is outside 1–${LIMIT.u32}`);
    if (vs.port !== undefined) {
      if (vs.port < 0 || vs.port > 65535)
        f.error('LVS004', where('port'), `${who}: port ${vs.port} is outside 0–65535`);
      else if (vs.port === 0 && vs.persistence_timeout === undefined)
        f.error('LVS004', where('port'), `${who}: port 0 (all ports) needs persistence_timeout`);
      if (vs.address === undefined)
        f.warning('LVS011', where('port'), `${who}: port is ignored with ${kinds[0] ?? 'no address'}`);
    }
    const key = `${serviceHead(vs)}/${vs.protocol ?? 'TCP'}`;
    const first = seen.get(key);
    if (first !== undefined)
      f.error(
        'LVS013',
        at(c, base),
        `${who} (${vs.protocol ?? 'TCP'}) is defined twice (first as virtual_servers.${first})`,
      );
    else seen.set(key, i);

    lintServiceOptions(vs, where, (k) => at(c, `${base}.${k}`, at(c, base)), who, f);
    lintRealServersOf(vs, base, who, scope, f);
  });
}

/** NUM001 ranges, LVS014 persistence_granularity, LVS011 keys keepalived ignores or lowers, scripts, LVS003 sorry server. */
function lintServiceOptions(
  vs: RawVirtualServer,
  where: Where,
  exact: Where,
  who: string,
  f: Findings,
): void {
  if (vs.delay_loop !== undefined && (vs.delay_loop < 0.000001 || vs.delay_loop > LIMIT.seconds))
    f.error(
      'NUM001',
      where('delay_loop'),
      `${who}: delay_loop ${vs.delay_loop} is outside 0.000001–${LIMIT.seconds}`,
    );
  if (
    vs.persistence_timeout !== undefined &&
    (vs.persistence_timeout < 1 || vs.persistence_timeout > 86400 * 31)
  )
    f.error(
      'NUM001',
      where('persistence_timeout'),
      `${who}: persistence_timeout ${vs.persistence_timeout} is outside 1–${86400 * 31}`,
    );
  if (vs.quorum !== undefined && (vs.quorum < 1 || vs.quorum > LIMIT.u32))
    f.error('NUM001', where('quorum'), `${who}: quorum ${vs.quorum} is outside 1–${LIMIT.u32}`);
  if (vs.hysteresis !== undefined && (vs.hysteresis < 0 || vs.hysteresis > LIMIT.u32))
    f.error('NUM001', where('hysteresis'), `${who}: hysteresis ${vs.hysteresis} is outside 0–${LIMIT.u32}`);
  if (vs.persistence_granularity !== undefined) {
    const g = vs.persistence_granularity;
    const mask = ipFamily(g) === 4 ? g.split('.').map(Number) : undefined;
    const solid = mask && /^1*0*$/.test(mask.map((o) => o.toString(2).padStart(8, '0')).join(''));
    if (!solid && !/^\d+$/.test(g))
      f.error(
        'LVS014',
        where('persistence_granularity'),
        `${who}: persistence_granularity "${g}" is not a solid IPv4 netmask or IPv6 prefix length`,
      );
    if (vs.persistence_timeout === undefined)
      f.warning(
        'LVS011',
        where('persistence_granularity'),
        `${who}: persistence_granularity without persistence_timeout does nothing`,
      );
  }
  if (vs.fwmark !== undefined && vs.protocol !== undefined)
    f.warning(
      'LVS011',
      where('protocol'),
      `${who}: a firewall-mark service has no protocol (keepalived: "protocol will be ignored")`,
    );
  if (vs.sorry_server_inhibit && !vs.sorry_server)
    f.warning(
      'LVS011',
      where('sorry_server_inhibit'),
      `${who}: sorry_server_inhibit without sorry_server: keepalived ignores it`,
    );
  if (vs.sorry_server && (!ipFamily(vs.sorry_server.address) || vs.sorry_server.address.includes('/')))
    f.error(
      'LVS003',
      where('sorry_server.address'),
      `${who}: sorry_server "${vs.sorry_server.address}" is not an IP address`,
    );
  if (vs.hysteresis !== undefined && vs.quorum !== undefined && vs.hysteresis >= vs.quorum)
    f.warning(
      'LVS011',
      where('hysteresis'),
      `${who}: hysteresis ${vs.hysteresis} is not below quorum ${vs.quorum}: keepalived lowers it to ${vs.quorum - 1}`,
    );
  if (vs.hysteresis !== undefined && vs.quorum === undefined)
    f.warning(
      'LVS011',
      where('hysteresis'),
      `${who}: hysteresis without quorum works around the default quorum 1, so keepalived lowers it to 0`,
    );
  if (vs.virtualhost !== undefined && !/^[^\s"'\\{}#!]+$/.test(vs.virtualhost))
    f.error('WORD001', where('virtualhost'), `${who}: virtualhost is not one keepalived word`);
  for (const k of ['quorum_up', 'quorum_down'] as const) {
    const ref = scriptRef(vs[k]);
    if (ref) lintScriptRef(ref, (field) => exact(`${k}.${field}`), `${who}: ${k}`, f);
  }
}

/** LVS005 weights, LVS006 duplicates, LVS007 DR/TUN port change, LVS008 NAT to a member, LVS009 DR note, LVS011 fwmark ports. */
function lintRealServersOf(
  vs: RawVirtualServer,
  base: string,
  who: string,
  scope: LvsScope,
  f: Findings,
): void {
  const { cluster: c, groupsWithMark, groupPorts, memberAddresses } = scope;
  const where: Where = (field) => at(c, `${base}.${field}`, at(c, base));
  const kind = vs.lb_kind ?? 'NAT';
  const algo = vs.lb_algo ?? 'wlc';
  const rsKeys = new Map<string, number>();
  const fwmarked = vs.fwmark !== undefined || (vs.group !== undefined && groupsWithMark.has(vs.group));
  const outside = vs.real_servers.filter(
    (rs) => !memberAddresses.has(ipFamily(rs.address) ? canonicalAddress(rs.address) : rs.address),
  );
  if (kind === 'DR' && outside.length > 0)
    f.warning(
      'LVS009',
      vs.lb_kind !== undefined ? where('lb_kind') : at(c, base),
      `${who}: with lb_kind DR each real server (${[...new Set(outside.map((r) => r.address))].join(', ')}) must hold the service address on a non-ARPing interface (lo, arp_ignore=1, arp_announce=2); vipctl does not configure hosts outside the inventory`,
      'see docs/lvs.md "DR real servers"',
    );
  if (vs.real_servers.length === 0) f.warning('LVS006', where('real_servers'), `${who} has no real servers`);
  vs.real_servers.forEach((rs, j) => {
    const rsBase = `${base}.real_servers.${j}`;
    const rsWhere = (field: string): SourceLocation => at(c, `${rsBase}.${field}`, at(c, rsBase));
    const rsWho = `${who} real_server ${rs.address}`;
    lintRealServer(rs, rsWhere, rsWho, f);
    const k = realServerKey(rs, vs.port);
    const before = rsKeys.get(k);
    if (before !== undefined)
      f.error(
        'LVS006',
        at(c, rsBase),
        `${rsWho}: the same address and port as real_servers.${before}`,
        'keepalived keeps one and drops the other',
      );
    else rsKeys.set(k, j);
    const servicePorts =
      vs.group !== undefined ? (groupPorts.get(vs.group) ?? []) : vs.port !== undefined ? [vs.port] : [];
    const otherPort = servicePorts.find((p) => p !== rs.port);
    if ((kind === 'DR' || kind === 'TUN') && rs.port !== undefined && otherPort !== undefined)
      f.error(
        'LVS007',
        rsWhere('port'),
        `${rsWho}: lb_kind ${kind} cannot change the port (${otherPort} → ${rs.port}); keepalived warns "ports don't match"`,
        'use lb_kind NAT to map ports, or give the real server the same port',
      );
    if (rs.weight !== undefined && rs.weight > 1 && !WEIGHTED.has(algo))
      f.warning(
        'LVS005',
        rsWhere('weight'),
        `${rsWho}: lb_algo ${algo} ignores weights other than 0`,
        `use a weighted scheduler (wrr, wlc…) or drop the weight`,
      );
    const member = memberAddresses.get(ipFamily(rs.address) ? canonicalAddress(rs.address) : rs.address);
    if (member && kind === 'NAT')
      f.warning(
        'LVS008',
        rsWhere('address'),
        `${rsWho} is cluster member ${member}: with lb_kind NAT its replies must route back through the director, which it is itself`,
        'NAT needs the real servers to use the director as gateway; use DR, or real servers that are not members',
      );
    if (fwmarked && rs.port !== undefined && kind !== 'NAT')
      f.warning(
        'LVS011',
        rsWhere('port'),
        `${rsWho}: a firewall-mark service ignores the real server's port (keepalived: "port will be ignored")`,
      );
  });
}

export function virtualServerLines(vs: RawVirtualServer): string[] {
  const body: string[] = [];
  if (vs.delay_loop !== undefined) body.push(`delay_loop ${num(vs.delay_loop)}`);
  // Always written: keepalived 2.2.7 warns on each missing one, and without `protocol` it balances UDP
  // (a firewall-mark service has none: keepalived warns "protocol will be ignored").
  body.push(`lb_algo ${vs.lb_algo ?? 'wlc'}`, `lb_kind ${vs.lb_kind ?? 'NAT'}`);
  if (vs.fwmark === undefined) body.push(`protocol ${vs.protocol ?? 'TCP'}`);
  if (vs.persistence_timeout !== undefined) body.push(`persistence_timeout ${num(vs.persistence_timeout)}`);
  if (vs.persistence_granularity !== undefined)
    body.push(`persistence_granularity ${word(vs.persistence_granularity)}`);
  if (vs.quorum !== undefined) body.push(`quorum ${num(vs.quorum)}`);
  if (vs.hysteresis !== undefined) body.push(`hysteresis ${num(vs.hysteresis)}`);
  const up = scriptRef(vs.quorum_up);
  const down = scriptRef(vs.quorum_down);
  if (up) body.push(scriptLine('quorum_up', up));
  if (down) body.push(scriptLine('quorum_down', down));
  if (vs.alpha) body.push('alpha');
  if (vs.omega) body.push('omega');
  if (vs.ha_suspend) body.push('ha_suspend');
  if (vs.virtualhost !== undefined) body.push(`virtualhost ${word(vs.virtualhost)}`);
  if (vs.sorry_server) {
    const s = vs.sorry_server;
    const port = s.port ?? vs.port;
    body.push(`sorry_server ${word(s.address)}${port === undefined ? '' : ` ${num(port)}`}`);
  }
  if (vs.sorry_server_inhibit) body.push('sorry_server_inhibit');
  for (const rs of vs.real_servers) body.push(...realServerLines(rs, vs.port));
  const head =
    vs.group !== undefined
      ? `group ${word(vs.group)}`
      : vs.fwmark !== undefined
        ? `fwmark ${num(vs.fwmark)}`
        : `${word(vs.address ?? '')} ${num(vs.port ?? 0)}`;
  return block(`virtual_server ${head}`, body);
}

/** Do any of these virtual servers run scripts (MISC_CHECK, notify_up/down, quorum_up/down)? */
export function lvsRunsScripts(servers: readonly RawVirtualServer[]): boolean {
  return servers.some(
    (vs) =>
      vs.quorum_up !== undefined ||
      vs.quorum_down !== undefined ||
      vs.real_servers.some(
        (rs) => rs.notify_up !== undefined || rs.notify_down !== undefined || rs.check?.type === 'MISC_CHECK',
      ),
  );
}
