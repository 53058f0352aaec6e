import { isDeepStrictEqual } from 'node:util';
import { canonicalAddress, ipFamily } from '../inventory/ip.js';
import { OBJECT_NAME } from '../inventory/vrrp/kit.js';
import type { InventoryFile, RawCluster, RawHost, RawMember, RawVip } from '../inventory/schema.js';
import { vrrpConf, type InstanceConf } from '../keepalived/instances.js';
import type { ConfigDiagnostic, ConfigNode, Loc, ParsedConfig } from '../keepalived/types.js';
import { clusterInstances, type Member } from './cluster.js';
import { vipSet, virtualServerGroupOf, virtualServerOf } from './lvs.js';
import { isDeniedExtra } from '../inventory/vrrp/extra.js';
import {
  GLOBAL_DEFS_KEYWORDS,
  INSTANCE_KEYWORDS,
  STATIC_KEYWORDS,
  SYNC_GROUP_KEYWORDS,
  UNICAST_KEYWORDS,
  extraAllows,
  extraOf,
  type FieldValue,
  type Fields,
  type MapContext,
} from './mapping.js';

// From parsed keepalived configs (one per host) to an inventory document: instances grouped into clusters
// (cluster.ts), each keyword mapped through mapping.ts, what the model cannot hold kept verbatim in `extra`
// or, where there is no place for it (global_defs, virtual_server…), listed as unmapped with its text.

export interface HostInput {
  name: string;
  parsed: ParsedConfig;
  /** the address the inventory connects to; default: the instances' unicast_src_ip / mcast_src_ip */
  address?: string;
}

export interface Unmapped {
  host: string;
  loc: Loc;
  /** the block or line as keepalived reads it (secrets masked) */
  text: string;
  why: string;
  /** the cluster it belongs to, when it is inside a vrrp_instance */
  cluster?: string;
}

export interface ImportSecret {
  cluster: string;
  member?: string;
  value: string;
}

export interface ImportResult {
  doc: InventoryFile;
  secrets: ImportSecret[];
  unmapped: Unmapped[];
  findings: ConfigDiagnostic[];
  counts: {
    hosts: number;
    instances: number;
    clusters: number;
    scripts: number;
    extra: number;
    /** virtual_server blocks mapped to typed fields */
    virtualServers?: number;
  };
}

const LVS_BLOCKS = new Set(['virtual_server', 'virtual_server_group']);
const TOP_LEVEL_MAPPED = new Set(['vrrp_instance', 'vrrp_script', 'vrrp_track_process', 'track_file']);
/** global_defs lines that render adds by itself when scripts exist (documented normalization) */
const NORMALIZED_GLOBALS = new Set(['enable_script_security']);
/** tracker definitions and the cluster/sync group field that references them */
const DEFINITIONS: [string, string][] = [
  ['vrrp_script', 'track_scripts'],
  ['vrrp_track_process', 'track_processes'],
  ['track_file', 'track_files'],
];

/** One line of text for an unmapped node (a block is summarised as its first line). */
export function nodeText(n: ConfigNode): string {
  const head = [n.keyword, ...n.args.map((a) => (a.quoted ? `"${a.text}"` : a.text))].join(' ');
  return n.kind === 'block' || n.kind === 'values' ? `${head} { … }` : head;
}

function hostAddress(h: HostInput, instances: InstanceConf[]): string | undefined {
  if (h.address !== undefined) return h.address;
  for (const i of instances)
    if (i.unicastSrcIp && ipFamily(i.unicastSrcIp.value)) return i.unicastSrcIp.value;
  for (const i of instances) {
    const src = i.node.children.find((c) => c.keyword === 'mcast_src_ip')?.args[0]?.text;
    if (src && ipFamily(src)) return src;
  }
  return undefined;
}

