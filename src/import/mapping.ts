import { ipFamily, maxPrefix } from '../inventory/ip.js';
import type { RawVip } from '../inventory/schema.js';
import type { ConfigNode, Token } from '../keepalived/types.js';
import { isDeniedExtra } from '../inventory/vrrp/extra.js';
import { GLOBAL_KEYWORDS } from '../inventory/vrrp/global-defs.js';
import { GARP_KEYWORDS, INSTANCE_KEYWORDS as OPTION_KEYWORDS } from '../inventory/vrrp/instance-options.js';
import { SAFE_PATH, hasDotDot, type KeywordSpec } from '../inventory/vrrp/kit.js';
import { SAFE_ARG } from '../inventory/vrrp/scripts.js';
import { routeLine, ruleLine } from '../inventory/vrrp/addresses.js';
import type { RouteSpec, RuleSpec } from '../inventory/types.js';

// How each keyword of a vrrp_instance becomes inventory fields: one table entry per keyword. An entry returns
// the fields it sets ("cluster.x" or "member.x" paths, see build.ts), or undefined when this occurrence cannot
// be modelled (it then goes to `extra` verbatim). A keyword with no entry goes to `extra` too. When the
// inventory model grows (issue #13), supporting a new field is one entry here.

export type FieldValue = string | number | boolean | string[] | RawVip[] | Record<string, unknown>;
export type Fields = Record<string, FieldValue>;

export interface MapContext {
  /** vrrp_script definitions of this host's config, by name */
  scripts: ReadonlyMap<string, ConfigNode>;
  /** vrrp_track_process definitions, by name */
  processes?: ReadonlyMap<string, ConfigNode>;
  /** track_file definitions, by name */
  files?: ReadonlyMap<string, ConfigNode>;
}

type Mapper = (node: ConfigNode, ctx: MapContext) => Fields | undefined;

const one = (n: ConfigNode): string | undefined => (n.args.length === 1 ? n.args[0]!.text : undefined);
const int = (n: ConfigNode): number | undefined => {
  const v = one(n);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
};
const num = (n: ConfigNode): number | undefined => {
  const v = one(n);
  return v !== undefined && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
};
const field = <T extends FieldValue>(path: string, v: T | undefined): Fields | undefined =>
  v === undefined ? undefined : { [path]: v };

/**
 * A VIP line the model holds: address[/prefix] [brd B] [dev X] [scope S] [label Y] [no_track], in the order vipctl
 * writes them (so it comes back word for word); anything else stays out (listed as not modelled).
 */
export function vipOf(words: Token[]): RawVip | undefined {
  const [addr, ...rest] = words.map((w) => w.text);
  const [address, prefixText, more] = addr!.split('/');
  const family = ipFamily(address!);
  if (family === undefined || more !== undefined) return undefined;
  if (prefixText !== undefined && !/^\d+$/.test(prefixText)) return undefined;
  const opts: Record<string, string | boolean> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const k = rest[i]!;
    if (k === 'no_track' && opts.no_track === undefined) {
      opts.no_track = true;
      i--;
      continue;
    }
    const v = rest[i + 1];
    if (!['brd', 'dev', 'scope', 'label'].includes(k) || v === undefined || opts[k] !== undefined)
      return undefined;
    if (k === 'scope' && !SCOPE_NAMES.has(v)) return undefined;
    opts[k] = v;
  }
  const order = ['brd', 'dev', 'scope', 'label'].flatMap((k) =>
    opts[k] !== undefined ? [k, String(opts[k])] : [],
  );
  if ([...order, ...(opts.no_track ? ['no_track'] : [])].join(' ') !== rest.join(' ')) return undefined;
  const prefix = prefixText === undefined ? undefined : Number(prefixText);
  // `10.0.0.5/32` and `10.0.0.5` are the same address for keepalived; the inventory writes the bare one
  const text = prefix === undefined || prefix === maxPrefix(family) ? address! : `${address}/${prefix}`;
  if (Object.keys(opts).length === 0) return text;
  return { address: text, ...opts } as RawVip;
}

