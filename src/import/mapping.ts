import { ipFamily, maxPrefix } from '../inventory/ip.js';
import type { RawVip } from '../inventory/schema.js';
import type { ConfigNode, Token } from '../keepalived/types.js';

// How each keyword of a vrrp_instance becomes inventory fields: one table entry per keyword. An entry returns
// the fields it sets ("cluster.x" or "member.x" paths, see build.ts), or undefined when this occurrence cannot
// be modelled (it then goes to `extra` verbatim). A keyword with no entry goes to `extra` too. When the
// inventory model grows (issue #13), supporting a new field is one entry here.

export type FieldValue = string | number | boolean | string[] | RawVip[] | Record<string, unknown>;
export type Fields = Record<string, FieldValue>;

export interface MapContext {
  /** vrrp_script definitions of this host's config, by name */
  scripts: ReadonlyMap<string, ConfigNode>;
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

const SCRIPT_FIELDS: Record<string, 'script' | 'interval' | 'weight' | 'fall' | 'rise'> = {
  script: 'script',
  interval: 'interval',
  weight: 'weight',
  fall: 'fall',
  rise: 'rise',
};

/** A vrrp_script the model holds: script, interval, weight, fall, rise (each once). */
export function trackScriptOf(def: ConfigNode): Record<string, string | number> | undefined {
  const out: Record<string, string | number> = {};
  for (const c of def.children) {
    const key = SCRIPT_FIELDS[c.keyword];
    if (key === undefined || out[key] !== undefined) return undefined;
    if (key === 'script') {
      // keepalived joins the words of an unquoted command; the template writes it quoted
      if (c.args.length === 0) return undefined;
      out.script = c.args.map((a) => a.text).join(' ');
    } else {
      const v = c.args.length === 1 && /^-?\d+$/.test(c.args[0]!.text) ? Number(c.args[0]!.text) : undefined;
      if (v === undefined) return undefined;
      out[key] = v;
    }
  }
  if (out.script === undefined) return undefined;
  // keepalived runs a vrrp_script every second unless told; vipctl's default is 2, so write it
  out.interval ??= 1;
  return out;
}

function trackScripts(n: ConfigNode, ctx: MapContext): Fields | undefined {
  const out: Record<string, unknown> = {};
  for (const line of n.values) {
    if (line.length !== 1) return undefined; // `name weight N` overrides are not modelled
    const def = ctx.scripts.get(line[0]!.text);
    const spec = def ? trackScriptOf(def) : undefined;
    if (!spec) return undefined;
    out[line[0]!.text] = spec;
  }
  return { 'cluster.track_scripts': out };
}

function trackInterfaces(n: ConfigNode): Fields | undefined {
  if (n.values.some((l) => l.length !== 1)) return undefined; // `eth1 weight 20` is not modelled
  return { 'cluster.track_interfaces': n.values.map((l) => l[0]!.text) };
}

function authentication(n: ConfigNode): Fields | undefined {
  const type = n.children.find((c) => c.keyword === 'auth_type');
  const pass = n.children.find((c) => c.keyword === 'auth_pass');
  if (n.children.length !== (pass ? 2 : 1) || !type || one(type) !== 'PASS' || !pass || !one(pass))
    return undefined;
  return { 'auth.type': 'PASS', 'auth.password': one(pass)! };
}

function notify(kind: 'master' | 'backup' | 'fault' | 'stop'): Mapper {
  return (n) => (n.args.length === 1 ? { [`cluster.notify.${kind}`]: n.args[0]!.text } : undefined);
}

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
  track_script: trackScripts,
  notify_master: notify('master'),
  notify_backup: notify('backup'),
  notify_fault: notify('fault'),
  notify_stop: notify('stop'),
  garp_master_delay: (n) => field('cluster.garp.master_delay', int(n)),
  garp_master_repeat: (n) => field('cluster.garp.master_repeat', int(n)),
  garp_master_refresh: (n) => field('cluster.garp.master_refresh', int(n)),
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