/** The tracker definitions of one config, by name, for the reference mappers. */
function contextOf(parsed: ParsedConfig): MapContext {
  const defs = (keyword: string): Map<string, ConfigNode> =>
    new Map(parsed.nodes.filter((n) => n.keyword === keyword && n.args[0]).map((n) => [n.args[0]!.text, n]));
  return { scripts: defs('vrrp_script'), processes: defs('vrrp_track_process'), files: defs('track_file') };
}

type Raw = Record<string, unknown>;

/**
 * The keywords of one block (global_defs, vrrp_sync_group) through a mapping table: mapped fields, then extra
 * where it may hold the keyword, else listed as unmapped. `skip` keywords are documented normalizations.
 */
function mapBlock(
  n: ConfigNode,
  table: Record<string, (node: ConfigNode, ctx: MapContext) => Fields | undefined>,
  ctx: MapContext,
  into: Raw,
  unmapped: (c: ConfigNode, why: string) => void,
  skip: ReadonlySet<string> = new Set(),
): void {
  const seen = new Set<string>();
  const extra = (into.extra ?? {}) as Record<string, unknown>;
  for (const c of n.children) {
    if (skip.has(c.keyword)) continue;
    if (c.kind === 'unknown') {
      unmapped(c, 'keepalived does not know this keyword (check-config reports it)');
      continue;
    }
    const mapper = table[c.keyword];
    const mapped = mapper && !seen.has(c.keyword) ? mapper(c, ctx) : undefined;
    seen.add(c.keyword);
    if (mapped) {
      for (const [k, v] of Object.entries(mapped)) set(into, k.split('.'), v);
      continue;
    }
    const verbatim = mapper ? undefined : extraOf(c);
    if (extraAllows(c.keyword, verbatim) && extra[c.keyword] === undefined) {
      extra[c.keyword] = verbatim;
      into.extra = extra;
      continue;
    }
    unmapped(
      c,
      mapper
        ? `this form of ${c.keyword} is not modelled`
        : isDeniedExtra(c.keyword)
          ? `${c.keyword} runs scripts, reads files or changes tracking: extra may not hold it`
          : 'no place in the model (and extra cannot hold it as written)',
    );
  }
}

interface MemberMapping {
  host: string;
  fields: Fields;
  extra: Record<string, string | true | string[]>;
}

/** Unicast is modelled when the source is this host's address and the peers are exactly the other members'. */
function unicastFits(m: Member, peers: string[], addressOf: Map<string, string>): boolean {
  const inst = m.instance;
  const src = inst.unicastSrcIp?.value;
  const peerSet = new Set(inst.unicastPeers.map((p) => canonicalAddress(p.value)));
  const others = new Set(peers.map((h) => canonicalAddress(addressOf.get(h) ?? '')));
  return (
    src !== undefined &&
    src === addressOf.get(m.host) &&
    inst.unicastPeers.length > 0 &&
    peerSet.size === others.size &&
    [...others].every((a) => peerSet.has(a))
  );
}

