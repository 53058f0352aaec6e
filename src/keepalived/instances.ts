import type { ConfigNode, Loc, ParsedConfig, Token } from './types.js';

// The VRRP side of a parsed config as plain data: what check-config judges and import maps. Each value keeps
// the position it was written at. Nothing is dropped: `nodes` is the instance's whole block.

export interface Located<T> {
  value: T;
  loc: Loc;
}

export interface VipConf {
  /** the whole line as written (address, then dev/label/scope/… words) */
  words: string[];
  address: string;
  prefix?: number;
  loc: Loc;
}

export interface InstanceConf {
  name: string;
  loc: Loc;
  node: ConfigNode;
  state?: Located<string>;
  interface?: Located<string>;
  virtualRouterId?: Located<string>;
  priority?: Located<string>;
  advertInt?: Located<string>;
  authType?: Located<string>;
  authPass?: Located<string>;
  vips: VipConf[];
  excludedVips: VipConf[];
  unicastSrcIp?: Located<string>;
  unicastPeers: Located<string>[];
  nopreempt?: Loc;
  trackScripts: Located<string>[];
  notifyScripts: Located<string>[];
}

export interface ScriptConf {
  name: string;
  loc: Loc;
  node: ConfigNode;
  script?: Located<string>;
}

export interface VrrpConf {
  instances: InstanceConf[];
  scripts: ScriptConf[];
  syncGroups: ConfigNode[];
  globalDefs: ConfigNode[];
  /** top-level blocks that are not VRRP (virtual_server, …) */
  others: ConfigNode[];
}

/** The first `keyword` line in a block. */
export function child(node: ConfigNode, keyword: string): ConfigNode | undefined {
  return node.children.find((c) => c.keyword === keyword);
}

function arg(node: ConfigNode | undefined, i = 0): Located<string> | undefined {
  const t: Token | undefined = node?.args[i];
  return t ? { value: t.text, loc: t.loc } : undefined;
}

/** The last occurrence wins in keepalived (each handler overwrites), so read the last one. */
function lastArg(node: ConfigNode, keyword: string): Located<string> | undefined {
  const all = node.children.filter((c) => c.keyword === keyword);
  return arg(all[all.length - 1]);
}

function vip(words: Token[]): VipConf {
  const first = words[0]!;
  const [address, prefix] = first.text.split('/');
  const v: VipConf = { words: words.map((w) => w.text), address: address!, loc: first.loc };
  if (prefix !== undefined && /^\d+$/.test(prefix)) v.prefix = Number(prefix);
  return v;
}

function instance(node: ConfigNode): InstanceConf {
  const auth = child(node, 'authentication');
  const inst: InstanceConf = {
    name: node.args[0]?.text ?? '',
    loc: node.loc,
    node,
    vips: node.children.filter((c) => c.keyword === 'virtual_ipaddress').flatMap((c) => c.values.map(vip)),
    excludedVips: node.children
      .filter((c) => c.keyword === 'virtual_ipaddress_excluded')
      .flatMap((c) => c.values.map(vip)),
    unicastPeers: node.children
      .filter((c) => c.keyword === 'unicast_peer')
      .flatMap((c) => c.values.map((v) => ({ value: v[0]!.text, loc: v[0]!.loc }))),
    trackScripts: node.children
      .filter((c) => c.keyword === 'track_script')
      .flatMap((c) => c.values.map((v) => ({ value: v[0]!.text, loc: v[0]!.loc }))),
    notifyScripts: node.children
      .filter((c) => c.keyword.startsWith('notify'))
      .flatMap((c) => (c.args[0] ? [{ value: c.args[0].text, loc: c.args[0].loc }] : [])),
  };
  const set = <K extends keyof InstanceConf>(k: K, v: InstanceConf[K] | undefined): void => {
    if (v !== undefined) inst[k] = v;
  };
  set('state', lastArg(node, 'state'));
  set('interface', lastArg(node, 'interface'));
  set('virtualRouterId', lastArg(node, 'virtual_router_id'));
  set('priority', lastArg(node, 'priority'));
  set('advertInt', lastArg(node, 'advert_int'));
  set('unicastSrcIp', lastArg(node, 'unicast_src_ip'));
  if (auth) {
    set('authType', lastArg(auth, 'auth_type'));
    set('authPass', lastArg(auth, 'auth_pass'));
  }
  const nopreempt = node.children.filter((c) => c.keyword === 'nopreempt').pop();
  if (nopreempt) inst.nopreempt = nopreempt.loc;
  return inst;
}

/** The VRRP instances, scripts and other blocks of a parsed config, in file order. */
export function vrrpConf(parsed: Pick<ParsedConfig, 'nodes'>): VrrpConf {
  const out: VrrpConf = { instances: [], scripts: [], syncGroups: [], globalDefs: [], others: [] };
  for (const n of parsed.nodes) {
    if (n.kind === 'unknown') continue;
    if (n.keyword === 'vrrp_instance') out.instances.push(instance(n));
    else if (n.keyword === 'vrrp_script') {
      const s: ScriptConf = { name: n.args[0]?.text ?? '', loc: n.loc, node: n };
      const script = lastArg(n, 'script');
      if (script) s.script = script;
      out.scripts.push(s);
    } else if (n.keyword === 'vrrp_sync_group') out.syncGroups.push(n);
    else if (n.keyword === 'global_defs') out.globalDefs.push(n);
    else out.others.push(n);
  }
  return out;
}
