import { vrrpConf } from './instances.js';
import { parseConfigText } from './parser.js';

// Each vrrp_instance's identity and VRRP parameters, as diagnose compares cluster members, read with the real
// parser (keepalived's comment, quote, brace and keyword rules; it replaced diagnose's own small parser). Where
// keepalived keeps the last of a repeated keyword, so does this.

export interface InstanceSummary {
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

const num = (v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

export function summarizeKeepalivedConfig(
  text: string,
  file = 'keepalived.conf',
): { instances: InstanceSummary[]; vrrpVersion?: number } {
  const parsed = parseConfigText(text, file);
  const conf = vrrpConf(parsed);
  let vrrpVersion: number | undefined;
  for (const g of conf.globalDefs)
    for (const c of g.children) if (c.keyword === 'vrrp_version') vrrpVersion = num(c.args[0]?.text);
  const instances = conf.instances.map((i) => {
    const s: InstanceSummary = {
      name: i.name || '?',
      vips: i.vips.map((v) => v.address),
      vipSpecs: i.vips.map((v) => {
        const d = v.words.indexOf('dev');
        const dev = d > 0 ? v.words[d + 1] : undefined;
        return {
          address: v.address,
          prefix: v.prefix ?? (v.address.includes(':') ? 128 : 32),
          ...(dev ? { dev } : {}),
        };
      }),
      unicastPeers: i.unicastPeers.map((p) => p.value),
      notifyScripts: i.notifyScripts.map((n) => n.value),
      trackScripts: i.trackScripts.map((t) => t.value),
    };
    const version = i.node.children.filter((c) => c.keyword === 'version').pop()?.args[0]?.text;
    const fields: [keyof InstanceSummary, string | number | undefined][] = [
      ['interface', i.interface?.value],
      ['virtualRouterId', num(i.virtualRouterId?.value)],
      ['priority', num(i.priority?.value)],
      ['state', i.state?.value],
      ['advertInt', num(i.advertInt?.value)],
      ['authType', i.authType?.value],
      ['authPass', i.authPass?.value],
      ['unicastSrcIp', i.unicastSrcIp?.value],
      ['vrrpVersion', num(version)],
    ];
    for (const [k, v] of fields) if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v;
    return s;
  });
  return vrrpVersion === undefined ? { instances } : { instances, vrrpVersion };
}