function mapMember(m: Member, cluster: string, unicast: boolean, out: ImportResult): MemberMapping {
  const ctx = contextOf(m.parsed);
  // keepalived's defaults written out: the inventory's own defaults differ (state from priority, VIPs required)
  const fields: Fields = { 'member.state': 'BACKUP', 'member.priority': 100, 'cluster.vips': [] };
  const extra: MemberMapping['extra'] = {};
  const inst = m.instance;
  const seen = new Set<string>();
  for (const n of inst.node.children) {
    if (n.kind === 'unknown') {
      out.unmapped.push({
        host: m.host,
        loc: n.loc,
        text: nodeText(n),
        why: 'keepalived does not know this keyword (check-config reports it)',
        cluster,
      });
      continue;
    }
    if (UNICAST_KEYWORDS.has(n.keyword) && unicast) continue;
    const mapper = INSTANCE_KEYWORDS[n.keyword];
    const mapped = mapper && !seen.has(n.keyword) ? mapper(n, ctx) : undefined;
    seen.add(n.keyword);
    if (mapped) {
      Object.assign(fields, mapped);
      continue;
    }
    // extra takes only what lint and render accept there: not a modelled keyword, nothing that runs scripts
    const modelled = mapper !== undefined || UNICAST_KEYWORDS.has(n.keyword);
    const verbatim = modelled ? undefined : extraOf(n);
    const value = extraAllows(n.keyword, verbatim) ? verbatim : undefined;
    if (value === undefined || extra[n.keyword] !== undefined) {
      out.unmapped.push({
        host: m.host,
        loc: n.loc,
        text: nodeText(n),
        why:
          extra[n.keyword] !== undefined
            ? `${n.keyword} is written twice; extra holds one`
            : modelled
              ? `this form of ${n.keyword} is not modelled, and extra may not set a modelled keyword`
              : isDeniedExtra(n.keyword)
                ? `${n.keyword} runs scripts, reads files or changes tracking: extra may not hold it`
                : 'no place in the model (and extra cannot hold it as written)',
        cluster,
      });
      continue;
    }
    extra[n.keyword] = value;
  }
  const excluded = fields['cluster.vips_excluded'] as RawVip[] | undefined;
  if (excluded) {
    delete fields['cluster.vips_excluded'];
    fields['cluster.vips'] = [
      ...(fields['cluster.vips'] as RawVip[]),
      ...excluded.map((v) => ({ ...(typeof v === 'string' ? { address: v } : v), excluded: true })),
    ];
  }
  return { host: m.host, fields, extra };
}

function set(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[path[path.length - 1]!] = value;
}