function vips(n: ConfigNode): Fields | undefined {
  const out: RawVip[] = [];
  for (const line of n.values) {
    const v = vipOf(line);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return { 'cluster.vips': out };
}

/** `weight W [reverse]` words (of a definition or a reference); undefined when they are something else. */
export function weightOf(words: string[]): { weight?: number; reverse?: boolean } | undefined {
  if (words.length === 0) return {};
  if (words[0] !== 'weight' || words.length > 3 || !/^-?\d+$/.test(words[1] ?? '')) return undefined;
  if (words.length === 3 && words[2] !== 'reverse') return undefined;
  return { weight: Number(words[1]), ...(words[2] === 'reverse' && { reverse: true }) };
}

const texts = (n: ConfigNode): string[] => n.args.map((a) => a.text);
const intText = (v: string | undefined): number | undefined =>
  v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;

/**
 * A vrrp_script the model holds: script, interval, timeout, weight, fall, rise, user [group], init_fail (each
 * once); other keywords go to its extra when extra allows them. The weight is the reference's default.
 */
export function trackScriptOf(def: ConfigNode): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const extra: Record<string, string | true> = {};
  for (const c of def.children) {
    const k = c.keyword;
    if (c.kind === 'unknown' || out[k] !== undefined || extra[k] !== undefined) return undefined;
    if (k === 'script') {
      // keepalived joins the words of an unquoted command; the template writes it quoted
      if (c.args.length === 0) return undefined;
      out.script = texts(c).join(' ');
    } else if (k === 'weight') {
      const w = weightOf(['weight', ...texts(c)]);
      if (!w) return undefined;
      Object.assign(out, w);
    } else if (k === 'user') {
      if (c.args.length < 1 || c.args.length > 2) return undefined;
      out.user = c.args[0]!.text;
      if (c.args[1]) out.group = c.args[1].text;
    } else if (k === 'init_fail') {
      if (c.args.length !== 0) return undefined;
      out.init_fail = true;
    } else if (['interval', 'timeout', 'fall', 'rise'].includes(k)) {
      const v = c.args.length === 1 ? intText(c.args[0]!.text) : undefined;
      if (v === undefined) return undefined;
      out[k] = v;
    } else {
      const v = c.kind === 'keyword' ? extraOf(c) : undefined;
      if (v === undefined || Array.isArray(v) || isDeniedExtra(k)) return undefined;
      extra[k] = v;
    }
  }
  if (out.script === undefined) return undefined;
  // keepalived runs a vrrp_script every second unless told; vipctl's default is 2, so write it
  out.interval ??= 1;
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

/** A vrrp_track_process the model holds. keepalived's default weight is 1: written out. */
export function trackProcessOf(def: ConfigNode): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const c of def.children) {
    const k = c.keyword;
    if (c.kind !== 'keyword' || out[k] !== undefined) return undefined;
    const a = texts(c);
    if (k === 'process' && a.length > 0) out.process = a.join(' ');
    else if (k === 'param_match' && (a[0] === 'initial' || a[0] === 'partial') && a.length === 1)
      out.param_match = a[0];
    else if ((k === 'quorum' || k === 'quorum_max') && a.length === 1 && intText(a[0]) !== undefined)
      out[k] = intText(a[0]);
    else if (
      ['delay', 'fork_delay', 'terminate_delay'].includes(k) &&
      a.length === 1 &&
      /^\d+(\.\d+)?$/.test(a[0]!)
    )
      out[k] = Number(a[0]);
    else if (k === 'full_command' && a.length === 0) out.full_command = true;
    else if (k === 'weight') {
      const w = weightOf(['weight', ...a]);
      if (!w) return undefined;
      Object.assign(out, w);
    } else return undefined;
  }
  if (out.process === undefined) return undefined;
  out.weight ??= 1;
  return out;
}

/** A track_file the model holds. keepalived's default weight is 1: written out. */
export function trackFileOf(def: ConfigNode): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const c of def.children) {
    const k = c.keyword;
    if (c.kind !== 'keyword' || out[k] !== undefined) return undefined;
    const a = texts(c);
    if (k === 'file' && a.length === 1) out.file = a[0];
    else if (k === 'weight') {
      const w = weightOf(['weight', ...a]);
      if (!w) return undefined;
      Object.assign(out, w);
    } else if (k === 'init_file') {
      const rest = [...a];
      if (rest[rest.length - 1] === 'overwrite') {
        out.overwrite = true;
        rest.pop();
      }
      if (rest.length > 1 || (rest.length === 1 && intText(rest[0]) === undefined)) return undefined;
      out.init_file = rest.length === 1 ? intText(rest[0]) : true;
    } else return undefined;
  }
  if (out.file === undefined) return undefined;
  out.weight ??= 1;
  return out;
}

