import { z } from 'zod';
import type { ClusterSpec, HostSpec, InstanceOptions, SourceLocation } from '../types.js';
import {
  Findings,
  LIMIT,
  at,
  checkRange,
  lintTable,
  pickTable,
  renderTable,
  tableShape,
  word,
  type KeywordTable,
} from './kit.js';

// vrrp_instance options beyond the basics, keyed by keepalived's keywords at the cluster level (garp_* under
// `garp:` without the prefix), plus per-member unicast peer TTLs and VMAC. Lint: ranges, and the option
// combinations keepalived refuses or silently ignores.

/** Plain instance keywords: one row gives schema, range and rendering. */
export const INSTANCE_KEYWORDS: KeywordTable = {
  version: {
    type: 'int',
    min: 2,
    max: 3,
    describe: 'VRRP version (default: global vrrp_version; IPv6 uses 3)',
  },
  unicast_ttl: { type: 'int', min: 0, max: 255, describe: 'TTL / hop limit of unicast adverts' },
  unicast_fault_no_peer: {
    type: 'flag',
    describe: 'FAULT, not multicast, when a unicast instance has no peer',
  },
  check_unicast_src: { type: 'flag', describe: 'accept unicast adverts only from the peers' },
  lower_prio_no_advert: {
    type: 'bool',
    describe: 'no advert in answer to a lower-priority one (RFC behaviour)',
  },
  higher_prio_send_advert: { type: 'bool', describe: 'send one advert before yielding to a higher priority' },
  strict_mode: { type: 'bool', describe: 'strict RFC compliance (no unicast, no auth, no preempt_delay …)' },
  down_timer_adverts: {
    type: 'int',
    min: 1,
    max: 100,
    describe: 'adverts missed before a backup takes over (default 3; all members must agree)',
  },
  dont_track_primary: { type: 'flag', describe: 'ignore faults of the instance interface' },
  promote_secondaries: { type: 'flag', describe: 'keep other addresses of the subnet when a VIP is removed' },
  skip_check_adv_addr: { type: 'bool', describe: 'skip the address check of adverts from the same master' },
  smtp_alert: { type: 'bool', describe: 'email on transitions (needs global_defs smtp settings)' },
  notify_priority_changes: { type: 'bool', describe: 'send priority changes to the notify FIFOs' },
};

/** `garp:` keys; rendered as garp_<key>. */
export const GARP_KEYWORDS: KeywordTable = {
  master_delay: {
    type: 'int',
    min: 0,
    max: LIMIT.seconds,
    describe: 'seconds before the second set of gratuitous ARPs',
  },
  master_repeat: { type: 'int', min: 1, max: LIMIT.u32, describe: 'gratuitous ARPs sent at a time' },
  master_refresh: {
    type: 'int',
    min: 0,
    max: LIMIT.u32,
    describe: 'seconds between refreshes while MASTER (0: none)',
  },
  master_refresh_repeat: { type: 'int', min: 0, max: LIMIT.u32, describe: 'gratuitous ARPs per refresh' },
  lower_prio_delay: {
    type: 'int',
    min: 0,
    max: LIMIT.seconds,
    describe: 'delay after a lower-priority advert',
  },
  lower_prio_repeat: {
    type: 'int',
    min: 0,
    max: LIMIT.i32,
    describe: 'gratuitous ARPs after a lower-priority advert',
  },
};

export const instanceOptionsShape = {
  ...tableShape(INSTANCE_KEYWORDS),
  accept: z
    .boolean()
    .optional()
    .describe('true: accept (answer packets to the VIP; default), false: no_accept (VIP for routing only)'),
  use_vmac: z
    .union([z.boolean(), z.string().min(1)])
    .optional()
    .describe('virtual MAC (macvlan) for the VIPs: true (name vrrp.<VRID>) or the interface name'),
  vmac_xmit_base: z
    .boolean()
    .optional()
    .describe('send and receive adverts on the base interface (needed with unicast)'),
  use_vmac_addr: z
    .boolean()
    .optional()
    .describe('a VMAC also for VIPs on other interfaces or of the other family'),
  garp: z
    .strictObject(tableShape(GARP_KEYWORDS))
    .optional()
    .describe('gratuitous ARP settings of this instance'),
};

export const memberOptionsShape = {
  min_ttl: z
    .int()
    .optional()
    .describe('unicast: lowest TTL accepted from this peer (turns on check_unicast_src)'),
  max_ttl: z.int().optional().describe('unicast: highest TTL accepted from this peer'),
};

type RawOptions = { [K in keyof typeof instanceOptionsShape]?: z.infer<(typeof instanceOptionsShape)[K]> } & {
  members: Record<string, { min_ttl?: number; max_ttl?: number }>;
};

