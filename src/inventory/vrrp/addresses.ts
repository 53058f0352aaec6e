import { z } from 'zod';
import { canonicalAddress, ipFamily, maxPrefix, parseCidr } from '../ip.js';
import type {
  ClusterSpec,
  HostSpec,
  RouteSpec,
  RuleSpec,
  SourceLocation,
  StaticSpec,
  VipSpec,
} from '../types.js';
import { Findings, LIMIT, WORD, at, block, checkRange, num, word } from './kit.js';

// Addresses and routes: VIP options (scope, brd, no_track, excluded), virtual_routes / virtual_rules that move
// with the VIP, and static_ipaddress / static_routes / static_rules that stay on a host.

const SCOPES = ['global', 'site', 'link', 'host', 'nowhere'] as const;
const INTERFACE_NAME = /^[A-Za-z0-9_.:@-]{1,15}$/;

/** The VIP map's keys beyond address/prefix/dev/label. */
export const vipOptionsShape = {
  scope: z.enum(SCOPES).optional().describe('address scope (default global)'),
  brd: z.string().min(1).optional().describe('IPv4 broadcast address, or + / - to set / clear host bits'),
  no_track: z
    .boolean()
    .optional()
    .describe('do not leave MASTER when the address is removed by someone else'),
  excluded: z
    .boolean()
    .optional()
    .describe('virtual_ipaddress_excluded: moved with the VIP but not sent in adverts'),
};

export function vipOptions(raw: {
  scope?: string;
  brd?: string;
  no_track?: boolean;
  excluded?: boolean;
}): Partial<VipSpec> {
  return {
    ...(raw.scope !== undefined && { scope: raw.scope }),
    ...(raw.brd !== undefined && { brd: raw.brd }),
    ...(raw.no_track !== undefined && { noTrack: raw.no_track }),
    ...(raw.excluded !== undefined && { excluded: raw.excluded }),
  };
}

export const routeSchema = z.strictObject({
  to: z.string().min(1).describe('destination network (A/N or default)'),
  src: z.string().min(1).optional().describe('preferred source address: a VIP of the cluster'),
  via: z.string().min(1).optional().describe('gateway'),
  dev: z.string().min(1).optional(),
  scope: z.enum(SCOPES).optional(),
  table: z.union([z.int(), z.string().min(1)]).optional(),
  metric: z.int().optional(),
  type: z.enum(['blackhole', 'unreachable', 'prohibit']).optional(),
  no_track: z.boolean().optional(),
});

export const ruleSchema = z.strictObject({
  from: z.string().min(1).optional().describe('source network'),
  to: z.string().min(1).optional().describe('destination network'),
  table: z.union([z.int(), z.string().min(1)]).describe('routing table'),
  preference: z.int().optional().describe('rule priority (keepalived wants one: set it)'),
  iif: z.string().min(1).optional(),
  oif: z.string().min(1).optional(),
  fwmark: z.int().optional(),
  no_track: z.boolean().optional(),
});

export const routingShape = {
  virtual_routes: z.array(routeSchema).optional().describe('routes added on MASTER, removed on BACKUP'),
  virtual_rules: z.array(ruleSchema).optional().describe('ip rules added on MASTER, removed on BACKUP'),
};

export const staticAddressSchema = z.strictObject({
  address: z.string().min(1).describe('A/N'),
  dev: z.string().min(1).describe('interface'),
  scope: z.enum(SCOPES).optional(),
  brd: z.string().min(1).optional(),
  label: z.string().min(1).optional(),
});

export const staticShape = {
  static_ipaddress: z
    .array(staticAddressSchema)
    .optional()
    .describe('addresses keepalived keeps on this host'),
  static_routes: z.array(routeSchema.omit({ src: true, no_track: true })).optional(),
  static_rules: z.array(ruleSchema.omit({ no_track: true })).optional(),
};

type RawRoute = z.infer<typeof routeSchema>;
type RawRule = z.infer<typeof ruleSchema>;