/** References `NAME [weight W [reverse]]` to definitions: the reference's weight over the definition's. */
function references(
  field: string,
  defs: (ctx: MapContext) => ReadonlyMap<string, ConfigNode> | undefined,
  of: (def: ConfigNode) => Record<string, unknown> | undefined,
): Mapper {
  return (n, ctx) => {
    const out: Record<string, unknown> = {};
    for (const line of n.values) {
      const [name, ...rest] = line.map((t) => t.text);
      const def = defs(ctx)?.get(name!);
      const spec = def ? of(def) : undefined;
      const w = weightOf(rest);
      if (!spec || !w || out[name!] !== undefined) return undefined;
      out[name!] = rest.length > 0 ? { ...spec, weight: w.weight, reverse: w.reverse } : spec;
      if (!w.reverse) delete (out[name!] as Record<string, unknown>).reverse;
    }
    return { [field]: out };
  };
}

function trackInterfaces(n: ConfigNode): Fields | undefined {
  const out: (string | Record<string, unknown>)[] = [];
  for (const line of n.values) {
    const [name, ...rest] = line.map((t) => t.text);
    const w = weightOf(rest);
    if (!w) return undefined;
    out.push(rest.length === 0 ? name! : { interface: name!, ...w });
  }
  return { 'cluster.track_interfaces': out as unknown as FieldValue };
}

function authentication(n: ConfigNode): Fields | undefined {
  const type = n.children.find((c) => c.keyword === 'auth_type');
  const pass = n.children.find((c) => c.keyword === 'auth_pass');
  if (n.children.length !== (pass ? 2 : 1) || !type || one(type) !== 'PASS' || !pass || !one(pass))
    return undefined;
  return { 'auth.type': 'PASS', 'auth.password': one(pass)! };
}

/**
 * `notify_* "PATH [ARG…]" [user [group]]` as the inventory holds it: the path alone, or {path, args, user,
 * group}. A command the model cannot hold (a path or an argument outside lint's allow-list, NOT002) is not
 * modelled, rather than imported into an inventory lint refuses.
 */
export function scriptValue(
  command: string,
  user: string | undefined,
  group: string | undefined,
): FieldValue | undefined {
  const [path, ...args] = command.trim().split(/\s+/);
  if (!path || !SAFE_PATH.test(path) || hasDotDot(path) || !args.every((a) => SAFE_ARG.test(a)))
    return undefined;
  if (args.length === 0 && user === undefined) return path;
  return {
    path,
    ...(args.length > 0 && { args }),
    ...(user !== undefined && { user }),
    ...(group !== undefined && { group }),
  };
}

/** `notify_* PATH [user [group]]`: the path as keepalived reads it (one word, or the quoted command). */
function notify(kind: string): Mapper {
  return (n) => {
    const [path, user, group] = texts(n);
    if (path === undefined || n.args.length > 3) return undefined;
    const value = scriptValue(path, user, group);
    return value === undefined ? undefined : { [`cluster.notify.${kind}`]: value };
  };
}

/** A keyword of a vipctl keyword table (instance options, garp): flag, bool, number or word. */
export function tableValue(spec: KeywordSpec, n: ConfigNode): number | boolean | string | undefined {
  const a = texts(n);
  if (n.kind !== 'keyword') return undefined;
  if (spec.type === 'flag') return a.length === 0 ? true : undefined;
  if (spec.type === 'bool') {
    if (a.length === 0) return true;
    return a.length === 1 && (a[0] === 'false' || a[0] === 'true') ? a[0] === 'true' : undefined;
  }
  if (a.length !== 1) return undefined;
  if (spec.type === 'int') return intText(a[0]);
  if (spec.type === 'decimal') return /^-?\d+(\.\d+)?$/.test(a[0]!) ? Number(a[0]) : undefined;
  return a[0];
}

const table = (prefix: string, tbl: Record<string, KeywordSpec>, strip = ''): Record<string, Mapper> =>
  Object.fromEntries(
    Object.entries(tbl).map(([k, spec]) => [
      `${strip}${k}`,
      (n: ConfigNode) => field(`${prefix}${k}`, tableValue(spec, n)),
    ]),
  );

