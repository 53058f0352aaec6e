import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { isScalar, visit } from 'yaml';
import { InventoryError, type LintFinding } from './findings.js';
import { lintInventory } from './lint.js';
import { mergeDefaults, resolveCluster, resolveHost } from './resolve.js';
import { inventoryFileSchema, type InventoryFile } from './schema.js';
import { schemaFindings } from './schema-errors.js';
import { duplicateKeys, locationAt, parseSource, type SourceFile } from './source.js';
import { InputFileError, MAX_INPUT_BYTES, readRegularFile } from '../input/regular-file.js';
import { INVISIBLE } from '../report/terminal-text.js';
import type { ClusterSpec, HostSpec, Inventory, SourceLocation, SyncGroupSpec } from './types.js';
import { resolveSyncGroup } from './vrrp/sync-group.js';
import { timed } from '../report/timings.js';

export interface LoadedInventory {
  inventory: Inventory;
  /** lint findings (errors and warnings); commands that change hosts refuse when any is an error */
  findings: LintFinding[];
}

interface ParsedFile {
  src: SourceFile;
  data: InventoryFile;
}

function yamlFindings(src: SourceFile): LintFinding[] {
  // After a syntax error the parser's later complaints are mostly echoes of it: keep the first one.
  const firstSyntax = src.doc.errors[0];
  if (firstSyntax) {
    return [
      {
        code: 'YAML001',
        severity: 'error',
        message: `YAML syntax: ${firstLine(firstSyntax.message)}`,
        location:
          (firstSyntax.code === 'MISSING_CHAR' && unclosedQuote(src, firstSyntax.message)) ||
          locationAt(src, firstSyntax.pos[0]),
      },
    ];
  }
  // Duplicate keys and tags are independent mistakes: report every one.
  const findings: LintFinding[] = duplicateKeys(src).map(({ key, offset }) => ({
    code: 'YAML002',
    severity: 'error' as const,
    message: `the key "${key}" appears twice in one map`,
    location: locationAt(src, offset),
  }));
  for (const w of src.doc.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED') continue;
    findings.push({
      code: 'YAML003',
      severity: 'error',
      message: `YAML tag not supported: ${firstLine(w.message)}`,
      location: locationAt(src, w.pos[0]),
      hint: 'an inventory holds plain maps, lists, text, numbers and true/false: remove the tag',
    });
  }
  return findings;
}

// Sharing one anchor across many hosts is the normal use of anchors; the parser's default limit (100) is
// for untrusted input. A bomb still stops here: the count grows with the expanded size, not the file's.
const MAX_ALIAS_COUNT = 100_000;

/** The document as plain data, or a finding when it cannot be (an alias bomb, a __proto__ key). */
function toData(src: SourceFile): { root?: unknown; findings: LintFinding[] } {
  let root: unknown;
  try {
    root = src.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (err) {
    return {
      findings: [
        {
          code: 'YAML001',
          severity: 'error',
          message: `YAML cannot be expanded: ${firstLine((err as Error).message)}`,
          location: { file: src.file, line: 1, column: 1 },
          hint: 'aliases (*name) expand to more data than an inventory can hold; write the values out or share fewer',
        },
      ],
    };
  }
  const proto = [...protoKeys(src), ...controlCharacters(src)];
  if (proto.length > 0) return { findings: proto };
  return { root, findings: [] };
}

/** No inventory value needs control or bidi characters (tab and newline, for script content, are fine). */
function controlCharacters(src: SourceFile): LintFinding[] {
  const out: LintFinding[] = [];
  visit(src.doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      const bad = INVISIBLE.exec(node.value);
      if (!bad) return;
      const code = bad[0].codePointAt(0) ?? 0;
      out.push({
        code: 'TEXT001',
        severity: 'error',
        message: `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')}) in a value`,
        location: locationAt(src, node.range?.[0] ?? 0),
        hint: 'inventory values are plain text: remove it (an editor may not show it)',
      });
    },
  });
  return out;
}

/** `__proto__` keys vanish or change an object's prototype in JavaScript: refuse them wherever they are. */
function protoKeys(src: SourceFile): LintFinding[] {
  const out: LintFinding[] = [];
  visit(src.doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '__proto__') {
        out.push({
          code: 'NAME001',
          severity: 'error',
          message: '"__proto__" is not a valid key or name',
          location: locationAt(src, pair.key.range?.[0] ?? 0),
          hint: 'names are 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit',
        });
      }
    },
  });
  return out;
}

