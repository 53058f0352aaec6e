import { ipFamily, maxPrefix } from '../inventory/ip.js';
import { loadInventoryTexts } from '../inventory/load.js';
import { renderHostConfig } from '../render/render.js';
import { parseConfigText } from '../keepalived/parser.js';
import type { ConfigNode, Loc, ParsedConfig } from '../keepalived/types.js';
import type { Unmapped } from './build.js';
import { lvsCanonical } from './lvs.js';

// The import contract: render(import(config)) parses, with the same parser, to the same configuration.
// Both sides are reduced to canonical lines (per vrrp_instance and vrrp_script: keyword and values; VIP blocks
// as one set, since render moves the other family's VIPs to virtual_ipaddress_excluded; keepalived's defaults
// written out) and compared. Documented normalizations are not differences: the managed-file header, script
// security added to global_defs when scripts exist. What import reported as unmapped is expected to be missing.

export interface RoundTripResult {
  host: string;
  /** lines of the original that the rendered config lacks (not counting unmapped ones) */
  missing: string[];
  /** lines the rendered config has that the original has not */
  added: string[];
  /** lines missing because import could not map them (listed in its summary) */
  expectedMissing: number;
}

const locKey = (l: Loc): string => `${l.file}:${l.line}:${l.column}`;

function vipLine(words: string[]): string {
  const [addr, ...rest] = words;
  const [a, p] = addr!.split('/');
  const fam = ipFamily(a!);
  const bare = fam !== undefined && (p === undefined || Number(p) === maxPrefix(fam));
  return ['vip', bare ? a : addr, ...rest].join(' ');
}

const DEFINITIONS: Record<string, { ref: string; weight: string[] }> = {
  vrrp_script: { ref: 'track_script', weight: [] },
  vrrp_track_process: { ref: 'track_process', weight: ['weight', '1'] },
  track_file: { ref: 'track_file', weight: ['weight', '1'] },
};
const REFERENCES = new Set(Object.values(DEFINITIONS).map((d) => d.ref));

/** Keywords whose value is a command keepalived splits at whitespace. */
const COMMANDS = /^(notify(_\w+)?|script)$/;

const DEFAULTS: Record<string, string> = { state: 'BACKUP', priority: '100', advert_int: '1' };