const flag =
  (path: string, value: FieldValue = true): Mapper =>
  (n) =>
    n.args.length === 0 ? { [path]: value } : undefined;

export const INSTANCE_KEYWORDS: Record<string, Mapper> = {
  state: (n) => {
    const v = one(n);
    return v === 'MASTER' || v === 'BACKUP' ? { 'member.state': v } : undefined;
  },
  interface: (n) => field('member.interface', one(n)),
  virtual_router_id: (n) => field('cluster.virtual_router_id', int(n)),
  priority: (n) => field('member.priority', int(n)),
  advert_int: (n) => field('member.advert_int', num(n)),
  authentication,
  virtual_ipaddress: vips,
  // merged into vips with excluded: true (build.ts)
  virtual_ipaddress_excluded: (n) => {
    const v = vips(n);
    return v ? { 'cluster.vips_excluded': v['cluster.vips']! } : undefined;
  },
  // `preempt` is keepalived's default, which vipctl does not write: listed (lint refuses it in extra)
  preempt: () => undefined,
  nopreempt: (n) => (n.args.length === 0 ? { 'cluster.preempt': false } : undefined),
  preempt_delay: (n) => field('cluster.preempt_delay', num(n)),
  track_interface: trackInterfaces,
  track_script: references('cluster.track_scripts', (c) => c.scripts, trackScriptOf),
  track_process: references('cluster.track_processes', (c) => c.processes, trackProcessOf),
  track_file: references('cluster.track_files', (c) => c.files, trackFileOf),
  notify_master: notify('master'),
  notify_backup: notify('backup'),
  notify_fault: notify('fault'),
  notify_stop: notify('stop'),
  notify_master_rx_lower_pri: notify('master_rx_lower_pri'),
  notify: notify('any'),
  // garp_master_delay, garp_master_repeat, … → garp.master_delay, …
  ...table('cluster.garp.', GARP_KEYWORDS, 'garp_'),
  // version, unicast_ttl, strict_mode, smtp_alert, … → the cluster key of the same name
  ...table('cluster.', OPTION_KEYWORDS),
  accept: flag('cluster.accept', true),
  no_accept: flag('cluster.accept', false),
  use_vmac: (n) => (n.args.length === 0 ? { 'cluster.use_vmac': true } : field('cluster.use_vmac', one(n))),
  vmac_xmit_base: flag('cluster.vmac_xmit_base'),
  use_vmac_addr: flag('cluster.use_vmac_addr'),
  virtual_routes: lines('cluster.virtual_routes', routeOf),
  virtual_rules: lines('cluster.virtual_rules', ruleOf),
};

/** `KEYWORD PATH [user [group]]` as a script or FIFO reference: the path alone, or {path, user, group}. */
function scriptRefAt(path: string): Mapper {
  return (n) => {
    const [p, user, group] = texts(n);
    if (p === undefined || n.args.length > 3 || n.kind !== 'keyword') return undefined;
    return { [path]: user === undefined ? p : { path: p, user, ...(group !== undefined && { group }) } };
  };
}

/**
 * global_defs keywords → keys of `global_defs` (defaults.global_defs, or hosts.<name>.global_defs where hosts
 * differ). enable_script_security is not here: render writes it whenever scripts exist (build.ts).
 */
export const GLOBAL_DEFS_KEYWORDS: Record<string, Mapper> = {
  ...table('', GLOBAL_KEYWORDS),
  notification_email: (n) =>
    n.kind === 'values' && n.values.every((l) => l.length === 1)
      ? { notification_email: n.values.map((l) => l[0]!.text) }
      : undefined,
  smtp_server: (n): Fields | undefined => {
    const [server, port] = texts(n);
    if (server === undefined || n.args.length > 2 || n.kind !== 'keyword') return undefined;
    if (port === undefined) return { smtp_server: server };
    const p = intText(port);
    return p === undefined ? undefined : { smtp_server: server, smtp_port: p };
  },
  script_user: (n) => {
    const [user, group] = texts(n);
    if (user === undefined || n.args.length > 2) return undefined;
    return { script_user: user, ...(group !== undefined && { script_group: group }) };
  },
  dynamic_interfaces: (n) => {
    const a = texts(n);
    if (a.length === 0) return { dynamic_interfaces: true };
    return a.length === 1 && a[0] === 'allow_if_changes'
      ? { dynamic_interfaces: 'allow_if_changes' }
      : undefined;
  },
  notify_fifo: scriptRefAt('notify_fifo'),
  notify_fifo_script: scriptRefAt('notify_fifo_script'),
  vrrp_notify_fifo: scriptRefAt('vrrp_notify_fifo'),
  vrrp_notify_fifo_script: scriptRefAt('vrrp_notify_fifo_script'),
};