export function resolveInstanceOptions(raw: RawOptions): InstanceOptions {
  const o: InstanceOptions = {
    keywords: pickTable(INSTANCE_KEYWORDS, raw),
    garp: pickTable(GARP_KEYWORDS, raw.garp),
    peerTtl: {},
  };
  if (raw.accept !== undefined) o.accept = raw.accept;
  if (raw.use_vmac !== undefined && raw.use_vmac !== false) o.useVmac = raw.use_vmac;
  if (raw.vmac_xmit_base) o.vmacXmitBase = true;
  if (raw.use_vmac_addr) o.useVmacAddr = true;
  for (const [host, m] of Object.entries(raw.members)) {
    if (m.min_ttl !== undefined || m.max_ttl !== undefined)
      o.peerTtl[host] = {
        ...(m.min_ttl !== undefined && { min: m.min_ttl }),
        ...(m.max_ttl !== undefined && { max: m.max_ttl }),
      };
  }
  return o;
}

/** The VRRP version the cluster speaks on one host: instance version › IPv6 first VIP › host's vrrp_version › 2. */
export function vrrpVersion(c: ClusterSpec, host?: HostSpec): 2 | 3 {
  // extra.version is how the version was set before it was modelled (EXT004 suggests moving it).
  const own = c.options.keywords['version'] ?? Number(c.extra['version'] ?? NaN);
  if (own === 3 || own === 2) return own;
  if (c.vips.find((v) => !v.excluded)?.family === 6) return 3;
  return host?.globalDefs?.keywords['vrrp_version'] === 3 ? 3 : 2;
}

/** The VMAC interface name on a host: the given name, or keepalived's vrrp.<VRID>. */
export function vmacName(c: ClusterSpec): string | undefined {
  const v = c.options.useVmac;
  if (v === undefined || v === false) return undefined;
  return v === true ? `vrrp.${c.virtualRouterId}` : v;
}

const INTERFACE_NAME = /^[A-Za-z0-9_.:@-]{1,15}$/;

export function lintInstanceOptions(c: ClusterSpec, hosts: ReadonlyMap<string, HostSpec>, f: Findings): void {
  const who = `cluster ${c.name}`;
  const o = c.options;
  lintTable(INSTANCE_KEYWORDS, o.keywords, (k) => at(c, k), who, f);
  lintTable(GARP_KEYWORDS, o.garp, (k) => at(c, `garp.${k}`), `${who}: garp`, f);
  for (const m of c.members) {
    const ttl = o.peerTtl[m.host];
    if (!ttl) continue;
    const where = (k: string): SourceLocation => at(m, k, c.location);
    if (ttl.min !== undefined)
      checkRange(
        { type: 'int', min: 0, max: 255 },
        ttl.min,
        where('min_ttl'),
        `${who}, member ${m.host}: min_ttl`,
        f,
      );
    if (ttl.max !== undefined)
      checkRange(
        { type: 'int', min: 0, max: 255 },
        ttl.max,
        where('max_ttl'),
        `${who}, member ${m.host}: max_ttl`,
        f,
      );
    if (ttl.min !== undefined && ttl.max !== undefined && ttl.min > ttl.max)
      f.error(
        'UNI004',
        where('max_ttl'),
        `${who}, member ${m.host}: max_ttl ${ttl.max} is below min_ttl ${ttl.min}; every advert is dropped`,
      );
    if (!c.unicast)
      f.error(
        'UNI004',
        where(ttl.min !== undefined ? 'min_ttl' : 'max_ttl'),
        `${who}, member ${m.host}: min_ttl/max_ttl apply to unicast peers; the cluster is not unicast`,
      );
  }
  for (const k of ['unicast_ttl', 'unicast_fault_no_peer', 'check_unicast_src'] as const) {
    if (o.keywords[k] !== undefined && o.keywords[k] !== false && !c.unicast)
      f.warning('UNI004', at(c, k), `${who}: ${k} has no effect without unicast: true`);
  }
  // VMAC
  const vmac = vmacName(c);
  if (vmac !== undefined) {
    if (!INTERFACE_NAME.test(vmac))
      f.error(
        'IF001',
        at(c, 'use_vmac'),
        `${who}: VMAC name "${vmac}" is not a valid interface name (at most 15 characters)`,
      );
    if (c.unicast && !o.vmacXmitBase)
      f.error(
        'VMAC001',
        at(c, 'use_vmac'),
        `${who}: use_vmac with unicast peers needs vmac_xmit_base: true`,
        'keepalived.conf(5): "If using use_vmac with unicast peers, vmac_xmit_base must be set"',
      );
    const family = c.vips.find((v) => !v.excluded)?.family;
    if (!o.useVmacAddr && c.vips.some((v) => v.family !== family && v.dev === undefined))
      f.warning(
        'VMAC003',
        at(c, 'use_vmac'),
        `${who}: a VIP of the other family would be put on the VMAC, whose MAC is wrong for it`,
        'set use_vmac_addr: true',
      );
  } else if (o.vmacXmitBase || o.useVmacAddr) {
    f.warning(
      'VMAC002',
      at(c, o.vmacXmitBase ? 'vmac_xmit_base' : 'use_vmac_addr'),
      `${who}: vmac options without use_vmac have no effect`,
    );
  }
  // VRRP version across members (global vrrp_version per host)
  const versions = new Set(c.members.map((m) => vrrpVersion(c, hosts.get(m.host))));
  if (versions.size > 1)
    f.error(
      'VER001',
      at(c, 'members'),
      `${cluster(c)}: members would speak VRRP versions ${[...versions].join(' and ')} (global_defs vrrp_version differs between their hosts)`,
      'set version on the cluster, or the same vrrp_version on every member host',
    );
  // strict_mode: what keepalived refuses under it
  const strict =
    o.keywords['strict_mode'] === true ||
    (o.keywords['strict_mode'] === undefined &&
      c.members.some((m) => hosts.get(m.host)?.globalDefs?.keywords['vrrp_strict'] === true));
  if (strict) {
    const why: string[] = [];
    if (c.unicast) why.push('unicast');
    if (c.auth.type !== 'none' || c.members.some((m) => m.auth && m.auth.type !== 'none'))
      why.push('authentication');
    if (c.preemptDelay !== undefined) why.push('preempt_delay');
    if (c.members.some((m) => m.state === 'MASTER' && m.priority !== 255 && m.fieldLocations?.['state']))
      why.push('state MASTER below priority 255');
    if (o.vmacXmitBase) why.push('vmac_xmit_base');
    if (o.keywords['higher_prio_send_advert'] === true) why.push('higher_prio_send_advert');
    if (o.keywords['lower_prio_no_advert'] === false) why.push('lower_prio_no_advert false');
    if (o.accept !== undefined && vrrpVersion(c) === 2) why.push('accept/no_accept with VRRPv2');
    if (why.length > 0)
      f.error(
        'STRICT001',
        at(c, o.keywords['strict_mode'] !== undefined ? 'strict_mode' : 'members'),
        `${who}: strict mode (strict_mode or global vrrp_strict) does not allow ${why.join(', ')}`,
      );
  }
}