function route(r: Partial<RawRoute>): RouteSpec {
  const out: RouteSpec = { to: r.to ?? '' };
  for (const k of ['src', 'via', 'dev', 'scope'] as const) if (r[k] !== undefined) out[k] = r[k];
  if (r.type !== undefined) out.type = r.type;
  if (r.table !== undefined) out.table = r.table;
  if (r.metric !== undefined) out.metric = r.metric;
  if (r.no_track) out.noTrack = true;
  return out;
}

function rule(r: Partial<RawRule>): RuleSpec {
  const out: RuleSpec = { table: r.table ?? '' };
  for (const k of ['from', 'to', 'iif', 'oif'] as const) if (r[k] !== undefined) out[k] = r[k];
  if (r.preference !== undefined) out.preference = r.preference;
  if (r.fwmark !== undefined) out.fwmark = r.fwmark;
  if (r.no_track) out.noTrack = true;
  return out;
}

export function resolveRouting(raw: { virtual_routes?: RawRoute[]; virtual_rules?: RawRule[] }): {
  routes: RouteSpec[];
  rules: RuleSpec[];
} {
  return { routes: (raw.virtual_routes ?? []).map(route), rules: (raw.virtual_rules ?? []).map(rule) };
}

export function resolveStatic(raw: {
  static_ipaddress?: z.infer<typeof staticAddressSchema>[];
  static_routes?: Partial<RawRoute>[];
  static_rules?: Partial<RawRule>[];
}): StaticSpec | undefined {
  if (!raw.static_ipaddress && !raw.static_routes && !raw.static_rules) return undefined;
  return {
    addresses: (raw.static_ipaddress ?? []).map((a) => ({ ...a })),
    routes: (raw.static_routes ?? []).map(route),
    rules: (raw.static_rules ?? []).map(rule),
  };
}

// ---- lint -----------------------------------------------------------------------------------------------

function isNetwork(text: string): boolean {
  return text === 'default' || parseCidr(text) !== undefined;
}

function lintRoute(r: RouteSpec, where: (k: string) => SourceLocation, who: string, f: Findings): void {
  if (!isNetwork(r.to))
    f.error('ROUTE002', where('to'), `${who}: to "${r.to}" is not an address, network or default`);
  for (const k of ['src', 'via'] as const) {
    const v = r[k];
    if (v !== undefined && ipFamily(v) === undefined)
      f.error('ROUTE002', where(k), `${who}: ${k} "${v}" is not an IP address`);
  }
  if (r.dev !== undefined && !INTERFACE_NAME.test(r.dev))
    f.error('IF001', where('dev'), `${who}: "${r.dev}" is not a valid interface name`);
  if (typeof r.table === 'string' && !WORD.test(r.table))
    f.error('WORD001', where('table'), `${who}: table "${r.table}" is not one word`);
  if (typeof r.table === 'number')
    checkRange({ type: 'int', min: 0, max: LIMIT.u32 }, r.table, where('table'), `${who}: table`, f);
  if (r.metric !== undefined)
    checkRange({ type: 'int', min: 0, max: LIMIT.u32 }, r.metric, where('metric'), `${who}: metric`, f);
  if (r.type !== undefined && (r.via !== undefined || r.dev !== undefined))
    f.error('ROUTE002', where('type'), `${who}: a ${r.type} route takes no via or dev`);
}

