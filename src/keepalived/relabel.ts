import type { ConfigNode, Loc, ParsedConfig } from './types.js';

/** Names every position of a config read from a host as HOST:PATH, so findings of several hosts stay apart. */
export function relabelHost(parsed: ParsedConfig, host: string): ParsedConfig {
  const seen = new Set<Loc>();
  const fix = (l: Loc | undefined): void => {
    if (!l || seen.has(l)) return;
    seen.add(l);
    l.file = `${host}:${l.file}`;
  };
  const walk = (nodes: ConfigNode[]): void => {
    for (const n of nodes) {
      fix(n.loc);
      fix(n.end);
      for (const t of n.args) fix(t.loc);
      for (const v of n.values) for (const t of v) fix(t.loc);
      walk(n.children);
    }
  };
  walk(parsed.nodes);
  for (const d of parsed.diagnostics) fix(d.location);
  return {
    ...parsed,
    file: `${host}:${parsed.file}`,
    files: parsed.files.map((f) => `${host}:${f}`),
    sources: new Map([...parsed.sources].map(([k, v]) => [`${host}:${k}`, v])),
  };
}
