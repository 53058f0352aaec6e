import { canonicalAddress, ipFamily, maxPrefix, networkKey, inSubnet } from './ip.js';
import { sortFindings, type LintFinding } from './findings.js';
import { tryReveal } from './secret.js';
import type { AuthSpec, ClusterMember, ClusterSpec, HostSpec, Inventory, SourceLocation } from './types.js';
import { Findings, at, checkRange, type Located } from './vrrp/kit.js';
import { lintGlobalDefs } from './vrrp/global-defs.js';
import { lintFailoverReach, lintSharedDefinitions, lintTracking } from './vrrp/tracking.js';
import { NOTIFY_KINDS, lintScriptRef, scriptsOnHost } from './vrrp/scripts.js';
import { groupsOnHost, lintSyncGroups } from './vrrp/sync-group.js';
import { lintLvs, lvsRunsScriptsOn } from './lvs/lvs.js';
import { scriptUses } from './vrrp/deploy.js';
import { lintAddresses, lintStatic } from './vrrp/addresses.js';
import {
  INSTANCE_OPTION_KEYWORDS,
  lintInstanceOptions,
  lintVmacNames,
  typedInstanceKeywords,
  vrrpVersion,
} from './vrrp/instance-options.js';
import { lintExtraMap } from './vrrp/extra.js';

export { formatFindings, hasErrors, type LintFinding } from './findings.js';

// Whole-cluster rules: what keepalived accepts one host at a time but breaks a cluster (VRID clashes,
// truncated passwords, mismatched members …). Codes are stable; docs/inventory.md lists them.

const INTERFACE_NAME = /^[A-Za-z0-9_.:@-]{1,15}$/;
/** vrrp_instance keywords the schema models: setting them in `extra` would produce a duplicate or a conflict. */
const MODELLED_KEYWORDS = new Set([
  'state',
  'interface',
  'virtual_router_id',
  'priority',
  'advert_int',
  'authentication',
  'auth_type',
  'auth_pass',
  'virtual_ipaddress',
  'virtual_ipaddress_excluded',
  'virtual_routes',
  'virtual_rules',
  'nopreempt',
  'preempt',
  'preempt_delay',
  'unicast_src_ip',
  'unicast_peer',
  'garp_master_delay',
  'garp_master_repeat',
  'garp_master_refresh',
]);

function lintHosts(hosts: readonly HostSpec[], f: Findings): void {
  const byAddress = new Map<string, HostSpec>();
  for (const h of hosts) {
    if (ipFamily(h.address) === undefined) {
      f.error(
        'HOST001',
        at(h, 'address'),
        `host ${h.name}: address "${h.address}" is not an IP address (optionally with /prefix)`,
        'the address is also the VRRP source and unicast peer, so it must be an IP address',
      );
      continue;
    }
    const key = canonicalAddress(h.address);
    const first = byAddress.get(key);
    if (first)
      f.error(
        'HOST002',
        at(h, 'address'),
        `host ${h.name} has the same address as host ${first.name} (${h.address})`,
      );
    else byAddress.set(key, h);
    if (!INTERFACE_NAME.test(h.interface)) {
      f.error(
        'IF001',
        at(h, 'interface'),
        `host ${h.name}: "${h.interface}" is not a valid interface name`,
        'at most 15 characters, no spaces or slashes',
      );
    }
  }
}

function authKind(auth: AuthSpec): string {
  return auth.type === 'PASS' ? (auth.method ?? 'PASS') : 'none';
}

