import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { ConfigFs } from './fs.js';
import { expandGlob } from './glob.js';
import type { ConfigDiagnostic, Loc, LogicalLine, Token } from './types.js';

// keepalived's read_line() (lib/parser.c, 2.2.7) as a pure function over a ConfigFs: physical lines become
// logical lines of tokens, each token with the file:line:col it was written at. The rules, in keepalived's order:
//  - leading blanks go; `#` or `!` outside double quotes starts a comment (`\#`, `\!` escape them);
//  - `@ID line` is read only when the config id is ID, `@^ID line` only when it is not;
//  - `$NAME=value` defines a parameter (a trailing `\` continues it on the next line); `$NAME` / `${NAME}`
//    elsewhere is replaced by its value (a multi-line value becomes several lines);
//  - `include PATTERN` (and includer/m/w/b/a) reads the files the glob matches, relative to the including file;
//  - every `{` and `}` outside quotes is a line of its own (keepalived splits the line there);
//  - words are split at blanks; a word starting with `"` runs to the next `"` (no escapes).

/** Bigger than any real keepalived.conf by far; a file past it is refused, not read. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_INCLUDE_DEPTH = 32;

export interface ReadOptions {
  /** keepalived's config id (`-i`, default: none), for `@ID` lines */
  configId?: string;
}

export interface ReadResult {
  lines: LogicalLine[];
  files: string[];
  diagnostics: ConfigDiagnostic[];
  /** text of every file read, by path (for excerpts in reports) */
  sources: Map<string, string>;
  /** $NAME definitions in force at the end */
  definitions: Map<string, string>;
}

interface Decommented {
  text: string;
  /** 1-based column in the physical line of each character of text */
  cols: number[];
  /** a `\` ended the line (continues a multi-line definition) */
  cont: boolean;
  unterminatedQuote: boolean;
  /** where a comment started right after a non-blank character (`auth_pass P@##word`), 1-based */
  glued?: { column: number; char: string };
}

export function decomment(line: string): Decommented {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  let text = '';
  const cols: number[] = [];
  let quote = false;
  let cont = false;
  let glued: Decommented['glued'];
  for (; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') {
      quote = !quote;
    } else if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) {
        cont = true;
        break;
      }
      if (!quote && (next === '#' || next === '!')) {
        text += next;
        cols.push(i + 2);
        i++;
        continue;
      }
      text += c + next;
      cols.push(i + 1, i + 2);
      i++;
      continue;
    } else if (!quote && (c === '#' || c === '!')) {
      const prev = text[text.length - 1];
      if (prev !== undefined && prev !== ' ' && prev !== '\t') glued = { column: i + 1, char: c };
      break;
    }
    text += c;
    cols.push(i + 1);
  }
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  const out: Decommented = {
    text: text.slice(0, end),
    cols: cols.slice(0, end),
    cont,
    unterminatedQuote: quote,
  };
  if (glued) out.glued = glued;
  return out;
}

/** Words of one decommented line, with braces as tokens of their own (keepalived's read_line + alloc_strvec). */
export function tokenize(
  text: string,
  cols: readonly number[],
  file: string,
  line: number,
  opaque: readonly [number, number][] = [],
): { tokens: Token[]; unmatchedQuoteAt?: number } {
  const tokens: Token[] = [];
  let i = 0;
  const opaqueEnd = (k: number): number | undefined => opaque.find(([s]) => s === k)?.[1];
  const at = (k: number): Loc => ({ file, line, column: cols[k] ?? (cols[cols.length - 1] ?? 0) + 1 });
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if ((c === '{' || c === '}') && opaqueEnd(i) === undefined) {
      tokens.push({ text: c, loc: at(i), quoted: false });
      i++;
      continue;
    }
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return { tokens, unmatchedQuoteAt: cols[i] ?? 1 };
      tokens.push({ text: text.slice(i + 1, close), loc: at(i), quoted: true });
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < text.length) {
      const end = opaqueEnd(j);
      if (end !== undefined) j = end;
      else if (' \t"{}'.includes(text[j]!)) break;
      else j++;
    }
    tokens.push({ text: text.slice(i, j), loc: at(i), quoted: false });
    i = j;
  }
  return { tokens };
}

/** Template syntax left in a file (Jinja, Go, Handlebars, shell): `{{ x }}`, `{% x %}`, `${x}`. */
const PLACEHOLDER = /\{\{[^{}]*\}\}|\{%[^{}%]*%\}|\$\{[A-Za-z_][A-Za-z0-9_]*\}/g;