/** Builds the inventory document; secrets are returned apart (the caller decides where they go). */
export function buildInventory(hosts: HostInput[]): ImportResult {
  const out: ImportResult = {
    doc: { hosts: {}, clusters: {} },
    secrets: [],
    unmapped: [],
    findings: [],
    counts: { hosts: hosts.length, instances: 0, clusters: 0, scripts: 0, extra: 0 },
  };
  const addressOf = new Map<string, string>();
  const globals = new Map<string, Raw>();
  const scriptNames = new Set<string>();
  for (const h of hosts) {
    const conf = vrrpConf(h.parsed);
    out.counts.instances += conf.instances.length;
    if (conf.instances.length === 0) {
      out.findings.push({
        code: 'IMP004',
        severity: 'warning',
        location: { file: h.parsed.file, line: 1, column: 1 },
        message: `${h.name}'s config has no vrrp_instance: the host is imported without a cluster`,
      });
    }
    for (const s of conf.scripts) scriptNames.add(s.name);
    const address = hostAddress(h, conf.instances);
    const raw: RawHost = { address: address ?? '0.0.0.0' };
    if (address === undefined) {
      out.findings.push({
        code: 'IMP001',
        severity: 'error',
        location: { file: h.parsed.file, line: 1, column: 1 },
        message: `no address for host ${h.name}: its config has no unicast_src_ip or mcast_src_ip`,
        hint: `give it: --address ${h.name}=IP`,
      });
    } else addressOf.set(h.name, address);
    out.doc.hosts![h.name] = raw;
    for (const n of h.parsed.nodes) {
      if (TOP_LEVEL_MAPPED.has(n.keyword)) continue;
      if (n.keyword === 'global_defs') {
        const g = globals.get(h.name) ?? {};
        globals.set(h.name, g);
        mapBlock(
          n,
          GLOBAL_DEFS_KEYWORDS,
          contextOf(h.parsed),
          g,
          (c, why) =>
            out.unmapped.push({ host: h.name, loc: c.loc, text: `global_defs: ${nodeText(c)}`, why }),
          NORMALIZED_GLOBALS,
        );
        continue;
      }
      if (n.keyword === 'vrrp_sync_group') continue; // below, once the clusters are known
      if (LVS_BLOCKS.has(n.keyword)) continue; // below (mapLvs), once the clusters and their VIPs are known
      const stat = STATIC_KEYWORDS[n.keyword];
      const mapped = stat && (raw as Raw)[n.keyword] === undefined ? stat(n, contextOf(h.parsed)) : undefined;
      if (mapped) {
        Object.assign(raw, mapped);
        continue;
      }
      out.unmapped.push({
        host: h.name,
        loc: n.loc,
        text: nodeText(n),
        why:
          n.kind === 'unknown' ? 'keepalived does not know this keyword' : `${n.keyword} is not modelled yet`,
      });
    }
  }
  out.counts.scripts = scriptNames.size;

  const clusters = clusterInstances(
    hosts.map((h) => ({ host: h.name, parsed: h.parsed })),
    out.findings,
  );
  out.counts.clusters = clusters.length;
  const tracked = new Set<string>();
  for (const c of clusters) {
    const names = c.members.map((m) => m.host);
    const unicast = c.members.every((m) =>
      unicastFits(
        m,
        names.filter((n) => n !== m.host),
        addressOf,
      ),
    );
    const mapped = c.members.map((m) => mapMember(m, c.name, unicast, out));
    const instanceName = c.members[0]!.instance.name;
    // the default instance name (VI_<cluster>) is left implicit, as vipctl writes it
    const cluster: Record<string, unknown> =
      instanceName === `VI_${c.name}` ? {} : { instance_name: instanceName };
    const members: Record<string, RawMember> = {};
    for (const m of mapped) members[m.host] = {} as RawMember;
    const keys = new Set(mapped.flatMap((m) => Object.keys(m.fields)));
    const agree = (key: string): boolean =>
      mapped.every((m) => isDeepStrictEqual(m.fields[key], mapped[0]!.fields[key]));
    const first = c.members[0]!;
    for (const key of keys) {
      const [level, ...path] = key.split('.');
      if (level === 'member') {
        // interface and advert_int go up to the cluster when every member agrees
        const hoist =
          (path[0] === 'interface' || path[0] === 'advert_int') &&
          agree(key) &&
          mapped[0]!.fields[key] !== undefined;
        if (hoist) set(cluster, path, mapped[0]!.fields[key]);
        else
          for (const m of mapped)
            if (m.fields[key] !== undefined)
              set(members[m.host] as Record<string, unknown>, path, m.fields[key]);
        continue;
      }
      if (level === 'auth') continue; // below, with the secret
      if (!agree(key)) {
        out.findings.push({
          code: 'IMP002',
          severity: 'warning',
          location: c.members[1]?.instance.loc ?? first.instance.loc,
          message: `members of ${c.name} disagree on ${path.join('.')}; the inventory keeps ${first.host}'s`,
          hint: 'the model holds one value per cluster for it: check the other members after configure',
        });
      }
      const v = mapped.find((m) => m.fields[key] !== undefined)?.fields[key];
      if (v !== undefined) set(cluster, path, v);
    }
    if (unicast) cluster.unicast = true;
    // auth: one cluster value when members agree, else member-level (lint then shows the mismatch)
    const auths = mapped.map((m) =>
      m.fields['auth.type'] === 'PASS' ? String(m.fields['auth.password']) : undefined,
    );
    if (auths.every((a) => a === auths[0])) {
      if (auths[0] !== undefined) {
        cluster.auth = { type: 'PASS', password: auths[0] };
        out.secrets.push({ cluster: c.name, value: auths[0] });
      }
    } else {
      mapped.forEach((m, i) => {
        const a = auths[i];
        members[m.host]!.auth = a === undefined ? { type: 'none' } : { type: 'PASS', password: a };
        if (a !== undefined) out.secrets.push({ cluster: c.name, member: m.host, value: a });
      });
    }
    // extra: a keyword every member writes the same goes to the cluster; a difference is reported
    const extraKeys = new Set(mapped.flatMap((m) => Object.keys(m.extra)));
    const extra: Record<string, FieldValue> = {};
    for (const k of extraKeys) {
      const values = mapped.map((m) => m.extra[k]);
      if (!values.every((v) => isDeepStrictEqual(v, values[0]))) {
        out.findings.push({
          code: 'IMP002',
          severity: 'warning',
          location: first.instance.loc,
          message: `members of ${c.name} disagree on ${k}; extra keeps ${mapped.find((m) => m.extra[k] !== undefined)!.host}'s`,
          hint: 'extra is one value per cluster: check the other members after configure',
        });
      }
      extra[k] = values.find((v) => v !== undefined)!;
    }
    if (Object.keys(extra).length > 0) {
      cluster.extra = extra;
      out.counts.extra += Object.keys(extra).length;
    }
    trackedBy(cluster, tracked);
    cluster.members = members;
    const ordered = orderCluster(cluster);
    out.doc.clusters![c.name] = ordered as RawCluster;
  }
  mapSyncGroups(hosts, clusters, out, tracked);
  mapLvs(hosts, clusters, out);
  placeGlobalDefs(globals, out.doc);
  // render writes the definitions the clusters and sync groups track; one nothing modelled tracks would be lost
  for (const h of hosts) {
    for (const n of h.parsed.nodes) {
      const field = DEFINITIONS.find(([k]) => k === n.keyword)?.[1];
      if (field && !tracked.has(`${field}:${n.args[0]?.text ?? ''}`)) {
        out.unmapped.push({
          host: h.name,
          loc: n.loc,
          text: nodeText(n),
          why: 'not tracked by a modelled instance (or not modelled itself)',
        });
      }
    }
  }
  return out;
}