function checkAuthValue(auth: AuthSpec, where: SourceLocation, who: string, f: Findings): string | undefined {
  if (auth.type !== 'PASS') return undefined;
  const revealed = tryReveal(auth.password);
  if ('error' in revealed) {
    f.error(
      'AUTH002',
      where,
      `${who}: auth password unavailable (${auth.password.describe}): ${revealed.error}`,
      'lint needs the value to check its length and that members agree; provide it before running commands that change hosts',
    );
    return undefined;
  }
  if (revealed.value.length === 0)
    f.error('AUTH005', where, `${who}: auth password (${auth.password.describe}) is empty`);
  else if (/[\s"'#!{}\\]/.test(revealed.value)) {
    f.error(
      'AUTH006',
      where,
      `${who}: auth password (${auth.password.describe}) contains spaces, quotes, braces or comment characters`,
      'keepalived splits its config into words and drops comments: such a password is not read as written',
    );
  } else if (revealed.value.length > 8) {
    f.error(
      'AUTH001',
      where,
      `${who}: auth password (${auth.password.describe}) has ${revealed.value.length} characters; keepalived uses at most 8`,
      'keepalived silently truncates it ("Truncating auth_pass to 8 characters"); use 8 characters or fewer',
    );
  }
  return revealed.value;
}

function lintMembers(c: ClusterSpec, hosts: ReadonlyMap<string, HostSpec>, f: Findings): void {
  if (c.members.length === 0) {
    f.error('MEM003', at(c, 'members'), `cluster ${c.name} has no members`);
    return;
  }
  if (c.members.length === 1) {
    f.warning(
      'MEM002',
      at(c, 'members'),
      `cluster ${c.name} has a single member: its VIP has no failover`,
      'add a second host',
    );
  }
  for (const m of c.members) {
    if (!hosts.has(m.host)) {
      f.error(
        'MEM001',
        at(m, 'host', c.location),
        `cluster ${c.name}: member "${m.host}" is not a host of the inventory`,
        `define it under hosts (known hosts: ${[...hosts.keys()].join(', ') || 'none'})`,
      );
    }
    if (!INTERFACE_NAME.test(m.interface) && m.interface !== hosts.get(m.host)?.interface) {
      f.error(
        'IF001',
        at(m, 'interface', c.location),
        `cluster ${c.name}, member ${m.host}: "${m.interface}" is not a valid interface name`,
      );
    }
    if (!Number.isInteger(m.priority) || m.priority < 1 || m.priority > 254) {
      f.error(
        'PRIO001',
        at(m, 'priority', c.location),
        `cluster ${c.name}, member ${m.host}: priority ${m.priority} is outside 1–254`,
      );
    }
  }
  c.trackInterfaces.forEach((t, i) => {
    const own = c.members.filter((m) => m.interface === t).map((m) => m.host);
    if (own.length > 0) {
      f.warning(
        'IF002',
        at(c, `track_interfaces.${i}`),
        `cluster ${c.name}: track interface ${t} is the own interface of ${own.join(', ')}; keepalived ignores it there`,
      );
    }
  });
  const byPriority = new Map<number, ClusterMember>();
  for (const m of c.members) {
    const first = byPriority.get(m.priority);
    if (first) {
      f.error(
        'PRIO002',
        at(m, 'priority', c.location),
        `cluster ${c.name}: members ${first.host} and ${m.host} have the same priority ${m.priority}`,
        'give every member a distinct priority so the election is predictable',
      );
    } else byPriority.set(m.priority, m);
  }
  const highest = Math.max(...c.members.map((m) => m.priority));
  const explicitMasters = c.members.filter(
    (m) => m.fieldLocations?.['state'] !== undefined && m.state === 'MASTER',
  );
  for (const m of explicitMasters) {
    if (m.priority !== highest) {
      f.error(
        'PRIO003',
        at(m, 'state', c.location),
        `cluster ${c.name}: ${m.host} is set to MASTER but its priority ${m.priority} is not the highest (${highest})`,
        'the intended master must have the highest priority, or it loses the election',
      );
    }
    if (c.auth.type === 'PASS' && c.auth.method === 'AH') {
      f.error(
        'AUTH008',
        at(m, 'state', c.location),
        `cluster ${c.name}: state MASTER does not work with AH authentication (keepalived clears it)`,
        'leave state unset: with AH every member starts as BACKUP',
      );
    }
    if (!c.preempt) {
      f.error(
        'PRE001',
        at(m, 'state', c.location),
        `cluster ${c.name}: nopreempt does not work with state MASTER (keepalived clears it)`,
        'leave state unset (every member starts as BACKUP under nopreempt)',
      );
    }
  }
  if (c.preemptDelay !== undefined) {
    checkRange(
      { type: 'decimal', min: 0, max: 1000 },
      c.preemptDelay,
      at(c, 'preempt_delay'),
      `cluster ${c.name}: preempt_delay`,
      f,
    );
    if (!c.preempt) {
      f.warning(
        'PRE002',
        at(c, 'preempt_delay'),
        `cluster ${c.name}: preempt_delay has no effect with nopreempt (keepalived resets it)`,
      );
    } else if (explicitMasters.length > 0) {
      f.warning(
        'PRE003',
        at(c, 'preempt_delay'),
        `cluster ${c.name}: preempt_delay has no effect on a member in state MASTER (keepalived clears it)`,
        'leave state unset: with preempt_delay every member starts as BACKUP',
      );
    }
  }
  if (explicitMasters.length > 1) {
    f.error(
      'PRIO004',
      at(explicitMasters[1] ?? c, 'state', c.location),
      `cluster ${c.name}: more than one member is set to MASTER (${explicitMasters.map((m) => m.host).join(', ')})`,
    );
  }
}

function lintAuthAndTiming(c: ClusterSpec, hosts: ReadonlyMap<string, HostSpec>, f: Findings): void {
  const authAt = (obj: Located, auth: AuthSpec): SourceLocation => {
    const key =
      auth.type === 'PASS'
        ? { env: 'password_env', file: 'password_file', inline: 'password' }[auth.password.source]
        : 'type';
    return obj.fieldLocations?.[`auth.${key}`] ?? at(obj, 'auth', c.location);
  };
  const effective = c.members.map((m) => ({
    m,
    auth: m.auth ?? c.auth,
    authAt: m.auth ? authAt(m, m.auth) : authAt(c, c.auth),
    advertInt: m.advertInt ?? c.advertInt,
    advertAt: m.advertInt !== undefined ? at(m, 'advert_int', c.location) : at(c, 'advert_int'),
  }));
  // Check each distinct secret once (the cluster's and each member override).
  const values = new Map<AuthSpec, string | undefined>();
  for (const e of effective) {
    if (!values.has(e.auth)) values.set(e.auth, checkAuthValue(e.auth, e.authAt, `cluster ${c.name}`, f));
  }
  const [first, ...rest] = effective;
  if (!first) return;
  for (const e of rest) {
    if (authKind(e.auth) !== authKind(first.auth)) {
      f.error(
        'AUTH003',
        e.authAt,
        `cluster ${c.name}: member ${e.m.host} uses auth ${authKind(e.auth)} but ${first.m.host} uses ${authKind(first.auth)}`,
        'the authentication block must be identical on all members ("received a 0 auth, expecting 1!")',
      );
    } else {
      const a = values.get(e.auth);
      const b = values.get(first.auth);
      if (a !== undefined && b !== undefined && a !== b) {
        f.error(
          'AUTH004',
          e.authAt,
          `cluster ${c.name}: member ${e.m.host}'s auth password differs from ${first.m.host}'s`,
          'adverts with another password are dropped: members cannot see each other (split brain)',
        );
      }
    }
    if (e.advertInt !== first.advertInt) {
      f.error(
        'ADV001',
        e.advertAt,
        `cluster ${c.name}: member ${e.m.host} has advert_int ${e.advertInt} but ${first.m.host} has ${first.advertInt}`,
      );
    }
  }
  for (const e of effective) {
    if (!(e.advertInt >= 0.01 && e.advertInt <= 255)) {
      f.error(
        'ADV002',
        e.advertAt,
        `cluster ${c.name}: advert_int ${e.advertInt} is outside keepalived's 0.01–255 seconds`,
      );
      break;
    }
  }
  // keepalived speaks VRRPv2 for IPv4 instances unless told otherwise, and VRRPv3 for IPv6.
  const version = Math.max(...c.members.map((m) => vrrpVersion(c, hosts.get(m.host))), vrrpVersion(c));
  const fractional = effective.find((e) => !Number.isInteger(e.advertInt));
  if (version === 2 && fractional) {
    f.error(
      'ADV003',
      fractional.advertAt,
      `cluster ${c.name}: advert_int ${fractional.advertInt} is not whole seconds; VRRPv2 rounds it`,
      'use whole seconds, or VRRPv3 (version: 3) for sub-second adverts',
    );
  }
  const withPass = effective.find((e) => e.auth.type === 'PASS');
  if (version === 3 && withPass) {
    f.error(
      'AUTH007',
      withPass.authAt,
      `cluster ${c.name}: VRRPv3 (IPv6 or version 3) has no authentication; keepalived ignores auth PASS`,
      'use auth type none for this cluster',
    );
  }
}

function lintInterfaceNames(c: ClusterSpec, f: Findings): void {
  const named: [string, string][] = [
    ...c.vips.flatMap((v, i): [string, string][] => (v.dev !== undefined ? [[v.dev, `vips.${i}.dev`]] : [])),
    ...c.trackInterfaces.map((t, i): [string, string] => [t, `track_interfaces.${i}`]),
  ];
  for (const [name, field] of named) {
    if (!INTERFACE_NAME.test(name)) {
      f.error(
        'IF001',
        at(c, field),
        `cluster ${c.name}: "${name}" is not a valid interface name`,
        'at most 15 characters, no spaces or slashes',
      );
    }
  }
}

function lintVips(
  c: ClusterSpec,
  hosts: ReadonlyMap<string, HostSpec>,
  hostByAddress: ReadonlyMap<string, HostSpec>,
  f: Findings,
): void {
  lintInterfaceNames(c, f);
  if (c.vips.length === 0) f.error('VIP008', at(c, 'vips'), `cluster ${c.name} has no VIPs`);
  const seen = new Set<string>();
  c.vips.forEach((vip, i) => {
    const where = at(c, `vips.${i}`);
    const family = ipFamily(vip.address);
    if (family === undefined || family !== vip.family || vip.prefix < 1 || vip.prefix > maxPrefix(family)) {
      f.error(
        'VIP001',
        where,
        `cluster ${c.name}: "${vip.address}${vip.prefix !== maxPrefix(vip.family) ? `/${vip.prefix}` : ''}" is not a valid IPv4/IPv6 address with prefix`,
      );
      return;
    }
    const key = canonicalAddress(vip.address);
    if (seen.has(key)) f.error('VIP006', where, `cluster ${c.name}: VIP ${vip.address} is listed twice`);
    seen.add(key);
    const owner = hostByAddress.get(key);
    if (owner) {
      f.error(
        'VIP002',
        where,
        `cluster ${c.name}: VIP ${vip.address} is host ${owner.name}'s own address`,
        'a VIP must be a free address that moves between hosts',
      );
    }
    if (vip.label !== undefined) {
      if (family === 6)
        f.error(
          'VIP005',
          where,
          `cluster ${c.name}: VIP ${vip.address} is IPv6; labels exist only for IPv4 (keepalived ignores it)`,
        );
      else {
        const devs = vip.dev !== undefined ? [vip.dev] : [...new Set(c.members.map((m) => m.interface))];
        const bad = devs.filter(
          (d) =>
            !vip.label!.startsWith(`${d}:`) || vip.label!.length > 15 || !INTERFACE_NAME.test(vip.label!),
        );
        if (bad.length > 0) {
          f.error(
            'VIP007',
            where,
            `cluster ${c.name}: label "${vip.label}" must be "<interface>:<tag>" for ${bad.join(', ')} and at most 15 characters`,
          );
        }
      }
    }
    const outside = c.members.filter((m) => {
      const h = hosts.get(m.host);
      return (
        h?.prefix !== undefined &&
        ipFamily(h.address) === family &&
        !inSubnet(vip.address, h.address, h.prefix)
      );
    });
    if (outside.length > 0) {
      const names = outside.map(
        (m) => `${m.host} (${hosts.get(m.host)?.address}/${hosts.get(m.host)?.prefix})`,
      );
      f.warning(
        'VIP003',
        where,
        `cluster ${c.name}: VIP ${vip.address} is outside the interface subnet of ${names.join(', ')}`,
        'hosts on that subnet will not reach it without a route; intended for routed VIPs only',
      );
    }
  });
}

function lintUnicast(c: ClusterSpec, hosts: ReadonlyMap<string, HostSpec>, f: Findings): void {
  if (!c.unicast) return;
  const addressed = c.members
    .map((m) => ({ m, h: hosts.get(m.host) }))
    .filter((x) => x.h && ipFamily(x.h.address));
  const families = new Set(addressed.map((x) => ipFamily(x.h!.address)));
  if (families.size > 1) {
    f.error(
      'UNI001',
      at(c, 'unicast'),
      `cluster ${c.name}: unicast members mix IPv4 and IPv6 addresses`,
      'unicast_src_ip and unicast_peer must be of one family',
    );
  }
  const vipFamily = c.vips[0]?.family;
  const other = addressed.find((x) => vipFamily !== undefined && ipFamily(x.h!.address) !== vipFamily);
  if (other && families.size === 1) {
    f.error(
      'UNI003',
      at(c, 'unicast'),
      `cluster ${c.name}: unicast between IPv${ipFamily(other.h!.address)} addresses, but the first VIP (which sets the instance's family) is IPv${vipFamily}`,
      "list a VIP of the members' address family first",
    );
  }
  const seen = new Map<string, string>();
  for (const { m, h } of addressed) {
    const key = canonicalAddress(h!.address);
    const other = seen.get(key);
    if (other)
      f.error(
        'UNI002',
        at(m, 'host', c.location),
        `cluster ${c.name}: unicast members ${other} and ${m.host} share the address ${h!.address}`,
      );
    seen.set(key, m.host);
  }
}

function lintScripts(c: ClusterSpec, f: Findings): void {
  for (const kind of NOTIFY_KINDS) {
    const script = c.notify[kind];
    if (!script) continue;
    lintScriptRef(
      script,
      (field) => c.fieldLocations?.[`notify.${kind}.${field}`] ?? at(c, `notify.${kind}`),
      `cluster ${c.name}: notify ${kind}`,
      f,
    );
  }
  lintTracking(c.tracking, (field) => at(c, field), `cluster ${c.name}`, f);
}

function lintExtra(c: ClusterSpec, f: Findings): void {
  // Keywords modelled since extra first existed: an error only where the typed field renders them too.
  const typed = typedInstanceKeywords(c);
  const modelled = new Set([...MODELLED_KEYWORDS, ...Object.keys(c.extra).filter((k) => typed.has(k))]);
  lintExtraMap(c.extra, (key) => at(c, `extra.${key}:key`), `cluster ${c.name}: extra`, modelled, f);
  for (const key of Object.keys(c.extra)) {
    if (!modelled.has(key) && INSTANCE_OPTION_KEYWORDS.includes(key))
      f.warning(
        'EXT004',
        at(c, `extra.${key}:key`),
        `cluster ${c.name}: "${key}" in extra is now modelled by the inventory`,
        'move it to its typed field so lint checks it (docs/inventory.md)',
      );
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(c.instanceName)) {
    f.error(
      'INST002',
      at(c, 'instance_name'),
      `cluster ${c.name}: instance name "${c.instanceName}" may hold only letters, digits, _ and -`,
    );
  }
}

function lintAcrossClusters(
  inv: Inventory,
  hosts: ReadonlyMap<string, HostSpec>,
  byHost: ReadonlyMap<string, ClusterSpec[]>,
  f: Findings,
): void {
  const segments = (c: ClusterSpec): Set<string> =>
    new Set(
      c.members.flatMap((m) => {
        const h = hosts.get(m.host);
        const key = h?.prefix !== undefined ? networkKey(h.address, h.prefix) : undefined;
        return key ? [key] : [];
      }),
    );
  // VRID × segment → the clusters seen there, so the clash check is linear in the number of clusters.
  const onSegment = new Map<string, { c: ClusterSpec; index: number }[]>();
  const vipOwner = new Map<string, ClusterSpec>();
  for (const [index, c] of inv.clusters.entries()) {
    if (c.virtualRouterId < 1 || c.virtualRouterId > 255) {
      f.error(
        'VRID001',
        at(c, 'virtual_router_id'),
        `cluster ${c.name}: virtual_router_id ${c.virtualRouterId} is outside 1–255`,
      );
    }
    const clashes = new Map<ClusterSpec, number>();
    for (const s of segments(c)) {
      const key = `${c.virtualRouterId}|${s}`;
      const there = onSegment.get(key) ?? [];
      for (const o of there) clashes.set(o.c, o.index);
      there.push({ c, index });
      onSegment.set(key, there);
    }
    for (const [other] of [...clashes].sort((a, b) => a[1] - b[1])) {
      {
        f.error(
          'VRID002',
          at(c, 'virtual_router_id'),
          `cluster ${c.name}: virtual_router_id ${c.virtualRouterId} is also used by cluster ${other.name} on the same segment`,
          "clusters with one VRID on one L2 segment hijack each other's VIPs; give each cluster its own VRID",
        );
      }
    }
    for (const [i, vip] of c.vips.entries()) {
      if (ipFamily(vip.address) === undefined) continue;
      const key = canonicalAddress(vip.address);
      const owner = vipOwner.get(key);
      if (owner && owner !== c)
        f.error(
          'VIP004',
          at(c, `vips.${i}`),
          `cluster ${c.name}: VIP ${vip.address} is also a VIP of cluster ${owner.name}`,
        );
      else vipOwner.set(key, c);
    }
  }
  // Per host: instance names, track script names and deployed notify scripts must not collide.
  const reported = new Set<string>();
  for (const h of inv.hosts) {
    const mine = byHost.get(h.name) ?? [];
    const deployed = new Map<string, { owner: string; content: string }>();
    for (const use of scriptUses(inv, h.name, mine, h)) {
      const { ref } = use;
      if (ref.content === undefined) continue;
      const prior = deployed.get(ref.path);
      if (prior && prior.content !== ref.content) {
        f.error(
          'NOT003',
          use.where,
          `host ${h.name}: ${ref.path} gets different contents from ${prior.owner} and ${use.owner}`,
          'one file holds one content; use distinct paths',
        );
      } else if (!prior) deployed.set(ref.path, { owner: use.owner, content: ref.content });
    }
    const names = new Map<string, ClusterSpec>();
    for (const c of mine) {
      const first = names.get(c.instanceName);
      if (first) {
        f.error(
          'INST001',
          at(c, 'instance_name', c.location),
          `host ${h.name}: clusters ${first.name} and ${c.name} both use vrrp_instance ${c.instanceName}`,
        );
      } else names.set(c.instanceName, c);
    }
    lintVmacNames(h.name, mine, f, reported);
    lintSharedDefinitions(
      h.name,
      [
        ...mine.map((c) => ({
          name: `cluster ${c.name}`,
          tracking: c.tracking,
          where: (field: string) => at(c, field),
        })),
        ...groupsOnHost(inv, h, mine).map(({ group: g }) => ({
          name: `sync group ${g.name}`,
          tracking: g.tracking,
          where: (field: string) => at(g, field, g.location),
        })),
      ],
      f,
      reported,
    );
  }
}

/** Clusters per member host, in inventory order: one pass, so lint stays linear in hosts × clusters. */
export function clustersByHost(inv: Inventory): Map<string, ClusterSpec[]> {
  const out = new Map<string, ClusterSpec[]>();
  for (const c of inv.clusters) {
    for (const m of c.members) {
      const list = out.get(m.host);
      if (!list) out.set(m.host, [c]);
      else if (list.at(-1) !== c) list.push(c);
    }
  }
  return out;
}

/** Every finding for a resolved inventory, sorted by position. Never throws on unavailable secrets. */
export function lintInventory(inv: Inventory): LintFinding[] {
  const f = new Findings();
  const hosts = new Map(inv.hosts.map((h) => [h.name, h]));
  const hostByAddress = new Map(
    inv.hosts.filter((h) => ipFamily(h.address)).map((h) => [canonicalAddress(h.address), h]),
  );
  lintHosts(inv.hosts, f);
  const byHost = clustersByHost(inv);
  // A value from defaults.global_defs is seen by every host: report it once, at its position.
  const reported = new Set<string>();
  for (const h of inv.hosts) {
    lintStatic(h, f);
    const mine = byHost.get(h.name) ?? [];
    const usesScripts =
      scriptsOnHost(
        mine,
        groupsOnHost(inv, h, mine).map((g) => g.group),
      ) || lvsRunsScriptsOn(mine);
    const own = new Findings();
    lintGlobalDefs(h, usesScripts, own);
    for (const x of own.list) {
      const key = `${x.code}@${x.location.file}:${x.location.line}:${x.location.column}`;
      if (!reported.has(key)) f.list.push(x);
      reported.add(key);
    }
  }
  for (const c of inv.clusters) {
    lintMembers(c, hosts, f);
    lintAuthAndTiming(c, hosts, f);
    lintInstanceOptions(c, hosts, f);
    lintVips(c, hosts, hostByAddress, f);
    lintAddresses(c, f);
    lintUnicast(c, hosts, f);
    lintScripts(c, f);
    lintExtra(c, f);
  }
  // Weights of grouped instances are ignored by keepalived (SYNC004 says so): judge only the others.
  const grouped = new Set((inv.syncGroups ?? []).filter((g) => !g.trackingWeight).flatMap((g) => g.clusters));
  for (const c of inv.clusters) if (!grouped.has(c.name)) lintFailoverReach(c, f);
  lintAcrossClusters(inv, hosts, byHost, f);
  lintSyncGroups(inv, f);
  lintLvs(inv, f);
  return sortFindings(f.list);
}