const INCLUDE = /^include([rmwba])?[ \t]+(.*)$/;
const DEFINITION = /^\$([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$/;

class Reader {
  readonly lines: LogicalLine[] = [];
  readonly files: string[] = [];
  readonly diagnostics: ConfigDiagnostic[] = [];
  readonly sources = new Map<string, string>();
  readonly definitions = new Map<string, { value: string[]; loc: Loc }>();
  private readonly stack: string[] = [];

  constructor(
    private readonly fs: ConfigFs,
    private readonly opts: ReadOptions,
  ) {}

  report(d: ConfigDiagnostic): void {
    this.diagnostics.push(d);
  }

  readFile(path: string, from?: Loc): void {
    const abs = resolve(path);
    if (this.stack.includes(abs)) {
      this.report({
        code: 'KC008',
        severity: 'error',
        message: `include cycle: ${[...this.stack.slice(this.stack.indexOf(abs)), abs].join(' → ')}`,
        location: from ?? { file: path, line: 1, column: 1 },
        hint: 'keepalived would read these files over and over; remove one of the includes',
      });
      return;
    }
    if (this.stack.length >= MAX_INCLUDE_DEPTH) {
      this.report({
        code: 'KC008',
        severity: 'error',
        message: `includes nested deeper than ${MAX_INCLUDE_DEPTH} levels`,
        location: from ?? { file: path, line: 1, column: 1 },
      });
      return;
    }
    const got = this.fs.read(path);
    if (got.kind !== 'file') {
      const what =
        got.kind === 'missing'
          ? 'no such file'
          : got.kind === 'directory'
            ? 'is a directory'
            : got.kind === 'too-large'
              ? `is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`
              : got.kind === 'binary'
                ? 'is not a text file (NUL bytes)'
                : `cannot be read (${got.reason ?? 'error'})`;
      this.report({
        code: from ? 'KC007' : 'KC009',
        severity: 'error',
        message: `${path}: ${what}`,
        location: from ?? { file: path, line: 1, column: 1 },
      });
      return;
    }
    const text = got.text;
    this.files.push(path);
    this.sources.set(path, text);
    this.stack.push(abs);
    try {
      this.readText(path, text);
    } finally {
      this.stack.pop();
    }
  }

  private readText(file: string, text: string): void {
    const physical = text.split('\n');
    let pendingDef: { name: string; loc: Loc } | undefined;
    for (let n = 0; n < physical.length; n++) {
      const lineNo = n + 1;
      const raw = physical[n]!.replace(/\r+$/, '');
      if (pendingDef) {
        // a multi-line $NAME definition continues while lines end with `\`
        const d = decomment(raw);
        const def = this.definitions.get(pendingDef.name)!;
        if (d.text !== '' || !d.cont) def.value.push(d.text);
        if (!d.cont) pendingDef = undefined;
        continue;
      }
      if (raw.trim() === '') continue;
      if (/^(<{7}|={7}|>{7})( |$)/.test(raw)) {
        this.report({
          code: 'KC015',
          severity: 'error',
          message: 'merge-conflict marker',
          location: { file, line: lineNo, column: 1 },
          hint: 'a merge was left unresolved: keep one side and remove the markers',
        });
        continue;
      }
      const d = decomment(raw);
      if (d.unterminatedQuote) {
        this.report({
          code: 'KC006',
          severity: 'error',
          message: 'unterminated quote',
          location: { file, line: lineNo, column: (d.cols[d.text.indexOf('"')] ?? 1) as number },
          hint: 'keepalived reads the rest of the line as one string; close the quote',
        });
      }
      if (d.glued) {
        this.report({
          code: 'KC104',
          severity: 'warning',
          message: `'${d.glued.char}' starts a comment here, in the middle of a value`,
          location: { file, line: lineNo, column: d.glued.column },
          hint: `keepalived drops everything from '${d.glued.char}'; quote the value ("…") or escape it (\\${d.glued.char}) if it is part of it`,
        });
      }
      if (d.text === '') continue;
      let text = d.text;
      let cols = d.cols;
      const lineLoc: Loc = { file, line: lineNo, column: cols[0] ?? 1 };

      // @ID / @^ID conditional lines
      if (text.startsWith('@')) {
        const rev = text[1] === '^';
        const m = /^@\^?(\S*)[ \t]+/.exec(text);
        if (!m) continue;
        const matches = this.opts.configId !== undefined && m[1] === this.opts.configId;
        if (matches === rev) continue;
        cols = cols.slice(m[0].length);
        text = text.slice(m[0].length);
      }

      const def = DEFINITION.exec(text);
      if (def) {
        const value = def[2]!;
        const multiline = d.cont;
        this.definitions.set(def[1]!, { value: multiline && value === '' ? [] : [value], loc: lineLoc });
        if (multiline) pendingDef = { name: def[1]!, loc: lineLoc };
        continue;
      }
      if (text.startsWith('~SEQ') || text.startsWith('~LST')) {
        this.report({
          code: 'KC011',
          severity: 'warning',
          message: `${text.slice(0, 4)} is not expanded by vipctl; the lines it generates are not checked`,
          location: lineLoc,
        });
        continue;
      }
      if (text.startsWith('~')) continue;

      // $NAME substitution (a multi-line value expands into several lines, all at this position)
      let expanded: { text: string; cols: number[] }[] = [{ text, cols }];
      if (text.includes('$')) expanded = this.substitute(text, cols, lineLoc);

      for (const e of expanded) {
        const inc = INCLUDE.exec(e.text);
        if (inc) {
          this.include(inc[2]!, file, { file, line: lineNo, column: e.cols[0] ?? 1 });
          continue;
        }
        const opaque = this.placeholders(e.text, e.cols, file, lineNo);
        if (e.text.includes('$')) this.undefinedParams(e.text, e.cols, lineLoc, opaque);
        const { tokens, unmatchedQuoteAt } = tokenize(e.text, e.cols, file, lineNo, opaque);
        if (unmatchedQuoteAt !== undefined && !d.unterminatedQuote) {
          this.report({
            code: 'KC006',
            severity: 'error',
            message: 'unmatched quote',
            location: { file, line: lineNo, column: unmatchedQuoteAt },
          });
        }
        this.emit(tokens, raw);
      }
    }
  }

  /**
   * Placeholders are reported once and read as one word: keepalived would take their braces for blocks
   * and read the rest of the file out of place, burying the one real problem under dozens of consequences.
   */
  private placeholders(text: string, cols: number[], file: string, line: number): [number, number][] {
    const out: [number, number][] = [];
    for (const m of text.matchAll(PLACEHOLDER)) {
      out.push([m.index, m.index + m[0].length]);
      this.report({
        code: 'KC016',
        severity: 'error',
        message: `template placeholder ${m[0]} was never filled in`,
        location: { file, line, column: cols[m.index] ?? 1 },
        hint: 'this file is a template: check the file it renders to (keepalived would read these braces as blocks)',
      });
    }
    return out;
  }

  /** A line's tokens as logical lines: each brace on a line of its own, as keepalived splits them. */
  private emit(tokens: Token[], raw: string): void {
    let current: Token[] = [];
    const flush = (): void => {
      if (current.length > 0) this.lines.push({ tokens: current, loc: current[0]!.loc, raw });
      current = [];
    };
    for (const t of tokens) {
      if (!t.quoted && (t.text === '{' || t.text === '}')) {
        flush();
        this.lines.push({ tokens: [t], loc: t.loc, raw });
      } else current.push(t);
    }
    flush();
  }

  private substitute(text: string, cols: number[], loc: Loc): { text: string; cols: number[] }[] {
    if (this.definitions.size === 0) return [{ text, cols }];
    const out: { text: string; cols: number[] }[] = [];
    let curText = '';
    let curCols: number[] = [];
    let i = 0;
    let changed = false;
    while (i < text.length) {
      if (text[i] === '$') {
        const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(text.slice(i));
        const name = m?.[1] ?? m?.[2];
        const def = name !== undefined ? this.definitions.get(name) : undefined;
        if (m && def) {
          changed = true;
          const col = cols[i] ?? loc.column;
          def.value.forEach((part, k) => {
            if (k > 0) {
              out.push({ text: curText, cols: curCols });
              curText = '';
              curCols = [];
            }
            curText += part;
            curCols.push(...Array.from({ length: part.length }, () => col));
          });
          i += m[0].length;
          continue;
        }
      }
      curText += text[i];
      curCols.push(cols[i] ?? loc.column);
      i++;
    }
    out.push({ text: curText, cols: curCols });
    if (!changed) return [{ text, cols }];
    // keepalived decomments the substituted text again
    return out.map((o) => {
      const d = decomment(o.text);
      const lead = o.text.length - o.text.trimStart().length;
      return { text: d.text, cols: o.cols.slice(lead, lead + d.text.length) };
    });
  }

  private undefinedParams(text: string, cols: number[], loc: Loc, opaque: [number, number][]): void {
    for (const m of text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
      if (opaque.some(([s, e]) => m.index >= s && m.index < e)) continue;
      // `$` inside a quoted script command is usually the shell's, not keepalived's
      const before = text.slice(0, m.index);
      if ((before.match(/"/g)?.length ?? 0) % 2 === 1) continue;
      this.report({
        code: 'KC013',
        severity: 'warning',
        message: `$${m[1]} is not defined; keepalived keeps the text as it is`,
        location: { ...loc, column: cols[m.index] ?? loc.column },
        hint: `define it before use ($${m[1]}=value) or write the value`,
      });
    }
  }

  private include(pattern: string, from: string, loc: Loc): void {
    const { tokens } = tokenize(pattern, [], from, loc.line);
    const target = tokens[0]?.text ?? '';
    const base = dirname(from);
    const abs = isAbsolute(target) ? target : join(base, target);
    const matches = expandGlob(abs, this.fs);
    if (matches.length === 0) {
      this.report({
        code: 'KC007',
        severity: 'error',
        message: `include ${target}: no matching file`,
        location: loc,
        hint: isAbsolute(target)
          ? 'the file is missing on this machine; check it on the host (check-config --host)'
          : `relative includes are read from ${base}`,
      });
      return;
    }
    for (const m of matches) this.readFile(m, loc);
  }
}

/** Reads a keepalived.conf and everything it includes into logical lines (see the rules above). */
export function readConfig(path: string, fs: ConfigFs, opts: ReadOptions = {}): ReadResult {
  const r = new Reader(fs, opts);
  r.readFile(path);
  const definitions = new Map([...r.definitions].map(([k, v]) => [k, v.value.join('\n')]));
  return { lines: r.lines, files: r.files, diagnostics: r.diagnostics, sources: r.sources, definitions };
}
