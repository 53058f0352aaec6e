import { canonicalAddress, ipFamily, parseCidr } from '../inventory/ip.js';
import { checkerSchema, checkerTables, type RawChecker } from '../inventory/lvs/checkers.js';
import { virtualServerGroupLines, type RawGroupEntry } from '../inventory/lvs/group.js';
import {
  LB_ALGOS,
  VIRTUAL_SERVER_KEYWORDS,
  virtualServerLines,
  virtualServerSchema,
} from '../inventory/lvs/virtual-server.js';
import { REAL_SERVER_KEYWORDS, type RawRealServer } from '../inventory/lvs/real-server.js';
import { parseConfigText } from '../keepalived/parser.js';
import type { ConfigNode } from '../keepalived/types.js';
import { scriptValue, tableValue } from './mapping.js';

// keepalived's LVS blocks (virtual_server, virtual_server_group) read into the inventory's LVS model
// (src/inventory/lvs/). A block is mapped only when render writes it back as the same configuration: each one
// is read, rendered by the lvs modules and compared (lvsCanonical, also used by the round trip); anything else
// is listed as unmapped with its reason, never dropped.

const texts = (n: ConfigNode): string[] => n.args.map((a) => a.text);
const intOf = (v: string | undefined): number | undefined =>
  v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
const decOf = (v: string | undefined): number | undefined =>
  v !== undefined && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;

/** Thrown (and caught in this module) when a block has something the model cannot hold. */
class NotModelled extends Error {}
const fail = (why: string): never => {
  throw new NotModelled(why);
};

function only(n: ConfigNode, count: number): string[] {
  const a = texts(n);
  if (n.kind !== 'keyword' || a.length !== count) fail(`this form of ${n.keyword} is not modelled`);
  return a;
}

function flagOf(n: ConfigNode): true {
  only(n, 0);
  return true;
}

function scriptOf(n: ConfigNode): unknown {
  const [command, user, group] = texts(n);
  if (n.kind !== 'keyword' || command === undefined || n.args.length > 3)
    fail(`this form of ${n.keyword} is not modelled`);
  return scriptValue(command!, user, group) ?? fail(`${n.keyword}: a script command lint refuses`);
}

/** A plain keyword of the lvs modules' tables (VIRTUAL_SERVER_KEYWORDS, REAL_SERVER_KEYWORDS). */
function plain(
  n: ConfigNode,
  type: 'int' | 'decimal' | 'flag' | 'word',
  where: string,
): number | string | true {
  if (type === 'flag') return flagOf(n);
  const v = only(n, 1)[0]!;
  if (type === 'word') return v;
  return (type === 'int' ? intOf(v) : decOf(v)) ?? fail(`${where} ${n.keyword} "${v}" is not a number`);
}

function urlOf(n: ConfigNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of n.children) {
    if (out[c.keyword] !== undefined) fail(`url ${c.keyword} is written twice`);
    if (c.keyword === 'path' || c.keyword === 'digest' || c.keyword === 'virtualhost')
      out[c.keyword] = only(c, 1)[0];
    else if (c.keyword === 'status_code') {
      const a = texts(c);
      if (c.kind !== 'keyword' || a.length === 0) fail('this form of status_code is not modelled');
      out.status_code = a.length === 1 && /^\d+$/.test(a[0]!) ? Number(a[0]) : a.join(' ');
    } else fail(`url ${c.keyword} is not modelled`);
  }
  return out;
}

