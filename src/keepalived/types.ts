import type { LintFinding } from '../inventory/findings.js';

/** A position in a keepalived config file (1-based line and column). */
export interface Loc {
  file: string;
  line: number;
  column: number;
}

/** One word of a config line; `quoted` when it was written "like this" (the quotes are not in text). */
export interface Token {
  text: string;
  loc: Loc;
  quoted: boolean;
}

/** What keepalived reads as one line: comments gone, parameters expanded, each brace on a line of its own. */
export interface LogicalLine {
  tokens: Token[];
  loc: Loc;
  /** the physical line it came from, for excerpts */
  raw: string;
}

/** A finding about a config file: same shape as the inventory's, so one formatter prints both. */
export type ConfigDiagnostic = LintFinding;

/**
 * One keyword line of the config and what belongs to it.
 *  - "keyword": a keyword with its arguments;
 *  - "block": a keyword of keepalived's table that opens a block of sub-keywords (children);
 *  - "values": a keyword that reads its block as lines of values (virtual_ipaddress, unicast_peer, …);
 *  - "unknown": a word keepalived does not know here (it ignores the line, see parser.ts).
 */
export interface ConfigNode {
  kind: 'keyword' | 'block' | 'values' | 'unknown';
  keyword: string;
  args: Token[];
  loc: Loc;
  children: ConfigNode[];
  values: Token[][];
  /** where the block's closing `}` was (blocks and value blocks) */
  end?: Loc;
}

export interface ParsedConfig {
  /** the file given (includes are read into the tree where they stand) */
  file: string;
  files: string[];
  nodes: ConfigNode[];
  diagnostics: ConfigDiagnostic[];
  sources: Map<string, string>;
}
