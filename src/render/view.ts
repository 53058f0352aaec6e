import { ipFamily } from '../inventory/ip.js';
import { globalDefsLines, globalScripts } from '../inventory/vrrp/global-defs.js';
import { definitionLines, trackingLines } from '../inventory/vrrp/tracking.js';
import { NOTIFY_KEYWORDS, NOTIFY_KINDS, notifyLines, scriptsOnHost } from '../inventory/vrrp/scripts.js';
import { groupsOnHost, syncGroupLines } from '../inventory/vrrp/sync-group.js';
import { routingLines, staticLines, vipLine } from '../inventory/vrrp/addresses.js';
import { instanceOptionLines, peerLine } from '../inventory/vrrp/instance-options.js';
import { extraLines } from '../inventory/vrrp/extra.js';
import { num } from '../inventory/vrrp/kit.js';
import { lvsLines, lvsRunsScriptsOn } from '../inventory/lvs/lvs.js';
import type { AuthSpec, ClusterSpec, HostSpec, Inventory, TrackScript } from '../inventory/types.js';

// What the template sees: plain, ordered data with every decision already taken here (in TypeScript,
// where it is typed and tested), so the template only lays out text.

export interface InstanceView {
  cluster: string;
  name: string;
  state: 'MASTER' | 'BACKUP';
  interface: string;
  virtualRouterId: number;
  priority: number;
  /** keepalived's number text (never exponent form) */
  advertInt: string;
  authPass?: string;
  /** PASS or AH */
  authType?: string;
  vips: string[];
  excludedVips: string[];
  nopreempt: boolean;
  preemptDelay?: string;
  unicastSrc?: string;
  unicastPeers: string[];
  trackInterfaces: string[];
  trackScripts: string[];
  /** virtual_routes / virtual_rules blocks */
  routing: string[];
  /** track_interface / track_script / track_process / track_file blocks with weights (src/inventory/vrrp/tracking.ts) */
  tracking: string[];
  notify: { keyword: string; path: string }[];
  /** `notify_* "PATH" [user [group]]` lines (src/inventory/vrrp/scripts.ts) */
  notifyLines: string[];
  garp: { keyword: string; value: number }[];
  extra: { keyword: string; value?: string; block?: string[] }[];
  /** instance option lines: version, accept, use_vmac, garp_* … (src/inventory/vrrp/instance-options.ts) */
  options: string[];
  /** extra as rendered lines (src/inventory/vrrp/extra.ts) */
  extraLines: string[];
}

export interface ConfigView {
  host: string;
  /** scripts (track or notify) need script security, or keepalived refuses to run them */
  scriptSecurity: boolean;
  /** body lines of global_defs (empty: no block), src/inventory/vrrp/global-defs.ts */
  globalDefs: string[];
  scripts: TrackScript[];
  /** vrrp_script, vrrp_track_process and track_file blocks, once per name */
  definitions: string[];
  /** vrrp_sync_group blocks (src/inventory/vrrp/sync-group.ts) */
  syncGroups: string[];
  /** static_ipaddress / static_routes / static_rules blocks */
  statics: string[];
  instances: InstanceView[];
  /** virtual_server_group and virtual_server blocks (src/inventory/lvs/) */
  lvs: string[];
}

function extraView(extra: ClusterSpec['extra']): InstanceView['extra'] {
  const out: InstanceView['extra'] = [];
  for (const [keyword, value] of Object.entries(extra)) {
    if (value === false) continue;
    if (value === true) out.push({ keyword });
    else if (Array.isArray(value)) out.push({ keyword, block: value });
    else out.push({ keyword, value: String(value) });
  }
  return out;
}

function instanceView(
  c: ClusterSpec,
  host: HostSpec,
  hosts: ReadonlyMap<string, HostSpec>,
  reveal: (a: AuthSpec) => string | undefined,
): InstanceView {
  const member = c.members.find((m) => m.host === host.name);
  if (!member) throw new Error(`host ${host.name} is not a member of ${c.name}`);
  // keepalived takes the instance's address family from its first VIP; the others go to the excluded list.
  const family = c.vips.find((v) => !v.excluded)?.family ?? ipFamily(host.address) ?? 4;
  const view: InstanceView = {
    cluster: c.name,
    name: c.instanceName,
    state: member.state,
    interface: member.interface,
    virtualRouterId: c.virtualRouterId,
    priority: member.priority,
    advertInt: num(member.advertInt ?? c.advertInt),
    vips: c.vips.filter((v) => v.family === family && !v.excluded).map(vipLine),
    excludedVips: c.vips.filter((v) => v.family !== family || v.excluded).map(vipLine),
    nopreempt: !c.preempt,
    unicastPeers: [],
    trackInterfaces: c.trackInterfaces,
    trackScripts: c.trackScripts.map((t) => t.name),
    tracking: trackingLines(c.tracking),
    routing: routingLines(c),
    notify: NOTIFY_KINDS.flatMap((k) => {
      const script = c.notify[k];
      return script ? [{ keyword: NOTIFY_KEYWORDS[k], path: script.path }] : [];
    }),
    notifyLines: notifyLines(c.notify),
    garp: [
      { keyword: 'garp_master_delay', value: c.garp.masterDelay },
      { keyword: 'garp_master_repeat', value: c.garp.masterRepeat },
      { keyword: 'garp_master_refresh', value: c.garp.masterRefresh },
    ].filter((g): g is { keyword: string; value: number } => g.value !== undefined),
    options: instanceOptionLines(c),
    extra: extraView(c.extra),
    extraLines: extraLines(c.extra),
  };
  const pass = reveal(member.auth ?? c.auth);
  if (pass !== undefined) {
    view.authPass = pass;
    const auth = member.auth ?? c.auth;
    view.authType = auth.type === 'PASS' ? (auth.method ?? 'PASS') : 'PASS';
  }
  if (c.preemptDelay !== undefined) view.preemptDelay = num(c.preemptDelay);
  if (c.unicast) {
    view.unicastSrc = host.address;
    view.unicastPeers = c.members
      .filter((m) => m.host !== host.name)
      .flatMap((m) => {
        const address = hosts.get(m.host)?.address;
        return address === undefined ? [] : [peerLine(c, m.host, address)];
      });
  }
  return view;
}

/** The view of one host's keepalived.conf; `reveal` returns the password of a PASS auth (undefined for none). */
export function configView(
  inv: Inventory,
  host: HostSpec,
  reveal: (a: AuthSpec) => string | undefined,
): ConfigView {
  const hosts = new Map(inv.hosts.map((h) => [h.name, h]));
  const clusters = inv.clusters.filter((c) => c.members.some((m) => m.host === host.name));
  const scripts = new Map<string, TrackScript>();
  for (const c of clusters) for (const t of c.trackScripts) if (!scripts.has(t.name)) scripts.set(t.name, t);
  const groups = groupsOnHost(inv, host, clusters);
  const usesScripts =
    scriptsOnHost(
      clusters,
      groups.map((g) => g.group),
    ) ||
    globalScripts(host) ||
    lvsRunsScriptsOn(clusters);
  return {
    host: host.name,
    scriptSecurity: usesScripts,
    globalDefs: globalDefsLines(host, usesScripts),
    scripts: [...scripts.values()],
    definitions: definitionLines([
      ...clusters.map((c) => c.tracking),
      ...groups.map((g) => g.group.tracking),
    ]),
    syncGroups: groups.flatMap((g) => syncGroupLines(g.group, g.instances)),
    statics: staticLines(host),
    instances: clusters.map((c) => instanceView(c, host, hosts, reveal)),
    lvs: lvsLines(clusters),
  };
}
