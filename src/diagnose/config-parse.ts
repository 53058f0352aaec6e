// Just enough of keepalived.conf to compare cluster members: each vrrp_instance's identity and VRRP parameters.
// Not a validator (keepalived -t is); unknown blocks are skipped.

export interface InstanceConfig {
  name: string;
  interface?: string;
  virtualRouterId?: number;
  priority?: number;
  state?: string;
  advertInt?: number;
  authType?: string;
  /** keepalived uses only the first 8 characters; kept to compare members, never printed */
  authPass?: string;
  vips: string[];
  /** each virtual_ipaddress line as written: prefix (default /32, /128) and dev when given */
  vipSpecs: { address: string; prefix: number; dev?: string }[];
  unicastPeers: string[];
  unicastSrcIp?: string;
  vrrpVersion?: number;
  notifyScripts: string[];
  trackScripts: string[];
}

interface Token {
  text: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#!].*$/, '');
    const re = /"([^"]*)"|([{}])|([^\s{}"]+)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line)) !== null) tokens.push({ text: m[1] ?? m[2] ?? m[3] ?? '' });
    tokens.push({ text: '\n' });
  }
  return tokens;
}

/** Lines of a block as arrays of words; nested blocks as {key, body}. */
type Item = { words: string[] } | { key: string[]; body: Item[] };

function parseBlock(tokens: Token[], pos: { i: number }): Item[] {
  const items: Item[] = [];
  let words: string[] = [];
  const flush = (): void => {
    if (words.length > 0) items.push({ words });
    words = [];
  };
  while (pos.i < tokens.length) {
    const t = tokens[pos.i++]!.text;
    if (t === '\n') flush();
    else if (t === '{') {
      const key = words;
      words = [];
      items.push({ key, body: parseBlock(tokens, pos) });
    } else if (t === '}') {
      flush();
      return items;
    } else words.push(t);
  }
  flush();
  return items;
}

function num(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function blockWords(body: Item[]): string[][] {
  return body.flatMap((i) => ('words' in i ? [i.words] : []));
}

export function parseKeepalivedConfig(text: string): { instances: InstanceConfig[]; vrrpVersion?: number } {
  const top = parseBlock(tokenize(text), { i: 0 });
  let vrrpVersion: number | undefined;
  const instances: InstanceConfig[] = [];
  for (const item of top) {
    if (!('key' in item)) continue;
    if (item.key[0] === 'global_defs') {
      for (const w of blockWords(item.body)) if (w[0] === 'vrrp_version') vrrpVersion = num(w[1]);
    }
    if (item.key[0] !== 'vrrp_instance') continue;
    const inst: InstanceConfig = {
      name: item.key[1] ?? '?',
      vips: [],
      vipSpecs: [],
      unicastPeers: [],
      notifyScripts: [],
      trackScripts: [],
    };
    for (const sub of item.body) {
      if ('words' in sub) {
        const [k, v] = sub.words;
        if (k === 'interface') inst.interface = v;
        else if (k === 'virtual_router_id') inst.virtualRouterId = num(v);
        else if (k === 'priority') inst.priority = num(v);
        else if (k === 'state') inst.state = v;
        else if (k === 'advert_int') inst.advertInt = num(v);
        else if (k === 'unicast_src_ip') inst.unicastSrcIp = v;
        else if (k === 'version') inst.vrrpVersion = num(v);
        else if (k !== undefined && /^notify(_master|_backup|_fault|_stop)?$/.test(k) && v)
          inst.notifyScripts.push(v);
        continue;
      }
      const words = blockWords(sub.body);
      if (sub.key[0] === 'authentication') {
        for (const [k, v] of words) {
          if (k === 'auth_type') inst.authType = v;
          if (k === 'auth_pass') inst.authPass = v;
        }
      } else if (sub.key[0] === 'virtual_ipaddress') {
        for (const w of words) {
          if (!w[0]) continue;
          const address = w[0].replace(/\/\d+$/, '');
          const prefix = /\/(\d+)$/.exec(w[0])?.[1];
          const dev = w[w.indexOf('dev') + 1];
          inst.vips.push(address);
          inst.vipSpecs.push({
            address,
            prefix: prefix !== undefined ? Number(prefix) : address.includes(':') ? 128 : 32,
            ...(w.includes('dev') && dev ? { dev } : {}),
          });
        }
      } else if (sub.key[0] === 'unicast_peer') {
        for (const w of words) if (w[0]) inst.unicastPeers.push(w[0]);
      } else if (sub.key[0] === 'track_script') {
        for (const w of words) if (w[0]) inst.trackScripts.push(w[0]);
      }
    }
    instances.push(inst);
  }
  return { instances, vrrpVersion };
}