/** vrrp_sync_group keywords → keys of `sync_groups.<name>` (group is mapped to cluster names in build.ts). */
export const SYNC_GROUP_KEYWORDS: Record<string, Mapper> = {
  track_interface: (n, c) => strip(INSTANCE_KEYWORDS.track_interface!(n, c)),
  track_script: (n, c) => strip(INSTANCE_KEYWORDS.track_script!(n, c)),
  track_process: (n, c) => strip(INSTANCE_KEYWORDS.track_process!(n, c)),
  track_file: (n, c) => strip(INSTANCE_KEYWORDS.track_file!(n, c)),
  notify_master: (n, c) => strip(INSTANCE_KEYWORDS.notify_master!(n, c)),
  notify_backup: (n, c) => strip(INSTANCE_KEYWORDS.notify_backup!(n, c)),
  notify_fault: (n, c) => strip(INSTANCE_KEYWORDS.notify_fault!(n, c)),
  notify_stop: (n, c) => strip(INSTANCE_KEYWORDS.notify_stop!(n, c)),
  notify: (n, c) => strip(INSTANCE_KEYWORDS.notify!(n, c)),
  smtp_alert: (n) =>
    field('smtp_alert', tableValue({ type: 'bool', describe: '' }, n) as boolean | undefined),
  notify_priority_changes: (n) =>
    field('notify_priority_changes', tableValue({ type: 'bool', describe: '' }, n) as boolean | undefined),
  sync_group_tracking_weight: flag('sync_group_tracking_weight'),
  // the old name of sync_group_tracking_weight: listed (lint refuses it in extra; vipctl writes the new name)
  global_tracking: () => undefined,
};

/** Instance field paths ("cluster.x") as sync group paths ("x"). */
function strip(f: Fields | undefined): Fields | undefined {
  if (!f) return undefined;
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [k.replace(/^cluster\./, ''), v]));
}

const ROUTE_TYPES = new Set(['blackhole', 'unreachable', 'prohibit']);
const SCOPE_NAMES = new Set(['global', 'site', 'link', 'host', 'nowhere']);
const tableOf = (v: string): number | string => (/^\d+$/.test(v) ? Number(v) : v);

/**
 * One route line as the inventory holds it (to, src, via, dev, scope, table, metric, type, no_track), or
 * undefined. Accepted only when vipctl writes the line back word for word: nothing is reordered or lost.
 */
export function routeOf(words: string[]): Record<string, unknown> | undefined {
  const raw: Record<string, unknown> = {};
  const spec: RouteSpec = { to: '' };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const v = words[i + 1];
    if (w === 'no_track') spec.noTrack = raw.no_track = true;
    else if (ROUTE_TYPES.has(w)) spec.type = raw.type = w as RouteSpec['type'];
    else if (['src', 'via', 'dev'].includes(w) && v !== undefined) {
      spec[w as 'src' | 'via' | 'dev'] = v;
      raw[w] = v;
      i++;
    } else if (w === 'scope' && v !== undefined && SCOPE_NAMES.has(v)) {
      spec.scope = raw.scope = v;
      i++;
    } else if ((w === 'table' || w === 'metric') && v !== undefined) {
      if (w === 'metric' && !/^\d+$/.test(v)) return undefined;
      const t = tableOf(v);
      if (w === 'table') spec.table = raw.table = t;
      else spec.metric = raw.metric = t as number;
      i++;
    } else if (spec.to === '' && w !== 'to') spec.to = w;
    else if (w !== 'to') return undefined;
  }
  if (spec.to === '' || routeLine(spec) !== words.join(' ')) return undefined;
  return { to: spec.to, ...raw };
}