function lintRule(r: RuleSpec, where: (k: string) => SourceLocation, who: string, f: Findings): void {
  for (const k of ['from', 'to'] as const) {
    const v = r[k];
    if (v !== undefined && !isNetwork(v))
      f.error('ROUTE002', where(k), `${who}: ${k} "${v}" is not an address or network`);
  }
  if (
    r.from === undefined &&
    r.to === undefined &&
    r.iif === undefined &&
    r.oif === undefined &&
    r.fwmark === undefined
  )
    f.error('ROUTE002', where('table'), `${who}: a rule needs a selector (from, to, iif, oif or fwmark)`);
  for (const k of ['iif', 'oif'] as const) {
    const v = r[k];
    if (v !== undefined && !INTERFACE_NAME.test(v))
      f.error('IF001', where(k), `${who}: "${v}" is not a valid interface name`);
  }
  if (typeof r.table === 'string' && !WORD.test(r.table))
    f.error('WORD001', where('table'), `${who}: table "${r.table}" is not one word`);
  if (r.preference === undefined)
    f.warning(
      'ROUTE003',
      where('table'),
      `${who}: no preference; keepalived picks one, and the order of rules may change on every transition`,
    );
  else
    checkRange(
      { type: 'int', min: 0, max: LIMIT.u32 },
      r.preference,
      where('preference'),
      `${who}: preference`,
      f,
    );
}

/** VIP options, virtual_routes (a route's src must be a VIP of the cluster: ROUTE001) and virtual_rules. */
export function lintAddresses(c: ClusterSpec, f: Findings): void {
  c.vips.forEach((v, i) => {
    const where = at(c, `vips.${i}.brd`, at(c, `vips.${i}`));
    if (v.brd !== undefined && v.brd !== '+' && v.brd !== '-' && (v.family !== 4 || ipFamily(v.brd) !== 4))
      f.error(
        'VIP009',
        where,
        `cluster ${c.name}: brd "${v.brd}" must be an IPv4 address (or + / -) on an IPv4 VIP`,
      );
  });
  if (c.vips.length > 0 && c.vips.every((v) => v.excluded))
    f.error(
      'VIP009',
      at(c, 'vips'),
      `cluster ${c.name}: every VIP is excluded; at least one must be in virtual_ipaddress`,
    );
  const vips = new Set(c.vips.map((v) => canonicalAddress(v.address)));
  c.routes.forEach((r, i) => {
    const where = (k: string): SourceLocation =>
      at(c, `virtual_routes.${i}.${k}`, at(c, `virtual_routes.${i}`));
    lintRoute(r, where, `cluster ${c.name}: virtual_routes[${i}]`, f);
    if (r.src !== undefined && ipFamily(r.src) && !vips.has(canonicalAddress(r.src))) {
      f.error(
        'ROUTE001',
        where('src'),
        `cluster ${c.name}: virtual_routes[${i}] src ${r.src} is not a VIP of this cluster`,
        'the route is added on the MASTER, which holds the cluster VIPs; any other source address may be missing there',
      );
    }
  });
  c.rules.forEach((r, i) =>
    lintRule(
      r,
      (k) => at(c, `virtual_rules.${i}.${k}`, at(c, `virtual_rules.${i}`)),
      `cluster ${c.name}: virtual_rules[${i}]`,
      f,
    ),
  );
}

export function lintStatic(h: HostSpec, f: Findings): void {
  const s = h.static;
  if (!s) return;
  s.addresses.forEach((a, i) => {
    const where = (k: string): SourceLocation =>
      at(h, `static_ipaddress.${i}.${k}`, at(h, `static_ipaddress.${i}`));
    const cidr = parseCidr(a.address);
    if (!cidr)
      f.error(
        'ROUTE002',
        where('address'),
        `host ${h.name}: static_ipaddress "${a.address}" is not an address with /prefix`,
      );
    if (!INTERFACE_NAME.test(a.dev))
      f.error('IF001', where('dev'), `host ${h.name}: "${a.dev}" is not a valid interface name`);
    if (a.label !== undefined && (!a.label.startsWith(`${a.dev}:`) || !INTERFACE_NAME.test(a.label)))
      f.error(
        'VIP007',
        where('label'),
        `host ${h.name}: label "${a.label}" must be "${a.dev}:<tag>" and at most 15 characters`,
      );
    if (a.brd !== undefined && a.brd !== '+' && a.brd !== '-' && ipFamily(a.brd) !== 4)
      f.error('VIP009', where('brd'), `host ${h.name}: brd "${a.brd}" must be an IPv4 address or + / -`);
  });
  s.routes.forEach((r, i) =>
    lintRoute(
      r,
      (k) => at(h, `static_routes.${i}.${k}`, at(h, `static_routes.${i}`)),
      `host ${h.name}: static_routes[${i}]`,
      f,
    ),
  );
  s.rules.forEach((r, i) =>
    lintRule(
      r,
      (k) => at(h, `static_rules.${i}.${k}`, at(h, `static_rules.${i}`)),
      `host ${h.name}: static_rules[${i}]`,
      f,
    ),
  );
}