function checkerOf(n: ConfigNode): RawChecker {
  const type = n.keyword as RawChecker['type'];
  if (!['HTTP_GET', 'SSL_GET', 'TCP_CHECK', 'MISC_CHECK', 'DNS_CHECK'].includes(type) || n.kind !== 'block')
    fail(`${n.keyword} is not a checker the model has`);
  const out: Record<string, unknown> = { type };
  const tables = checkerTables(type);
  const urls: Record<string, unknown>[] = [];
  for (const c of n.children) {
    const k = c.keyword;
    const spec = tables.find((t) => t[k] !== undefined)?.[k];
    if (k === 'url' && (type === 'HTTP_GET' || type === 'SSL_GET') && c.kind === 'block') {
      urls.push(urlOf(c));
      continue;
    }
    const key = type === 'DNS_CHECK' && k === 'type' ? 'dns_type' : k;
    if (out[key] !== undefined) fail(`${type} ${k} is written twice`);
    if (spec) out[key] = tableValue(spec, c) ?? fail(`this form of ${type} ${k} is not modelled`);
    else if (type === 'MISC_CHECK' && k === 'misc_path') {
      if (c.kind !== 'keyword' || c.args.length === 0) fail('this form of misc_path is not modelled');
      const path = texts(c).join(' ');
      // the model holds a script path lint accepts (script security); a command with arguments is not modelled
      if (scriptValue(path, undefined, undefined) !== path)
        fail('misc_path: a command lint refuses or with arguments');
      out.misc_path = path;
    } else if (type === 'MISC_CHECK' && k === 'misc_timeout')
      out.misc_timeout = decOf(only(c, 1)[0]) ?? fail('misc_timeout is not a number');
    else if (type === 'MISC_CHECK' && k === 'misc_dynamic') out.misc_dynamic = flagOf(c);
    else if (type === 'MISC_CHECK' && k === 'user') out.user = only(c, 1)[0];
    else if (type === 'DNS_CHECK' && (k === 'type' || k === 'name')) out[key] = only(c, 1)[0];
    else fail(`${type} ${k} is not modelled`);
  }
  if (urls.length > 0) out.url = urls;
  const parsed = checkerSchema.safeParse(out);
  return parsed.success ? parsed.data : fail(`${type}: ${parsed.error.issues[0]?.message ?? 'not modelled'}`);
}

function realServerOf(n: ConfigNode): RawRealServer {
  const [address, port, more] = texts(n);
  if (n.kind !== 'block' || address === undefined || more !== undefined)
    fail('this form of real_server is not modelled');
  const out: Record<string, unknown> = { address };
  if (port !== undefined) out.port = intOf(port) ?? fail(`real_server port "${port}" is not a number`);
  for (const c of n.children) {
    const k = c.keyword;
    if (out[k] !== undefined || (out.check !== undefined && c.kind === 'block'))
      fail(`real_server ${k} is written twice`);
    const type = Object.hasOwn(REAL_SERVER_KEYWORDS, k) ? REAL_SERVER_KEYWORDS[k] : undefined;
    if (type) out[k] = plain(c, type, 'real_server');
    else if (k === 'notify_up' || k === 'notify_down') out[k] = scriptOf(c);
    else if (c.kind === 'block') out.check = checkerOf(c);
    else fail(`real_server ${k} is not modelled`);
  }
  return out as RawRealServer;
}

/** A virtual_server block as the model holds it; throws NotModelled otherwise. */
function readVirtualServer(n: ConfigNode): Record<string, unknown> {
  const [a, b, more] = texts(n);
  if (n.kind !== 'block' || a === undefined || b === undefined || more !== undefined)
    fail('this form of virtual_server is not modelled');
  const out: Record<string, unknown> = {};
  if (a === 'group') out.group = b;
  else if (a === 'fwmark') out.fwmark = intOf(b) ?? fail(`fwmark "${b}" is not a number`);
  else {
    out.address = a;
    out.port = intOf(b) ?? fail(`port "${b}" is not a number`);
  }
  const real: RawRealServer[] = [];
  for (const c of n.children) {
    const k = c.keyword;
    if (k === 'real_server') {
      real.push(realServerOf(c));
      continue;
    }
    if (out[k] !== undefined) fail(`virtual_server ${k} is written twice`);
    const type = Object.hasOwn(VIRTUAL_SERVER_KEYWORDS, k) ? VIRTUAL_SERVER_KEYWORDS[k] : undefined;
    if (type) out[k] = plain(c, type, 'virtual_server');
    else if (k === 'quorum_up' || k === 'quorum_down') out[k] = scriptOf(c);
    else if (k === 'sorry_server') {
      const [address, port, extra] = texts(c);
      if (c.kind !== 'keyword' || address === undefined || extra !== undefined)
        fail('this form of sorry_server is not modelled');
      out.sorry_server = {
        address,
        ...(port !== undefined && { port: intOf(port) ?? fail('sorry_server port is not a number') }),
      };
    } else fail(`virtual_server ${k} is not modelled`);
  }
  if (out.lb_algo !== undefined && !(LB_ALGOS as readonly string[]).includes(out.lb_algo as string))
    fail(`lb_algo ${String(out.lb_algo)} is not modelled`);
  // render always writes `protocol` (TCP by default): one left to keepalived's default is not the same config
  if (out.fwmark === undefined && out.protocol === undefined)
    fail('no protocol: render would write protocol TCP');
  out.real_servers = real;
  return out;
}

// ---- canonical form (the round trip compares these lines) -------------------------------------------------