function canonical(parsed: ParsedConfig, skip: Set<string>): { lines: Map<string, number>; skipped: number } {
  const lines = new Map<string, number>();
  let skipped = 0;
  const add = (l: string): void => {
    lines.set(l, (lines.get(l) ?? 0) + 1);
  };
  // A tracker's weight may be written on its definition or on the reference (which wins); keepalived's
  // defaults are 0 for scripts and 1 for processes and files. Both sides are compared as the reference's.
  const weights = new Map<string, string[]>();
  for (const n of parsed.nodes) {
    const kind = DEFINITIONS[n.keyword];
    if (kind === undefined) continue;
    const w = n.children.find((c) => c.keyword === 'weight');
    const words = w ? ['weight', ...w.args.map((a) => a.text)] : kind.weight;
    if (words.length > 0) weights.set(`${kind.ref}:${n.args[0]?.text ?? ''}`, words);
  }
  const body = (section: string, n: ConfigNode, defaults: Record<string, string>): void => {
    const present = new Set<string>();
    const definition = DEFINITIONS[n.keyword] !== undefined;
    for (const c of n.children) {
      if (c.kind === 'unknown' || (definition && c.keyword === 'weight')) continue;
      if (skip.has(locKey(c.loc))) {
        skipped++;
        continue;
      }
      present.add(c.keyword);
      const args = c.args.map((a) => a.text).join(' ');
      if (c.kind === 'values') {
        // a sync group's `group` reads every word of its lines as a name (keepalived's read_value_block)
        const lines =
          n.keyword === 'vrrp_sync_group' && c.keyword === 'group'
            ? c.values.flat().map((w) => [w])
            : c.values;
        for (const v of lines) {
          let words = v.map((t) => t.text);
          if (REFERENCES.has(c.keyword) && words.length === 1)
            words = [...words, ...(weights.get(`${c.keyword}:${words[0]}`) ?? [])];
          add(
            c.keyword.startsWith('virtual_ipaddress')
              ? `${section} ${vipLine(words)}`
              : `${section} ${c.keyword}: ${words.join(' ')}`,
          );
        }
      } else if (c.kind === 'block') {
        for (const g of c.children)
          add(`${section} ${c.keyword}.${g.keyword} ${g.args.map((a) => a.text).join(' ')}`);
      } else {
        // a script's command is split at spaces by keepalived: "a.sh  X" and "a.sh X" are the same command
        const words = COMMANDS.test(c.keyword) ? args.split(/\s+/).join(' ') : args;
        add(`${section} ${c.keyword}${words ? ` ${words}` : ''}`);
      }
    }
    for (const [k, v] of Object.entries(defaults)) if (!present.has(k)) add(`${section} ${k} ${v}`);
  };
  for (const n of parsed.nodes) {
    if (skip.has(locKey(n.loc))) {
      skipped++;
      continue;
    }
    const name = n.args[0]?.text ?? '';
    if (n.keyword === 'vrrp_instance') body(`vrrp_instance ${name}`, n, DEFAULTS);
    else if (n.keyword === 'vrrp_script') body(`vrrp_script ${name}`, n, { interval: '1' });
    else if (n.keyword === 'vrrp_track_process' || n.keyword === 'track_file')
      body(`${n.keyword} ${name}`, n, {});
    else if (n.keyword === 'vrrp_sync_group') body(`vrrp_sync_group ${name}`, n, {});
    else if (n.keyword === 'global_defs') body('global_defs', n, {});
    else if (n.keyword === 'virtual_server' || n.keyword === 'virtual_server_group')
      for (const l of lvsCanonical(n)) add(l);
  }
  return { lines, skipped };
}

/**
 * Documented normalizations of global_defs: render adds script security (enable_script_security, script_user
 * root) whenever scripts run, and router_id (the inventory's host name) when the original had none.
 */
function normalizeGlobals(a: Map<string, number>, b: Map<string, number>): void {
  for (const m of [a, b])
    for (const l of [...m.keys()])
      if (l.startsWith('global_defs enable_script_security') || l === 'global_defs script_user root')
        m.delete(l);
  if (![...a.keys()].some((l) => l.startsWith('global_defs router_id ')))
    for (const l of [...b.keys()]) if (l.startsWith('global_defs router_id ')) b.delete(l);
}

function diff(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [l, n] of a) for (let k = b.get(l) ?? 0; k < n; k++) out.push(l);
  return out;
}

/** Never print a password: auth_pass lines are compared, but shown masked. */
const mask = (l: string): string => l.replace(/(authentication\.auth_pass) .*/, '$1 ********');

/**
 * Renders every host of the imported inventory (given as YAML with inline secrets, never written) and
 * compares it with the config it was imported from.
 */
export function checkRoundTrip(
  inventoryYaml: string,
  originals: { host: string; parsed: ParsedConfig }[],
  unmapped: Unmapped[],
): RoundTripResult[] {
  const { inventory } = loadInventoryTexts(new Map([['imported.yaml', inventoryYaml]]));
  const skip = new Set(unmapped.map((u) => locKey(u.loc)));
  return originals.map(({ host, parsed }) => {
    const { text } = renderHostConfig(inventory, host);
    const rendered = parseConfigText(text, `rendered:${host}`);
    const a = canonical(parsed, skip);
    const b = canonical(rendered, new Set());
    normalizeGlobals(a.lines, b.lines);
    return {
      host,
      missing: diff(a.lines, b.lines).map(mask),
      added: diff(b.lines, a.lines).map(mask),
      expectedMissing: a.skipped,
    };
  });
}
