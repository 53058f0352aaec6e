import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { SourceLocation } from './types.js';

// A parsed inventory file that can answer "where is this path?" for errors and lint findings.

export type PathSegment = string | number;

export interface SourceFile {
  file: string;
  text: string;
  doc: Document;
  lines: LineCounter;
}

export function parseSource(file: string, text: string): SourceFile {
  const lines = new LineCounter();
  // uniqueKeys is off because the parser's own check is quadratic per map (a 20k-key map took 9 s):
  // duplicateKeys below finds the same mistakes in one pass. Merge keys (`<<: *base`) work as in YAML 1.1.
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false,
    merge: true,
  });
  return { file, text, doc, lines };
}

/** Offsets of every key that repeats an earlier key of the same map (merge keys aside). */
export function duplicateKeys(src: SourceFile): { key: string; offset: number }[] {
  const found: { key: string; offset: number }[] = [];
  visit(src.doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || pair.key.value === '<<') continue;
        const key = String(pair.key.value);
        if (seen.has(key)) found.push({ key, offset: pair.key.range?.[0] ?? 0 });
        seen.add(key);
      }
    },
  });
  return found;
}

// Map nodes indexed by key on first use: locating every field of a big inventory stays linear.
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (isPair(p) && isScalar(p.key)) {
        const k = String(p.key.value);
        if (!index.has(k)) index.set(k, p as Pair);
      }
    }
    pairIndex.set(map, index);
  }
  return index.get(key);
}

export function locationAt(src: SourceFile, offset: number): SourceLocation {
  const { line, col } = src.lines.linePos(offset);
  return { file: src.file, line, column: col };
}

interface Found {
  /** the key node of the last pair walked (for "this entry") */
  key?: Node;
  /** the last entry reached: the key of a map pair or the item of a list */
  anchor?: Node;
  /** the node at the full path, when it exists */
  value?: Node;
  /** how many segments could be walked */
  depth: number;
}

function walk(src: SourceFile, path: readonly PathSegment[]): Found {
  let node: unknown = src.doc.contents;
  let key: Node | undefined;
  let anchor: Node | undefined;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = pairOf(node as YAMLMap, String(segment));
      if (!pair) break;
      key = pair.key as Node;
      anchor = key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      node = item;
      anchor = item as Node;
    } else break;
    depth++;
  }
  return {
    key,
    anchor,
    value: depth === path.length ? ((node as Node | undefined) ?? undefined) : undefined,
    depth,
  };
}

function nodeLocation(src: SourceFile, node: Node | undefined): SourceLocation | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : locationAt(src, start);
}

/** Where the value at `path` starts; for a missing value, the key of its nearest existing parent entry. */
export function locateValue(src: SourceFile, path: readonly PathSegment[]): SourceLocation {
  const found = walk(src, path);
  return nodeLocation(src, found.value) ?? nodeLocation(src, found.anchor) ?? fileStart(src);
}

/** Where the key naming `path`'s last segment starts (for unknown keys and whole entries). */
export function locateKey(src: SourceFile, path: readonly PathSegment[]): SourceLocation {
  const found = walk(src, path);
  if (found.depth === path.length && found.key && typeof path[path.length - 1] === 'string') {
    return nodeLocation(src, found.key) ?? fileStart(src);
  }
  return locateValue(src, path);
}

function fileStart(src: SourceFile): SourceLocation {
  return { file: src.file, line: 1, column: 1 };
}
