import { nearest } from '../inventory/suggest.js';
import { KEYWORDS } from './keywords.data.js';

// keepalived's keyword tree (generated from its source by scripts/keepalived-keywords.py): which keywords
// exist at each level and which of them open a block. keepalived decides structure from this table, not from
// the braces: a `{` after a keyword that takes none is ignored ("Unexpected '{'") and its `}` closes the
// enclosing block, so the parser needs the same table to read a file the way keepalived does.

export interface KeywordSpec {
  /** "keywords": a block of sub-keywords; "values": a block the keyword reads as lines of values */
  block?: 'keywords' | 'values';
  sub?: KeywordTable;
}

export type KeywordTable = Record<string, KeywordSpec>;

export const ROOT: KeywordSpec = { block: 'keywords', sub: KEYWORDS };

/**
 * Value blocks whose keyword takes a name before its `{` (keepalived's handler reads strvec[1] as the name, then
 * alloc_value_block): `virtual_server_group NAME { … }`. Not in the generated table: the generator sees only
 * that the keyword reads a value block. Only words after the name are extra parameters (KC010).
 */
export const NAMED_VALUE_BLOCKS: ReadonlySet<string> = new Set(['virtual_server_group']);

/** The spec of `keyword` inside the block described by `parent`, or undefined when keepalived does not know it. */
export function lookupKeyword(parent: KeywordSpec, keyword: string): KeywordSpec | undefined {
  const sub = parent.sub;
  return sub !== undefined && Object.hasOwn(sub, keyword) ? sub[keyword] : undefined;
}

/** Every keyword known in any block (for "known elsewhere" hints). */
function allKeywords(table: KeywordTable, path: string[], out: Map<string, string[][]>): void {
  for (const [name, spec] of Object.entries(table)) {
    const paths = out.get(name) ?? [];
    paths.push(path);
    out.set(name, paths);
    if (spec.sub) allKeywords(spec.sub, [...path, name], out);
  }
}

let everywhere: Map<string, string[][]> | undefined;

/** The blocks (paths of keywords from the top) where `keyword` is valid; [] when it is valid nowhere. */
export function whereKnown(keyword: string): string[][] {
  if (!everywhere) {
    everywhere = new Map();
    allKeywords(KEYWORDS, [], everywhere);
  }
  return everywhere.get(keyword) ?? [];
}

/** The keyword of `parent` nearest to a misspelt one, if close enough to be a typo. */
export function suggestKeyword(parent: KeywordSpec, keyword: string): string | undefined {
  return nearest(keyword, Object.keys(parent.sub ?? {}));
}

export { KEYWORDS, KEEPALIVED_VERSION } from './keywords.data.js';