function trackedBy(owner: Raw, tracked: Set<string>): void {
  for (const [, field] of DEFINITIONS)
    for (const name of Object.keys((owner[field] as Raw | undefined) ?? {})) tracked.add(`${field}:${name}`);
}

/** global_defs: keys every host writes the same go to defaults.global_defs, the others to each host. */
function placeGlobalDefs(globals: Map<string, Raw>, doc: InventoryFile): void {
  const all = [...globals.values()];
  if (all.length === 0) return;
  const common: Raw = {};
  const agreed = (get: (g: Raw) => unknown): boolean =>
    globals.size === Object.keys(doc.hosts ?? {}).length &&
    all.every((g) => get(g) !== undefined && isDeepStrictEqual(get(g), get(all[0]!)));
  for (const k of Object.keys(all[0]!)) {
    if (k === 'extra') continue;
    if (agreed((g) => g[k])) common[k] = all[0]![k];
  }
  const extraKeys = Object.keys((all[0]!.extra as Raw | undefined) ?? {});
  for (const k of extraKeys)
    if (agreed((g) => (g.extra as Raw | undefined)?.[k]))
      common.extra = { ...(common.extra as Raw | undefined), [k]: (all[0]!.extra as Raw)[k] };
  if (Object.keys(common).length > 0) doc.defaults = { ...doc.defaults, global_defs: common as never };
  for (const [host, g] of globals) {
    const own: Raw = {};
    for (const [k, v] of Object.entries(g)) {
      if (k === 'extra') {
        const e = Object.fromEntries(
          Object.entries(v as Raw).filter(([x]) => (common.extra as Raw | undefined)?.[x] === undefined),
        );
        if (Object.keys(e).length > 0) own.extra = e;
      } else if (common[k] === undefined) own[k] = v;
    }
    if (Object.keys(own).length > 0) doc.hosts![host]!.global_defs = own as never;
  }
}

