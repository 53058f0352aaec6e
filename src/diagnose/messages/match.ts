// A keepalived log line → the catalog message (printf format) that printed it. Formats become anchored regular
// expressions; a line is tried only against formats whose longest literal piece it contains, and the format with
// the most literal text wins (so "(%s) %s" never beats a specific message).
import { CATALOG } from './catalog.js';
import type { CatalogMessage } from './types.js';

interface Compiled {
  msg: CatalogMessage;
  re: RegExp;
  /** longest literal piece, to skip formats cheaply */
  key: string;
  /** literal characters: more is more specific */
  weight: number;
}

const CONV = /%[-+ #0']*(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|z|j|t|L|q)?([a-zA-Z%])/g;

function piece(conv: string): string {
  switch (conv) {
    case '%':
      return '%';
    case 'd':
    case 'i':
    case 'u':
      return '-?\\d+';
    case 'x':
    case 'X':
      return '[0-9a-fA-F]+';
    case 'c':
      return '.';
    case 'f':
    case 'g':
    case 'e':
      return '[-+0-9.eE]+|inf|nan';
    default:
      // %s, %m (strerror), %p and anything unusual: any text
      return '.*?';
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function formatToRegex(format: string): { source: string; literals: string[] } {
  const literals: string[] = [];
  let source = '';
  let last = 0;
  // runs of spaces in a format print as they are, but logs and terminals may squeeze or pad them
  const lit = (s: string): string => escape(s).replace(/\s+/g, '\\s+');
  for (const m of format.matchAll(CONV)) {
    const text = format.slice(last, m.index);
    literals.push(text);
    source += lit(text);
    source += m[4] === '%' ? '%' : `(?:${piece(m[4]!)})`;
    last = m.index + m[0].length;
  }
  literals.push(format.slice(last));
  source += lit(format.slice(last));
  return { source, literals: literals.map((l) => l.trim()).filter((l) => l !== '') };
}

/** report_config_error prefixes the file and line it reads: "(FILE: Line N) " or "(Line N) ". */
const CONFIG_PREFIX = '(?:\\((?:[^()]*: )?Line \\d+\\) )?';

let compiled: Compiled[] | undefined;

function compile(): Compiled[] {
  compiled ??= CATALOG.map((msg) => {
    const { source, literals } = formatToRegex(msg.format);
    const key = literals.reduce((a, b) => (b.length > a.length ? b : a), '');
    return {
      msg,
      re: new RegExp(`^${CONFIG_PREFIX}${source}\\s*$`, 's'),
      key: key.split(/\s+/).reduce((a, b) => (b.length > a.length ? b : a), ''),
      weight: literals.join('').length,
    };
  }).sort((a, b) => b.weight - a.weight);
  return compiled;
}

const cache = new Map<string, CatalogMessage | null>();

/**
 * The most specific catalog message that prints exactly this text (a log line's message part). With the
 * host's keepalived version, a message that version prints wins over one only other versions print.
 */
export function matchMessage(text: string, version?: string): CatalogMessage | undefined {
  const cacheKey = `${version ?? ''}\u0000${text}`;
  const hit = cache.get(cacheKey);
  if (hit !== undefined) return hit ?? undefined;
  const all = compile().filter((c) => text.includes(c.key) && c.re.test(text));
  const found = (
    (version !== undefined ? all.find((c) => c.msg.sites[version] !== undefined) : undefined) ?? all[0]
  )?.msg;
  if (cache.size > 50_000) cache.clear();
  cache.set(cacheKey, found ?? null);
  return found;
}

export function catalogSize(): number {
  return compile().length;
}