/** The parser notices a missing closing quote at the end of the file; point at the opening one instead. */
function unclosedQuote(src: SourceFile, message: string): SourceLocation | undefined {
  const quote = /closing "quote/.test(message) ? '"' : /closing 'quote/.test(message) ? "'" : undefined;
  if (!quote) return undefined;
  const lines = src.text.split('\n');
  for (const [i, line] of lines.entries()) {
    const positions = [...line.matchAll(quote === '"' ? /(?<!\\)"/g : /'/g)].map((m) => m.index);
    if (positions.length % 2 === 1)
      return { file: src.file, line: i + 1, column: (positions.at(-1) ?? 0) + 1 };
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** Parses and validates one file; findings for everything wrong with it. */
export function parseInventoryText(
  file: string,
  text: string,
): { parsed?: ParsedFile; findings: LintFinding[] } {
  let src: SourceFile;
  try {
    src = parseSource(file, text);
  } catch (err) {
    // The yaml parser recurses per nesting level: a few thousand levels overflow the stack.
    if (!(err instanceof RangeError)) throw err;
    return {
      findings: [
        {
          code: 'YAML001',
          severity: 'error',
          message: 'YAML nesting too deep to read',
          location: { file, line: 1, column: 1 },
          hint: 'an inventory is a few levels deep: look for a generated or corrupted file',
        },
      ],
    };
  }
  const yamlErrors = yamlFindings(src);
  if (yamlErrors.length > 0) return { findings: yamlErrors };
  const data = toData(src);
  if (data.findings.length > 0) return { findings: data.findings };
  const root = data.root;
  const result = inventoryFileSchema.safeParse(root);
  if (!result.success) return { findings: schemaFindings(src, root, result.error.issues) };
  return { parsed: { src, data: result.data }, findings: [] };
}

/** Hosts and clusters of several files; a name defined in two files is an error (no silent override). */
function combine(files: readonly ParsedFile[]): { inventory: Inventory; findings: LintFinding[] } {
  const findings: LintFinding[] = [];
  const defaults = mergeDefaults(files.map((f) => ({ src: f.src, defaults: f.data.defaults })));
  const hosts = new Map<string, HostSpec>();
  for (const { src, data } of files) {
    for (const [name, raw] of Object.entries(data.hosts ?? {})) {
      const host = resolveHost(name, raw, src, defaults);
      const first = hosts.get(name);
      if (first) {
        findings.push(duplicate('DUP001', 'host', name, host.location, first.location));
        continue;
      }
      hosts.set(name, host);
    }
  }
  // Only an interface written on the host outranks the cluster's (a defaulted one does not).
  const explicitInterface = new Map<string, string>();
  for (const { data } of files) {
    for (const [name, raw] of Object.entries(data.hosts ?? {})) {
      if (raw.interface !== undefined && !explicitInterface.has(name))
        explicitInterface.set(name, raw.interface);
    }
  }
  const clusters = new Map<string, ClusterSpec>();
  for (const { src, data } of files) {
    for (const [name, raw] of Object.entries(data.clusters ?? {})) {
      const cluster = resolveCluster(name, raw, src, defaults, (h) => explicitInterface.get(h));
      const first = clusters.get(name);
      if (first) {
        findings.push(duplicate('DUP002', 'cluster', name, cluster.location, first.location));
        continue;
      }
      clusters.set(name, cluster);
    }
  }
  const syncGroups = new Map<string, SyncGroupSpec>();
  for (const { src, data } of files) {
    for (const [name, raw] of Object.entries(data.sync_groups ?? {})) {
      const group = resolveSyncGroup(name, raw, src);
      const first = syncGroups.get(name);
      if (first) findings.push(duplicate('DUP003', 'sync group', name, group.location, first.location));
      else syncGroups.set(name, group);
    }
  }
  const inventory: Inventory = {
    files: files.map((f) => f.src.file),
    hosts: [...hosts.values()],
    clusters: [...clusters.values()],
    syncGroups: [...syncGroups.values()],
  };
  const withTemplate = [...files].reverse().find((f) => f.data.template_dir !== undefined);
  if (withTemplate?.data.template_dir !== undefined) {
    const dir = withTemplate.data.template_dir;
    inventory.templateDir = isAbsolute(dir) ? dir : resolvePath(dirname(withTemplate.src.file), dir);
  }
  return { inventory, findings };
}

function duplicate(
  code: string,
  kind: string,
  name: string,
  at: HostSpec['location'],
  first: HostSpec['location'],
): LintFinding {
  return {
    code,
    severity: 'error',
    message: `${kind} "${name}" is already defined in ${first.file}:${first.line}:${first.column}`,
    location: at,
    hint: `each ${kind} is defined in exactly one inventory file; rename one or remove the duplicate`,
  };
}

/** Loads already-read texts (tests, stdin); same rules as loadInventory. */
export function loadInventoryTexts(texts: ReadonlyMap<string, string>): LoadedInventory {
  const parsed: ParsedFile[] = [];
  const problems: LintFinding[] = [];
  for (const [file, text] of texts) {
    const r = parseInventoryText(file, text);
    problems.push(...r.findings);
    if (r.parsed) parsed.push(r.parsed);
  }
  if (problems.length > 0) throw new InventoryError(problems, texts);
  const { inventory, findings } = combine(parsed);
  if (findings.length > 0) throw new InventoryError(findings, texts);
  return { inventory, findings: lintInventory(inventory) };
}

/**
 * Reads, validates and resolves inventory files. Every loading problem of every file is reported at once
 * in one InventoryError (exit code INVENTORY); lint findings are returned for the caller to judge.
 */
export async function loadInventory(files: string[]): Promise<LoadedInventory> {
  if (files.length === 0) {
    throw new UserError('no inventory given', ExitCode.USAGE, 'pass -i FILE (or set VIPCTL_INVENTORY)');
  }
  const texts = new Map<string, string>();
  const unreadable: LintFinding[] = [];
  for (const file of files) {
    try {
      texts.set(file, readRegularFile(file, MAX_INPUT_BYTES));
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err;
      unreadable.push({
        code: 'FILE001',
        severity: 'error',
        message: `cannot read inventory: ${err.reason}`,
        location: { file, line: 1, column: 1 },
        hint: `an inventory is a regular YAML file of at most ${MAX_INPUT_BYTES / 1024 / 1024} MiB`,
      });
    }
  }
  if (unreadable.length > 0) throw new InventoryError(unreadable, texts);
  return loadInventoryTexts(texts);
}

/**
 * For commands that act on hosts: loads, then refuses (InventoryError, exit code INVENTORY) when lint found
 * any error, before any host is reached. Warnings are returned for the caller to show.
 */
export async function loadCheckedInventory(files: string[]): Promise<LoadedInventory> {
  const loaded = await timed('inventory', () => loadInventory(files));
  if (loaded.findings.some((f) => f.severity === 'error')) {
    throw new InventoryError(loaded.findings, undefined, 'nothing was touched: fix these and run again');
  }
  return loaded;
}