/** vrrp_sync_group: its instances become cluster names; the first host's group is kept, a difference reported. */
function mapSyncGroups(
  hosts: HostInput[],
  clusters: ReturnType<typeof clusterInstances>,
  out: ImportResult,
  tracked: Set<string>,
): void {
  const clusterOf = new Map<string, string>();
  for (const c of clusters) for (const m of c.members) clusterOf.set(`${m.host}:${m.instance.name}`, c.name);
  const groups: Record<string, Raw> = {};
  for (const h of hosts) {
    for (const n of h.parsed.nodes) {
      if (n.keyword !== 'vrrp_sync_group') continue;
      const name = n.args[0]?.text ?? '';
      const groupNode = n.children.find((c) => c.keyword === 'group');
      // keepalived reads every word of the group's lines (read_value_block): `group { VI_1 VI_2 }` is two
      const members = (groupNode?.values ?? []).flat().map((w) => clusterOf.get(`${h.name}:${w.text}`));
      if (
        !groupNode ||
        members.length === 0 ||
        members.some((m) => m === undefined) ||
        !OBJECT_NAME.test(name)
      ) {
        out.unmapped.push({
          host: h.name,
          loc: n.loc,
          text: nodeText(n),
          why: 'its group names an instance that is not imported (or the group name is not an inventory name)',
        });
        continue;
      }
      const raw: Raw = { group: members as string[] };
      mapBlock(
        n,
        SYNC_GROUP_KEYWORDS,
        contextOf(h.parsed),
        raw,
        (c, why) => out.unmapped.push({ host: h.name, loc: c.loc, text: `${name}: ${nodeText(c)}`, why }),
        new Set(['group']),
      );
      const prior = groups[name];
      if (prior === undefined) {
        groups[name] = raw;
        trackedBy(raw, tracked);
      } else if (!isDeepStrictEqual(prior, raw)) {
        out.findings.push({
          code: 'IMP002',
          severity: 'warning',
          location: n.loc,
          message: `hosts disagree on vrrp_sync_group ${name}; the inventory keeps the first host's`,
          hint: 'sync_groups holds one definition per group: check the other hosts after configure',
        });
      }
    }
  }
  if (Object.keys(groups).length > 0) out.doc.sync_groups = groups as never;
}

const ORDER = [
  'instance_name',
  'virtual_router_id',
  'interface',
  'vips',
  'advert_int',
  'auth',
  'preempt',
  'preempt_delay',
  'unicast',
  'track_interfaces',
  'track_scripts',
  'track_processes',
  'track_files',
  'notify',
  'garp',
  'members',
  'extra',
];

function orderCluster(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ORDER) if (c[k] !== undefined) out[k] = c[k];
  for (const k of Object.keys(c)) if (!(k in out)) out[k] = c[k];
  return out;
}

interface LvsCandidate {
  host: string;
  node: ConfigNode;
  key: string;
  value: Record<string, unknown>;
}

/**
 * virtual_server and virtual_server_group blocks onto the cluster whose VIP they serve (a fwmark service, or a
 * group of fwmarks only, onto the host's one cluster). Every member renders the cluster's virtual servers, so a
 * block is mapped only when every member of the cluster has it the same; the others are listed as unmapped.
 */
