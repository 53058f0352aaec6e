import {
  KEEPALIVED_VERSION,
  NAMED_VALUE_BLOCKS,
  ROOT,
  lookupKeyword,
  suggestKeyword,
  whereKnown,
  type KeywordSpec,
} from './keywords.js';
import { localFs, memoryFs, type ConfigFs } from './fs.js';
import { readConfig, type ReadOptions } from './reader.js';
import type { ConfigDiagnostic, ConfigNode, Loc, LogicalLine, ParsedConfig, Token } from './types.js';

// keepalived's process_stream() and alloc_value_block() (lib/parser.c, 2.2.7) over the reader's logical lines.
// Structure comes from the keyword table, as in keepalived, not from the braces:
//  - a known block keyword wants `{` on the next logical line ("Missing '{'" otherwise) and ends at its `}`;
//  - a value-block keyword (virtual_ipaddress, unicast_peer…) takes every line up to the next `}` as values;
//  - an unknown keyword is reported and its line ignored; a `{` after it (or after any keyword that takes no
//    block) is ignored too ("Unexpected '{'"), so what was inside is read at the current level and its `}`
//    closes the enclosing block early: the parser reproduces that and says where it happened;
//  - a `}` at the top level is "Unknown keyword '}'" in keepalived; here an extra '}'.

class Parser {
  private i = 0;
  readonly diagnostics: ConfigDiagnostic[] = [];

  constructor(private readonly lines: LogicalLine[]) {}

  private peek(): LogicalLine | undefined {
    return this.lines[this.i];
  }

  private isBrace(line: LogicalLine | undefined, brace: '{' | '}'): boolean {
    return (
      line !== undefined &&
      line.tokens.length === 1 &&
      line.tokens[0]!.text === brace &&
      !line.tokens[0]!.quoted
    );
  }

