import { z } from 'zod';
import type { LintFinding } from '../findings.js';
import type { SourceLocation } from '../types.js';

// What every keepalived concept module shares: the finding collector, source positions, a keyword table that
// gives one keyword its schema, range rule and rendering in one row, and the helpers that turn values into
// keepalived words (refusing anything that could break out of a line or a block).

export type Located = { location?: SourceLocation; fieldLocations?: Record<string, SourceLocation> };

/** Where `field` was written, falling back to the object's own position. */
export function at(obj: Located, field: string, fallback?: SourceLocation): SourceLocation {
  return (
    obj.fieldLocations?.[field] ?? obj.location ?? fallback ?? { file: '(inventory)', line: 1, column: 1 }
  );
}

export class Findings {
  readonly list: LintFinding[] = [];
  error(code: string, location: SourceLocation, message: string, hint?: string): void {
    this.list.push({ code, severity: 'error', message, location, ...(hint && { hint }) });
  }
  warning(code: string, location: SourceLocation, message: string, hint?: string): void {
    this.list.push({ code, severity: 'warning', message, location, ...(hint && { hint }) });
  }
}

/**
 * Host, cluster, group and script names become keepalived words, comments, file names and --limit patterns:
 * letters, digits, `.`, `_`, `-`, starting with a letter or digit, at most 64 (security review H2).
 */
export const OBJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const objectName = z.string().regex(OBJECT_NAME);

/** One keepalived word: no spaces, quotes, braces, comment characters or backslashes. */
export const WORD = /^[^\s"'\\{}#!]+$/;
/** Paths of scripts and files keepalived is given (security review L14): an allow-list, `..` refused apart. */
export const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;
/** User and group names as useradd accepts them. */
export const ACCOUNT = /^[a-z_][a-z0-9_-]{0,31}\$?$/;

export function hasDotDot(path: string): boolean {
  return path.split('/').includes('..');
}

/** A keepalived word for the config; throws on anything lint would have refused (defence in depth). */
export function word(value: string): string {
  if (!WORD.test(value)) throw new Error(`refusing to render ${JSON.stringify(value)} as a keepalived word`);
  return value;
}

/** A double-quoted keepalived string (a command line); refuses quotes, braces, newlines and backslashes. */
export function quoted(value: string): string {
  if (/["\n\r{}\\]/.test(value) || value.trim() === '')
    throw new Error(`refusing to render ${JSON.stringify(value)} as a quoted keepalived string`);
  return `"${value}"`;
}

/** Numbers as keepalived reads them: never exponent form, at most 6 decimals (keepalived's resolution). */
export function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`refusing to render ${n} as a keepalived number`);
  if (Number.isInteger(n)) return BigInt(n).toString();
  const fixed = n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
}

// ---- keyword tables -------------------------------------------------------------------------------

/**
 * int / decimal: a number with keepalived's range; flag: a keyword alone (true) or nothing (false);
 * bool: `keyword` for true, `keyword false` for false (keepalived's [<BOOL>] keywords); word: one word.
 */
export type KeywordType = 'int' | 'decimal' | 'flag' | 'bool' | 'word';

export interface KeywordSpec {
  type: KeywordType;
  min?: number;
  max?: number;
  describe: string;
}

export type KeywordTable = Record<string, KeywordSpec>;
export type KeywordValues = Record<string, number | boolean | string | undefined>;

function zodFor(spec: KeywordSpec): z.ZodType {
  const range = spec.min !== undefined || spec.max !== undefined ? ` (${rangeText(spec)})` : '';
  switch (spec.type) {
    case 'int':
      return z.int().describe(`${spec.describe}${range}`);
    case 'decimal':
      return z.number().describe(`${spec.describe}${range}`);
    case 'flag':
    case 'bool':
      return z.boolean().describe(spec.describe);
    case 'word':
      return z.string().min(1).describe(spec.describe);
  }
}

/** The zod shape of a table: every keyword optional, named exactly as keepalived names it. */
export function tableShape(table: KeywordTable): Record<string, z.ZodOptional<z.ZodType>> {
  return Object.fromEntries(Object.entries(table).map(([k, spec]) => [k, zodFor(spec).optional()]));
}

/** The values of a table's keywords found in a raw (schema-checked) object. */
export function pickTable(table: KeywordTable, raw: object | undefined): KeywordValues {
  const out: KeywordValues = {};
  if (!raw) return out;
  for (const k of Object.keys(table)) {
    const v = (raw as Record<string, unknown>)[k];
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') out[k] = v;
  }
  return out;
}

export function rangeText(spec: KeywordSpec): string {
  return `${spec.min ?? '…'}–${spec.max ?? '…'}`;
}

/** NUM001 (range, security review L10) and WORD001 (a value that is not one keepalived word). */
export function lintTable(
  table: KeywordTable,
  values: KeywordValues,
  where: (key: string) => SourceLocation,
  who: string,
  f: Findings,
): void {
  for (const [k, v] of Object.entries(values)) {
    const spec = table[k];
    if (!spec || v === undefined) continue;
    if (typeof v === 'number') checkRange(spec, v, where(k), `${who}: ${k}`, f);
    if (typeof v === 'string' && !WORD.test(v)) {
      f.error(
        'WORD001',
        where(k),
        `${who}: ${k} "${v}" is not one keepalived word`,
        'no spaces, quotes, braces, backslashes or comment characters (# !)',
      );
    }
  }
}

export function checkRange(
  spec: Pick<KeywordSpec, 'min' | 'max' | 'type'>,
  v: number,
  where: SourceLocation,
  what: string,
  f: Findings,
): void {
  const outside = (spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max);
  const wholeOnly = spec.type === 'int' && !Number.isInteger(v);
  const tooFine = spec.type === 'decimal' && Math.abs(v * 1e6 - Math.round(v * 1e6)) > 1e-6;
  if (outside || wholeOnly || tooFine) {
    f.error(
      'NUM001',
      where,
      `${what} ${v} is ${outside ? `outside keepalived's range ${spec.min ?? '…'}–${spec.max ?? '…'}` : tooFine ? 'finer than keepalived reads (microseconds)' : 'not a whole number'}`,
      'keepalived refuses the value when it reads the config ("invalid number" / "outside range")',
    );
  }
}

/** `keyword value` lines for the set keywords of a table, in table order. */
export function renderTable(table: KeywordTable, values: KeywordValues): string[] {
  const lines: string[] = [];
  for (const [k, spec] of Object.entries(table)) {
    const v = values[k];
    if (v === undefined) continue;
    if (spec.type === 'flag') {
      if (v === true) lines.push(k);
    } else if (spec.type === 'bool') lines.push(v === true ? k : `${k} false`);
    else if (typeof v === 'number') lines.push(`${k} ${num(v)}`);
    else lines.push(`${k} ${word(String(v))}`);
  }
  return lines;
}

const U32 = 4294967295;
/** keepalived's limits that recur (UINT_MAX, UINT_MAX / TIMER_HZ seconds, INT_MAX). */
export const LIMIT = { u32: U32, seconds: Math.floor(U32 / 1e6), i32: 2147483647 };

/** Lines of a `name { … }` block, its body indented one level deeper. */
export function block(head: string, body: readonly string[]): string[] {
  return [`${head} {`, ...body.map((l) => `    ${l}`), '}'];
}
