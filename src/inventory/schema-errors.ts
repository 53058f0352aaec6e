import { z } from 'zod';
import type { LintFinding } from './findings.js';
import { inventoryFileSchema } from './schema.js';
import { locateKey, locateValue, type PathSegment, type SourceFile } from './source.js';
import { nearest } from './suggest.js';

// Turns zod issues into findings a person can act on: the exact position, what was expected, and for
// unknown keys the nearest valid one.

type Issue = z.core.$ZodIssue;

/** The schema that validates the value at `path` (through records, arrays, optionals and unions). */
function schemaAt(path: readonly PathSegment[], value: unknown): z.ZodType | undefined {
  let schema: z.ZodType | undefined = inventoryFileSchema;
  let node: unknown = value;
  for (const segment of path) {
    schema = unwrap(schema, node);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[String(segment)];
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else return undefined;
    node = isRecord(node) ? node[String(segment)] : Array.isArray(node) ? node[Number(segment)] : undefined;
  }
  return unwrap(schema, node);
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodUnion) {
      // A union here is "text or a map": follow the branch that matches the kind of value written.
      const options = s.options as readonly z.ZodType[];
      s = options.find((o) => o instanceof z.ZodObject === isRecord(value)) ?? options[0];
    } else return s;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueAt(root: unknown, path: readonly PathSegment[]): { exists: boolean; value: unknown } {
  let node: unknown = root;
  for (const segment of path) {
    if (isRecord(node) && Object.hasOwn(node, String(segment))) node = node[String(segment)];
    else if (Array.isArray(node) && typeof segment === 'number' && segment < node.length)
      node = node[segment];
    else return { exists: false, value: undefined };
  }
  return { exists: true, value: node };
}

function describeKind(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (isRecord(v)) return 'a map';
  if (typeof v === 'string') return `the text ${JSON.stringify(v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Inline passwords are never echoed, not even when they have the wrong type. */
function isSecretPath(path: readonly PathSegment[]): boolean {
  return path[path.length - 1] === 'password';
}

function describeHidden(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean')
    return `${article(typeof v)} ${typeof v} (value hidden)`;
  return describeKind(v);
}

function dotted(path: readonly PathSegment[]): string {
  return path.length === 0 ? 'the top level' : path.map(String).join('.');
}

/** The keys a map at `path` accepts (for "expected one of" and "did you mean"). */
export function knownKeys(path: readonly PathSegment[], root: unknown): string[] {
  const s = schemaAt(path, root);
  return s instanceof z.ZodObject ? Object.keys(s.shape as object) : [];
}

function expectation(issue: Issue, schema?: z.ZodType): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int' || (schema instanceof z.ZodNumber && schema.isInt))
        return 'a whole number';
      return KIND_NAMES[issue.expected] ?? `${article(issue.expected)} ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `at least ${String(issue.minimum)} ${issue.origin === 'string' ? 'character' : 'item'}(s)`
        : `a number ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `a number ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

const KIND_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true/false',
  array: 'a list',
  object: 'a map',
};

function segments(path: readonly PropertyKey[]): PathSegment[] {
  return path.filter((p): p is PathSegment => typeof p !== 'symbol');
}

function unionFindings(issue: Extract<Issue, { code: 'invalid_union' }>, root: unknown): Issue[] {
  const value = valueAt(root, segments(issue.path)).value;
  // Keep the branch that matches what was written (a map → the map branch) so errors point inside it.
  const branch = issue.errors.find(
    (errs) => !errs.some((e) => e.path.length === 0 && e.code === 'invalid_type'),
  );
  if (isRecord(value) && branch)
    return branch.map((e) => ({ ...e, path: [...issue.path, ...e.path] }) as Issue);
  const kinds = issue.errors.flatMap((errs) =>
    errs.flatMap((e) =>
      e.path.length === 0 && e.code === 'invalid_type' ? [KIND_NAMES[e.expected] ?? e.expected] : [],
    ),
  );
  return [
    {
      ...issue,
      message: `expected ${[...new Set(kinds)].join(' or ')}, got ${describeKind(value)}`,
    } as Issue,
  ];
}

/** A map key that is not a safe name (hosts, clusters, members, scripts): NAME001 at the key. */
function nameFinding(src: SourceFile, path: readonly PathSegment[]): LintFinding {
  const key = String(path[path.length - 1]);
  return {
    code: 'NAME001',
    severity: 'error',
    message: `${dotted(path.slice(0, -1))}: ${JSON.stringify(key)} is not a valid name`,
    location: locateKey(src, path),
    hint: 'names are 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit (they become keepalived words and file names)',
  };
}

/** Findings for every zod issue of one file, with positions in that file. */
export function schemaFindings(src: SourceFile, root: unknown, issues: readonly Issue[]): LintFinding[] {
  const flat = issues.flatMap((i) => (i.code === 'invalid_union' ? unionFindings(i, root) : [i]));
  const findings: LintFinding[] = [];
  for (const issue of flat) {
    const path = segments(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const valid = knownKeys(path, root);
      for (const key of issue.keys) {
        const guess = nearest(key, valid);
        findings.push({
          code: 'SCH002',
          severity: 'error',
          message: `unknown key "${key}" in ${dotted(path)}`,
          location: locateKey(src, [...path, key]),
          hint: `${guess ? `did you mean "${guess}"? ` : ''}expected one of: ${valid.join(', ')}`,
        });
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      findings.push(nameFinding(src, path));
      continue;
    }
    const at = valueAt(root, path);
    if (!at.exists && issue.code === 'invalid_type') {
      const key = String(path[path.length - 1]);
      findings.push({
        code: 'SCH003',
        severity: 'error',
        message: `missing required key "${key}" in ${dotted(path.slice(0, -1))}`,
        location: locateValue(src, path),
        hint: `expected ${expectation(issue, schemaAt(path, root))} for ${key}`,
      });
      continue;
    }
    if (issue.code === 'invalid_union') {
      findings.push({
        code: 'SCH001',
        severity: 'error',
        message: `${dotted(path)}: ${issue.message}`,
        location: locateValue(src, path),
      });
      continue;
    }
    if (issue.code === 'custom') {
      findings.push({
        code: 'SCH004',
        severity: 'error',
        message: `${dotted(path)}: ${issue.message}`,
        location: locateValue(src, path),
      });
      continue;
    }
    findings.push({
      code: 'SCH001',
      severity: 'error',
      message: `${dotted(path)}: expected ${expectation(issue, schemaAt(path, root))}, got ${isSecretPath(path) ? describeHidden(at.value) : describeKind(at.value)}`,
      location: locateValue(src, path),
    });
  }
  return findings;
}