  /** Keywords of one block until its `}` (or end of input at the top level). */
  parseBlock(spec: KeywordSpec, path: string[], level: number, owner?: ConfigNode): ConfigNode[] {
    const nodes: ConfigNode[] = [];
    /** an ignored `{` opened here: its `}` will close this block (keepalived counts nothing) */
    let strayOpen: { at: Loc; after: string } | undefined;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i++]!;
      const first = line.tokens[0]!;
      if (this.isBrace(line, '{')) {
        const prev = nodes[nodes.length - 1];
        const after = prev ? prev.keyword : (path[path.length - 1] ?? 'the top level');
        this.diagnostics.push({
          code: 'KC002',
          severity: 'error',
          message: prev
            ? prev.kind === 'unknown'
              ? `'{' after unknown keyword '${prev.keyword}': keepalived ignores it and reads the block's lines as part of ${describe(path)}`
              : `'${prev.keyword}' takes no block: keepalived ignores this '{' and reads the block's lines as part of ${describe(path)}`
            : `unexpected '{': keepalived ignores it`,
          location: first.loc,
          hint: 'the matching `}` then closes the enclosing block early',
        });
        strayOpen = { at: first.loc, after };
        continue;
      }
      if (this.isBrace(line, '}')) {
        if (level > 0) {
          if (owner) owner.end = first.loc;
          if (strayOpen) {
            this.diagnostics.push({
              code: 'KC002',
              severity: 'error',
              message: `this '}' closes ${describe(path)}, not the '{' at line ${strayOpen.at.line} (after '${strayOpen.after}')`,
              location: first.loc,
              hint: `keepalived reads what follows outside ${describe(path)}`,
            });
          }
          return nodes;
        }
        this.diagnostics.push({
          code: 'KC004',
          severity: 'error',
          message: "extra '}' at the top level",
          location: first.loc,
          hint: 'keepalived reports "Unknown keyword \'}\'"; a block above was closed early or has one } too many',
        });
        continue;
      }
      const keyword = first.text;
      const args = line.tokens.slice(1);
      const kw = lookupKeyword(spec, keyword);
      if (!kw) {
        nodes.push({ kind: 'unknown', keyword, args, loc: first.loc, children: [], values: [] });
        // a template placeholder was reported once already (KC016)
        if (!/\{\{|\{%/.test(keyword)) this.diagnostics.push(unknownKeyword(spec, path, first));
        continue;
      }
      const node: ConfigNode = {
        kind: kw.block === 'keywords' ? 'block' : kw.block === 'values' ? 'values' : 'keyword',
        keyword,
        args,
        loc: first.loc,
        children: [],
        values: [],
      };
      nodes.push(node);
      if (kw.block === 'keywords') {
        if (this.isBrace(this.peek(), '{')) this.i++;
        else {
          this.diagnostics.push({
            code: 'KC003',
            severity: 'error',
            message: `'${keyword}' opens a block: '{' expected after it`,
            location: lastLoc(line),
            hint: 'keepalived reports "Missing \'{\' at beginning of configuration block" and reads on as if it were there',
          });
        }
        node.children = this.parseBlock(kw, [...path, keyword], level + 1, node);
        if (node.end === undefined && this.i >= this.lines.length) this.unclosed(node);
      } else if (kw.block === 'values') {
        this.parseValues(node);
      }
    }
    return nodes;
  }

  private unclosed(node: ConfigNode): void {
    this.diagnostics.push({
      code: 'KC005',
      severity: 'error',
      message: `block '${node.keyword}' is not closed before the end of the file`,
      location: node.loc,
      hint: "add the missing '}'",
    });
  }

  /** alloc_value_block: lines up to the `}` are values; a missing `{` makes the next line the first value. */
  private parseValues(node: ConfigNode): void {
    const extra = node.args.slice(NAMED_VALUE_BLOCKS.has(node.keyword) ? 1 : 0);
    if (extra.length > 0) {
      this.diagnostics.push({
        code: 'KC010',
        severity: 'warning',
        message: `block ${node.keyword} has extra parameters ${extra.map((t) => t.text).join(' ')}`,
        location: extra[0]!.loc,
        hint: 'keepalived ignores them; values go inside { }',
      });
    }
    if (this.isBrace(this.peek(), '{')) this.i++;
    else {
      this.diagnostics.push({
        code: 'KC003',
        severity: 'error',
        message: `'${node.keyword}' reads a block: '{' expected after it`,
        location: node.loc,
        hint: 'keepalived takes the next line as the first value and reads up to the next }',
      });
    }
    while (this.i < this.lines.length) {
      const line = this.lines[this.i++]!;
      if (this.isBrace(line, '}')) {
        node.end = line.tokens[0]!.loc;
        return;
      }
      if (this.isBrace(line, '{')) continue;
      node.values.push(line.tokens);
    }
    this.unclosed(node);
  }
}

function describe(path: string[]): string {
  return path.length === 0 ? 'the top level' : `'${path[path.length - 1]}'`;
}

function lastLoc(line: LogicalLine): Loc {
  return line.tokens[line.tokens.length - 1]!.loc;
}

function unknownKeyword(spec: KeywordSpec, path: string[], token: Token): ConfigDiagnostic {
  const suggestion = suggestKeyword(spec, token.text);
  const elsewhere = whereKnown(token.text).filter((p) => p.join('.') !== path.join('.'));
  const where = path.length === 0 ? 'at the top level' : `in ${path[path.length - 1]}`;
  let hint: string | undefined;
  if (suggestion) hint = `did you mean '${suggestion}'?`;
  else if (elsewhere.length > 0) {
    const places = elsewhere.map((p) => (p.length === 0 ? 'the top level' : p.join(' > ')));
    hint = `'${token.text}' belongs in ${places.slice(0, 3).join(', ')}${places.length > 3 ? ', …' : ''}`;
  } else if (/^[<_{%]|[>}%]$|^__|__$/.test(token.text)) {
    hint = 'this looks like a template placeholder that was never filled in';
  }
  const d: ConfigDiagnostic = {
    code: 'KC001',
    severity: 'error',
    message: `unknown keyword '${token.text}' ${where} (keepalived ${KEEPALIVED_VERSION} ignores the line)`,
    location: token.loc,
  };
  if (hint) d.hint = hint;
  return d;
}

/** Parses `file` and its includes into keyword nodes with positions; every problem found is a diagnostic. */
export function parseConfig(file: string, opts: ReadOptions & { fs?: ConfigFs } = {}): ParsedConfig {
  const read = readConfig(file, opts.fs ?? localFs, opts);
  const p = new Parser(read.lines);
  const nodes = p.parseBlock(ROOT, [], 0);
  return {
    file,
    files: read.files,
    nodes,
    diagnostics: [...read.diagnostics, ...p.diagnostics],
    sources: read.sources,
  };
}

/** Parses a config held in memory (its includes are looked up in `others`). */
export function parseConfigText(
  text: string,
  file = 'keepalived.conf',
  others: Record<string, string> = {},
  opts: ReadOptions = {},
): ParsedConfig {
  return parseConfig(file, { ...opts, fs: memoryFs({ ...others, [file]: text }) });
}