/** One rule line (from, to, iif, oif, fwmark, table, preference, no_track), written back word for word. */
export function ruleOf(words: string[]): Record<string, unknown> | undefined {
  const raw: Record<string, unknown> = {};
  const spec: RuleSpec = { table: '' };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const v = words[i + 1];
    if (w === 'no_track') spec.noTrack = raw.no_track = true;
    else if (v === undefined) return undefined;
    else if (['from', 'to', 'iif', 'oif'].includes(w)) {
      spec[w as 'from' | 'to' | 'iif' | 'oif'] = v;
      raw[w] = v;
      i++;
    } else if (w === 'table') {
      spec.table = raw.table = tableOf(v);
      i++;
    } else if ((w === 'fwmark' || w === 'preference') && /^\d+$/.test(v)) {
      spec[w] = raw[w] = Number(v);
      i++;
    } else return undefined;
  }
  if (spec.table === '' || ruleLine(spec) !== words.join(' ')) return undefined;
  return raw;
}

/** A static_ipaddress line: ADDRESS [brd B] dev D [scope S] [label L], in vipctl's order. */
export function staticAddressOf(words: string[]): Record<string, unknown> | undefined {
  const [address, ...rest] = words;
  const raw: Record<string, unknown> = { address };
  for (let i = 0; i < rest.length; i += 2) {
    const k = rest[i]!;
    const v = rest[i + 1];
    if (!['brd', 'dev', 'scope', 'label'].includes(k) || v === undefined || raw[k] !== undefined)
      return undefined;
    raw[k] = v;
  }
  if (raw.dev === undefined || (raw.scope !== undefined && !SCOPE_NAMES.has(raw.scope as string)))
    return undefined;
  const again = [
    address,
    ...(raw.brd !== undefined ? ['brd', raw.brd] : []),
    'dev',
    raw.dev,
    ...(raw.scope !== undefined ? ['scope', raw.scope] : []),
    ...(raw.label !== undefined ? ['label', raw.label] : []),
  ];
  return again.join(' ') === words.join(' ') ? raw : undefined;
}

/** A block of lines, each through `of`; undefined when one line is not modelled. */
function lines(path: string, of: (words: string[]) => Record<string, unknown> | undefined): Mapper {
  return (n) => {
    if (n.kind !== 'values') return undefined;
    const out: Record<string, unknown>[] = [];
    for (const l of n.values) {
      const v = of(l.map((t) => t.text));
      if (!v) return undefined;
      out.push(v);
    }
    return { [path]: out as unknown as FieldValue };
  };
}

/** Top-level static_* blocks → hosts.<name>.static_* (addresses and routes that stay on the host). */
export const STATIC_KEYWORDS: Record<string, Mapper> = {
  static_ipaddress: lines('static_ipaddress', staticAddressOf),
  // a static route has no src or no_track in the model
  static_routes: lines('static_routes', (w) =>
    w.includes('src') || w.includes('no_track') ? undefined : routeOf(w),
  ),
  static_rules: lines('static_rules', ruleOf),
};

/** Keywords handled together (unicast: the source is the host's address, the peers the other members'). */
export const UNICAST_KEYWORDS = new Set(['unicast_src_ip', 'unicast_peer']);

/** Can `extra` hold this keyword and value (lint EXT002/EXT003 and render's refusal, checked up front)? */
export function extraAllows(keyword: string, value: string | true | string[] | undefined): boolean {
  if (value === undefined || isDeniedExtra(keyword) || !/^[a-z][a-z0-9_]*$/.test(keyword)) return false;
  const values = value === true ? [] : Array.isArray(value) ? value : [value];
  return !values.some((v) => /[\n\r{}#!"\\]/.test(v));
}

/** The verbatim `extra` form of an instance keyword: true (flag), "words", or lines of a block. */
export function extraOf(n: ConfigNode): string | true | string[] | undefined {
  const quote = (t: Token): string => (t.quoted || /\s/.test(t.text) ? `"${t.text}"` : t.text);
  if (n.kind === 'values') return n.values.map((l) => l.map(quote).join(' '));
  if (n.kind === 'block') {
    // a block of keywords (only authentication in vrrp_instance) is written back as lines
    if (n.children.some((c) => c.kind !== 'keyword')) return undefined;
    return n.children.map((c) => [c.keyword, ...c.args.map(quote)].join(' '));
  }
  if (n.kind !== 'keyword') return undefined;
  return n.args.length === 0 ? true : n.args.map(quote).join(' ');
}
