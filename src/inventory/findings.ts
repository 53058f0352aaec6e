import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { readRegularFile } from '../input/regular-file.js';
import { terminalSafe } from '../report/terminal-text.js';
import type { SourceLocation } from './types.js';

/** One problem in an inventory: from loading (YAML, schema) or from lint (whole-cluster rules). */
export interface LintFinding {
  /** stable code, e.g. VIP003 (docs/inventory.md lists them all) */
  code: string;
  severity: 'error' | 'warning';
  message: string;
  location: SourceLocation;
  hint?: string;
}

export function hasErrors(findings: readonly LintFinding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** Findings in file, line, column order (stable, so reports and tests do not depend on rule order). */
export function sortFindings(findings: readonly LintFinding[]): LintFinding[] {
  return [...findings].sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column ||
      a.code.localeCompare(b.code),
  );
}

/** Text of a source line, or undefined when the file cannot be read (findings stay printable). */
function sourceLine(loc: SourceLocation, texts: Map<string, string[] | null>): string | undefined {
  if (!texts.has(loc.file)) {
    try {
      texts.set(loc.file, readRegularFile(loc.file).split(/\r?\n/));
    } catch {
      texts.set(loc.file, null);
    }
  }
  const line = texts.get(loc.file)?.[loc.line - 1];
  return line === undefined ? undefined : hideInlinePasswords(line);
}

const EXCERPT_WIDTH = 120;

/** A long line (a generated file, a huge value) is shown as the part around the column, marked with …. */
function excerptWindow(text: string, column: number): { shown: string; caret: number } {
  const at = Math.max(0, column - 1);
  if (text.length <= EXCERPT_WIDTH) return { shown: text, caret: at };
  const start = Math.max(0, Math.min(at - 40, text.length - EXCERPT_WIDTH));
  const head = start > 0 ? '…' : '';
  const tail = start + EXCERPT_WIDTH < text.length ? '…' : '';
  return {
    shown: `${head}${text.slice(start, start + EXCERPT_WIDTH)}${tail}`,
    caret: at - start + head.length,
  };
}

/** An excerpt never shows an inline password (`password: x`, also inside a flow map). */
export function hideInlinePasswords(line: string): string {
  return line.replace(
    /(\bpassword\s*:\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^,}\s#][^,}#]*?)(?=\s*(?:[,}#]|$))/g,
    '$1•••',
  );
}

/**
 * The report a person reads: `file:line:col: error CODE message`, the offending line with a caret,
 * then the hint (what was expected, did you mean …). `sources` lets callers pass texts not on disk.
 */
export function formatFindings(
  findings: readonly LintFinding[],
  sources?: ReadonlyMap<string, string>,
): string {
  const texts = new Map<string, string[] | null>();
  for (const [file, text] of sources ?? []) texts.set(file, text.split(/\r?\n/));
  const blocks = sortFindings(findings).map((f) => {
    const { file, line, column } = f.location;
    const out = [
      `${terminalSafe(file)}:${line}:${column}: ${f.severity} ${f.code} ${terminalSafe(f.message)}`,
    ];
    const text = sourceLine(f.location, texts);
    if (text !== undefined) {
      const gutter = String(line).padStart(5);
      const { shown, caret } = excerptWindow(text, column);
      out.push(`${gutter} | ${terminalSafe(shown)}`, `${' '.repeat(gutter.length)} | ${' '.repeat(caret)}^`);
    }
    if (f.hint) out.push(`  ${terminalSafe(f.hint)}`);
    return out.join('\n');
  });
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (findings.length > 0) blocks.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return blocks.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The inventory could not be loaded: every problem at once, already formatted; exit code INVENTORY. */
export class InventoryError extends UserError {
  readonly findings: LintFinding[];
  constructor(findings: LintFinding[], sources?: ReadonlyMap<string, string>, hint?: string) {
    super(`inventory has errors:\n${formatFindings(findings, sources)}`, ExitCode.INVENTORY, hint);
    this.findings = sortFindings(findings);
    this.name = 'InventoryError';
  }
}