function mapLvs(hosts: HostInput[], clusters: ReturnType<typeof clusterInstances>, out: ImportResult): void {
  const clustersOf = (host: string) => clusters.filter((c) => c.members.some((m) => m.host === host));
  const vipsOf = new Map(clusters.map((c) => [c.name, vipSet(out.doc.clusters![c.name]?.vips)]));
  const skip = (host: string, n: ConfigNode, why: string): void => {
    out.unmapped.push({ host, loc: n.loc, text: nodeText(n), why });
  };
  // the cluster an address list belongs to: all addresses VIPs of one cluster of this host
  const clusterFor = (host: string, addresses: string[]): string | undefined => {
    const mine = clustersOf(host);
    if (addresses.length === 0) return mine.length === 1 ? mine[0]!.name : undefined;
    const fits = mine.filter((c) =>
      addresses.every((a) => ipFamily(a) && vipsOf.get(c.name)!.has(canonicalAddress(a))),
    );
    return fits.length === 1 ? fits[0]!.name : undefined;
  };
  const noCluster = (addresses: string[]): string =>
    addresses.length === 0
      ? 'a firewall-mark service: the host is not a member of exactly one cluster to put it under'
      : `${addresses.join(', ')} is not a VIP of a cluster of this host: the model has virtual servers on VIPs only`;
  // per cluster: group and virtual server candidates of each host
  const groups = new Map<string, LvsCandidate[]>();
  const servers = new Map<string, LvsCandidate[]>();
  const groupCluster = new Map<string, string>(); // host/group name → cluster
  for (const h of hosts) {
    for (const n of h.parsed.nodes.filter((x) => x.keyword === 'virtual_server_group')) {
      const g = virtualServerGroupOf(n);
      if ('why' in g) {
        skip(h.name, n, g.why);
        continue;
      }
      const addresses = g.value.entries.flatMap((e) => ('address' in e ? [e.address] : []));
      const c = clusterFor(h.name, addresses);
      if (c === undefined) {
        skip(h.name, n, noCluster(addresses));
        continue;
      }
      groupCluster.set(`${h.name}/${g.value.name}`, c);
      const list = groups.get(c) ?? [];
      list.push({ host: h.name, node: n, key: g.value.name, value: { entries: g.value.entries } });
      groups.set(c, list);
    }
    for (const n of h.parsed.nodes.filter((x) => x.keyword === 'virtual_server')) {
      const vs = virtualServerOf(n);
      if ('why' in vs) {
        skip(h.name, n, vs.why);
        continue;
      }
      const v = vs.value;
      const c =
        v.group !== undefined
          ? groupCluster.get(`${h.name}/${String(v.group)}`)
          : clusterFor(h.name, v.address !== undefined ? [String(v.address)] : []);
      if (c === undefined) {
        skip(
          h.name,
          n,
          v.group !== undefined
            ? `group ${String(v.group)} is not a virtual_server_group mapped to a cluster`
            : noCluster(v.address !== undefined ? [String(v.address)] : []),
        );
        continue;
      }
      const list = servers.get(c) ?? [];
      list.push({ host: h.name, node: n, key: JSON.stringify(v), value: v });
      servers.set(c, list);
    }
  }
  // what every member has the same is the cluster's; the rest stays unmapped
  const agreed = (c: string, list: LvsCandidate[], what: string): LvsCandidate[] => {
    const members = clusters.find((x) => x.name === c)!.members.map((m) => m.host);
    const ok: LvsCandidate[] = [];
    for (const cand of list) {
      const same = members.every((m) =>
        list.some((o) => o.host === m && o.key === cand.key && isDeepStrictEqual(o.value, cand.value)),
      );
      if (!same) skip(cand.host, cand.node, `not every member of cluster ${c} has this ${what} the same`);
      else if (cand.host === members[0]) ok.push(cand);
    }
    return ok;
  };
  const mappedGroups = new Set<string>();
  for (const [c, list] of groups) {
    const ok = agreed(c, list, 'virtual_server_group');
    if (ok.length === 0) continue;
    const cluster = out.doc.clusters![c] as Record<string, unknown>;
    const named: Record<string, unknown> = {};
    for (const g of ok) {
      named[g.key] = g.value.entries;
      mappedGroups.add(`${c}/${g.key}`);
    }
    cluster.virtual_server_groups = named;
  }
  for (const [c, list] of servers) {
    const ok = agreed(
      c,
      list.filter((cand) => {
        const g = cand.value.group;
        if (g === undefined || mappedGroups.has(`${c}/${String(g)}`)) return true;
        skip(cand.host, cand.node, `group ${String(g)} is not mapped (its members differ)`);
        return false;
      }),
      'virtual_server',
    );
    if (ok.length === 0) continue;
    (out.doc.clusters![c] as Record<string, unknown>).virtual_servers = ok.map((v) => v.value);
    out.counts.virtualServers = (out.counts.virtualServers ?? 0) + ok.length;
  }
}