// ---- render ---------------------------------------------------------------------------------------------

export function vipLine(vip: VipSpec): string {
  // keepalived reads a bare address as a host route (/32, /128), like the runbook writes it.
  const parts = [vip.prefix === maxPrefix(vip.family) ? vip.address : `${vip.address}/${vip.prefix}`];
  if (vip.brd !== undefined) parts.push('brd', word(vip.brd));
  if (vip.dev !== undefined) parts.push('dev', word(vip.dev));
  if (vip.scope !== undefined) parts.push('scope', vip.scope);
  if (vip.label !== undefined) parts.push('label', word(vip.label));
  if (vip.noTrack) parts.push('no_track');
  return parts.join(' ');
}

export function routeLine(r: RouteSpec): string {
  const parts: string[] = [];
  if (r.src !== undefined) parts.push('src', word(r.src));
  if (r.type !== undefined) parts.push(r.type);
  parts.push(word(r.to));
  if (r.via !== undefined) parts.push('via', word(r.via));
  if (r.dev !== undefined) parts.push('dev', word(r.dev));
  if (r.scope !== undefined) parts.push('scope', r.scope);
  if (r.table !== undefined) parts.push('table', typeof r.table === 'number' ? num(r.table) : word(r.table));
  if (r.metric !== undefined) parts.push('metric', num(r.metric));
  if (r.noTrack) parts.push('no_track');
  return parts.join(' ');
}

export function ruleLine(r: RuleSpec): string {
  const parts: string[] = [];
  if (r.from !== undefined) parts.push('from', word(r.from));
  if (r.to !== undefined) parts.push('to', word(r.to));
  if (r.iif !== undefined) parts.push('iif', word(r.iif));
  if (r.oif !== undefined) parts.push('oif', word(r.oif));
  if (r.fwmark !== undefined) parts.push('fwmark', num(r.fwmark));
  parts.push('table', typeof r.table === 'number' ? num(r.table) : word(r.table));
  if (r.preference !== undefined) parts.push('preference', num(r.preference));
  if (r.noTrack) parts.push('no_track');
  return parts.join(' ');
}

export function routingLines(c: ClusterSpec): string[] {
  return [
    ...(c.routes.length > 0 ? block('virtual_routes', c.routes.map(routeLine)) : []),
    ...(c.rules.length > 0 ? block('virtual_rules', c.rules.map(ruleLine)) : []),
  ];
}

export function staticLines(h: HostSpec): string[] {
  const s = h.static;
  if (!s) return [];
  const address = (a: StaticSpec['addresses'][number]): string =>
    [
      word(a.address),
      ...(a.brd !== undefined ? ['brd', word(a.brd)] : []),
      'dev',
      word(a.dev),
      ...(a.scope !== undefined ? ['scope', a.scope] : []),
      ...(a.label !== undefined ? ['label', word(a.label)] : []),
    ].join(' ');
  return [
    ...(s.addresses.length > 0 ? block('static_ipaddress', s.addresses.map(address)) : []),
    ...(s.routes.length > 0 ? block('static_routes', s.routes.map(routeLine)) : []),
    ...(s.rules.length > 0 ? block('static_rules', s.rules.map(ruleLine)) : []),
  ];
}