const LVS_DEFAULTS: Record<string, string> = { lb_algo: 'wlc', lb_kind: 'NAT' };

/** A virtual_server or virtual_server_group as canonical lines (keepalived's defaults written out). */
export function lvsCanonical(n: ConfigNode): string[] {
  const out: string[] = [];
  const walk = (node: ConfigNode, section: string): void => {
    let url = 0;
    for (const c of node.children) {
      if (c.kind === 'unknown') continue;
      const head = [c.keyword, ...texts(c)].join(' ');
      if (c.kind === 'block') walk(c, `${section} / ${head}${c.keyword === 'url' ? ` #${url++}` : ''}`);
      else if (c.kind === 'values')
        for (const v of c.values) out.push(`${section} ${c.keyword}: ${v.map((t) => t.text).join(' ')}`);
      else out.push(`${section} ${head}`);
    }
    if (node.keyword === 'virtual_server' && node === n)
      for (const [k, v] of Object.entries(LVS_DEFAULTS))
        if (!node.children.some((c) => c.keyword === k)) out.push(`${section} ${k} ${v}`);
  };
  const section = [n.keyword, ...texts(n)].join(' ');
  if (n.kind === 'values')
    for (const v of n.values) out.push(`${section}: ${v.map((t) => t.text).join(' ')}`);
  else walk(n, section);
  return out.sort();
}

/** Do these rendered lines parse to the same configuration as the original node? */
function sameAsRendered(n: ConfigNode, lines: string[]): boolean {
  const rendered = parseConfigText(lines.join('\n') + '\n', 'rendered');
  const back = rendered.nodes[0];
  if (rendered.nodes.length !== 1 || !back) return false;
  return JSON.stringify(lvsCanonical(n)) === JSON.stringify(lvsCanonical(back));
}

export type LvsRead<T> = { value: T } | { why: string };

function attempt<T>(read: () => T, render: (v: T) => string[], n: ConfigNode): LvsRead<T> {
  try {
    const value = read();
    let lines: string[];
    try {
      lines = render(value);
    } catch {
      return { why: 'a value render cannot write as keepalived reads it' };
    }
    return sameAsRendered(n, lines)
      ? { value }
      : { why: 'render would not write it back as the same configuration' };
  } catch (e) {
    if (e instanceof NotModelled) return { why: e.message };
    throw e;
  }
}

/** A virtual_server block read into the model, checked to render back the same. */
export function virtualServerOf(n: ConfigNode): LvsRead<Record<string, unknown>> {
  return attempt(
    () => {
      const raw = readVirtualServer(n);
      const parsed = virtualServerSchema.safeParse(raw);
      if (!parsed.success) fail(parsed.error.issues[0]?.message ?? 'not modelled');
      return raw;
    },
    (raw) => virtualServerLines(virtualServerSchema.parse(raw)),
    n,
  );
}

/** A virtual_server_group read into entries (ADDRESS PORT or fwmark N), checked to render back the same. */
export function virtualServerGroupOf(n: ConfigNode): LvsRead<{ name: string; entries: RawGroupEntry[] }> {
  return attempt(
    () => {
      const [name, more] = texts(n);
      if (n.kind !== 'values' || name === undefined || more !== undefined)
        fail('this form of virtual_server_group is not modelled');
      const entries = n.values.map((l): RawGroupEntry => {
        const [a, b, c] = l.map((t) => t.text);
        if (c !== undefined || b === undefined)
          fail(`group entry "${l.map((t) => t.text).join(' ')}" is not modelled`);
        if (a === 'fwmark') return { fwmark: intOf(b) ?? fail(`fwmark "${b}" is not a number`) };
        if (!ipFamily(a!) || a!.includes('/'))
          fail(`group entry "${a} ${b}" is not an address and port (a range?)`);
        return { address: a!, port: intOf(b) ?? fail(`port "${b}" is not a number`) };
      });
      return { name: name!, entries };
    },
    (g) => virtualServerGroupLines(g.name, g.entries),
    n,
  );
}

/** The addresses (canonical) of a cluster's VIPs as the inventory holds them. */
export function vipSet(vips: unknown): Set<string> {
  const out = new Set<string>();
  for (const v of (vips as (string | { address: string })[] | undefined) ?? []) {
    const text = typeof v === 'string' ? v : v.address;
    const cidr = parseCidr(text);
    const a = cidr ? cidr.address : text;
    if (ipFamily(a)) out.add(canonicalAddress(a));
  }
  return out;
}