function cluster(c: ClusterSpec): string {
  return `cluster ${c.name}`;
}

/** Instance lines for the options (after the basics). */
export function instanceOptionLines(c: ClusterSpec): string[] {
  const o = c.options;
  const lines = renderTable(INSTANCE_KEYWORDS, o.keywords);
  if (o.accept !== undefined) lines.push(o.accept ? 'accept' : 'no_accept');
  const vmac = vmacName(c);
  if (vmac !== undefined) lines.push(o.useVmac === true ? 'use_vmac' : `use_vmac ${word(vmac)}`);
  if (o.vmacXmitBase) lines.push('vmac_xmit_base');
  if (o.useVmacAddr) lines.push('use_vmac_addr');
  lines.push(...renderTable(GARP_KEYWORDS, o.garp).map((l) => `garp_${l}`));
  return lines;
}

/** The unicast_peer entry of a member: its address and its TTL limits. */
export function peerLine(c: ClusterSpec, host: string, address: string): string {
  const ttl = c.options.peerTtl[host];
  return [
    address,
    ...(ttl?.min !== undefined ? ['min_ttl', String(ttl.min)] : []),
    ...(ttl?.max !== undefined ? ['max_ttl', String(ttl.max)] : []),
  ].join(' ');
}

/** Keywords the instance options model (extra may not set them: EXT001). */
export const INSTANCE_OPTION_KEYWORDS = [
  ...Object.keys(INSTANCE_KEYWORDS),
  ...Object.keys(GARP_KEYWORDS).map((k) => `garp_${k}`),
  'accept',
  'no_accept',
  'use_vmac',
  'vmac_xmit_base',
  'use_vmac_addr',
];

/** keepalived keywords this cluster's typed fields render (extra may not repeat them). */
export function typedInstanceKeywords(c: ClusterSpec): Set<string> {
  const o = c.options;
  const out = new Set<string>();
  for (const [k, v] of Object.entries(o.keywords)) if (v !== undefined) out.add(k);
  for (const [k, v] of Object.entries(o.garp)) if (v !== undefined) out.add(`garp_${k}`);
  if (o.accept !== undefined) out.add('accept').add('no_accept');
  if (o.useVmac !== undefined) out.add('use_vmac');
  if (o.vmacXmitBase) out.add('vmac_xmit_base');
  if (o.useVmacAddr) out.add('use_vmac_addr');
  return out;
}

/** VMAC004: two clusters of one host with one VMAC interface name (keepalived would share one macvlan). */
export function lintVmacNames(
  host: string,
  mine: readonly ClusterSpec[],
  f: Findings,
  reported: Set<string>,
): void {
  const first = new Map<string, ClusterSpec>();
  for (const c of mine) {
    const name = vmacName(c);
    if (name === undefined) continue;
    const prior = first.get(name);
    const key = `${prior?.name}|${c.name}`;
    if (!prior) first.set(name, c);
    else if (!reported.has(key)) {
      reported.add(key);
      f.error(
        'VMAC004',
        at(c, 'use_vmac'),
        `host ${host}: clusters ${prior.name} and ${c.name} both use the VMAC interface ${name}`,
        'give each instance its own VMAC name (use_vmac: NAME)',
      );
    }
  }
}
