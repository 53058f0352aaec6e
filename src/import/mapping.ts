import { ipFamily, maxPrefix } from '../inventory/ip.js';
import type { RawVip } from '../inventory/schema.js';
import type { ConfigNode, Token } from '../keepalived/types.js';
import { isDeniedExtra } from '../inventory/vrrp/extra.js';
import { GARP_KEYWORDS, INSTANCE_KEYWORDS as OPTION_KEYWORDS } from '../inventory/vrrp/instance-options.js';
import type { KeywordSpec } from '../inventory/vrrp/kit.js';

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

/** A VIP line the model holds: address[/prefix] [dev X] [label Y]; anything else stays verbatim. */
export function vipOf(words: Token[]): RawVip | undefined {
  const [addr, ...rest] = words.map((w) => w.text);
  const [address, prefixText, more] = addr!.split('/');
  const family = ipFamily(address!);
  if (family === undefined || more !== undefined) return undefined;
  if (prefixText !== undefined && !/^\d+$/.test(prefixText)) return undefined;
  const opts: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const k = rest[i]!;
    const v = rest[i + 1];
    if ((k !== 'dev' && k !== 'label') || v === undefined || opts[k] !== undefined) return undefined;
    opts[k] = v;
  }
  const prefix = prefixText === undefined ? undefined : Number(prefixText);
  // `10.0.0.5/32` and `10.0.0.5` are the same address for keepalived; the inventory writes the bare one
  const text = prefix === undefined || prefix === maxPrefix(family) ? address! : `${address}/${prefix}`;
  if (Object.keys(opts).length === 0) return text;
  return { address: text, ...opts };
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

/** `notify_* PATH [user [group]]`: the path as keepalived reads it (one word, or the quoted command). */
function notify(kind: string): Mapper {
  return (n) => {
    const [path, user, group] = texts(n);
    if (path === undefined || n.args.length > 3) return undefined;
    const value = user === undefined ? path : { path, user, ...(group !== undefined && { group }) };
    return { [`cluster.notify.${kind}`]: value };
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
};

/** Keywords handled together (unicast: the source is the host's address, the peers the other members'). */
export const UNICAST_KEYWORDS = new Set(['unicast_src_ip', 'unicast_peer']);

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
