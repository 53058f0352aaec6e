#!/usr/bin/env node
/* global process, console */
// Generates src/diagnose/messages/catalog.ts: every log_message / report_config_error format keepalived's
// VRRP, core and library code can print, per release tag, with the source file:line at each tag.
//   node scripts/diagnose-messages.mjs GIT_DIR_OF_KEEPALIVED [TAG …]
// GIT_DIR is a clone of keepalived (e.g. the search tool's fetch of github:acassen/keepalived); nothing is built
// or run from it: the C files are only read, as text, with `git show TAG:path`.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [gitDir, ...tagArgs] = process.argv.slice(2);
if (!gitDir) {
  console.error('usage: node scripts/diagnose-messages.mjs GIT_DIR [TAG …]');
  process.exit(5);
}
/** tag → the distribution that ships it (README of the catalog says which versions matter) */
const TAGS = tagArgs.length > 0 ? tagArgs : ['v1.3.5', 'v2.1.5', 'v2.2.7', 'v2.3.3'];
const DIRS =
  /^(keepalived\/vrrp\/|keepalived\/core\/|keepalived\/trackers\/|keepalived\/main\.c$|lib\/)[^/]*\.c$/;
// the function, and how many arguments come before its format
const CALLS = /\b(log_message|report_config_error|file_config_error|log_rate_limited_error)\s*\(/g;
const SKIP = { log_rate_limited_error: 2 };

const git = (...args) =>
  execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

/**
 * From `pos` (just after the opening parenthesis) read the arguments: [the arguments before the format as
 * text, the format or undefined].
 */
function readCall(src, pos, skip = 1) {
  let depth = 0;
  let i = pos;
  let first = '';
  // the arguments before the format: up to the skip-th comma at depth 0
  for (let n = 0; n < skip; n++) {
    for (; i < src.length; i++) {
      const c = src[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) return [first, undefined];
        depth--;
      } else if (c === ',' && depth === 0) break;
      first += c;
    }
    i++;
    first += ',';
  }
  // second argument: string literals, possibly with macros between them (PRIu64 …), up to , or )
  let fmt = '';
  let literal = false;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (src.startsWith('/*', i)) {
      i = src.indexOf('*/', i) + 2;
    } else if (src.startsWith('//', i)) {
      i = src.indexOf('\n', i);
    } else if (c === '"') {
      literal = true;
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') {
          const n = src[i + 1];
          fmt += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          i += 2;
        } else fmt += src[i++];
      }
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const id = /^[A-Za-z_]\w*/.exec(src.slice(i))[0];
      // a macro between literals stands for some text (PRIu64, a version string …)
      // `"%" PRIu64` completes a conversion begun in the literal; otherwise the macro is text of its own
      fmt += /(?:^|[^%])(?:%%)*%[-+ #0']*\d*(?:\.\d*)?$/.test(fmt) ? 's' : '%s';
      i += id.length;
      if (src[i] === '(') return [first, undefined]; // a function call: not a literal format
    } else if (c === '#') {
      // a preprocessor line inside the call: skip it
      i = src.indexOf('\n', i);
    } else break;
  }
  return [first.trim(), literal ? fmt : undefined];
}

const LEVELS = [
  'LOG_EMERG',
  'LOG_ALERT',
  'LOG_CRIT',
  'LOG_ERR',
  'LOG_WARNING',
  'LOG_NOTICE',
  'LOG_INFO',
  'LOG_DEBUG',
];
function levelOf(fn, arg) {
  // rate-limited errors are logged at LOG_INFO (vrrp.c: log_rate_limited_error)
  if (fn === 'log_rate_limited_error') return 'info';
  if (fn !== 'log_message') return 'config';
  // a computed level (a ? LOG_INFO : LOG_DEBUG): the most severe named
  const named = LEVELS.filter((l) => new RegExp(`\\b${l}\\b`).test(arg));
  return named.length > 0 ? named[0].slice(4).toLowerCase() : 'unknown';
}

const byFormat = new Map();
for (const tag of TAGS) {
  const files = git('ls-tree', '-r', '--name-only', tag)
    .split('\n')
    .filter((f) => DIRS.test(f));
  for (const file of files) {
    const src = git('show', `${tag}:${file}`);
    for (const m of src.matchAll(CALLS)) {
      if (
        /^\s*(?:extern\s+)?(?:void|static|int)\b/.test(src.slice(src.lastIndexOf('\n', m.index) + 1, m.index))
      )
        continue; // the definition itself
      const [arg, fmt] = readCall(src, m.index + m[0].length, SKIP[m[1]] ?? 1);
      if (fmt === undefined) continue;
      const text = fmt.replace(/\n+$/, '');
      if (text.replace(/%[-+ #0]*(\*|\d+)?(\.(\*|\d+))?(hh|h|ll|l|z|j|t|L)?[a-zA-Z%]/g, '').trim().length < 4)
        continue;
      const line = src.slice(0, m.index).split('\n').length;
      const level = levelOf(m[1], arg);
      const e = byFormat.get(text) ?? { format: text, level, sites: {} };
      if (
        LEVELS.indexOf(`LOG_${level.toUpperCase()}`) >= 0 &&
        LEVELS.indexOf(`LOG_${e.level.toUpperCase()}`) > LEVELS.indexOf(`LOG_${level.toUpperCase()}`)
      )
        e.level = level;
      const v = tag.replace(/^v/, '');
      e.sites[v] ??= `${file}:${line}`;
      byFormat.set(text, e);
    }
  }
}
const entries = [...byFormat.values()].sort((a, b) => a.format.localeCompare(b.format));
const versions = TAGS.map((t) => t.replace(/^v/, ''));
const head = `// GENERATED by scripts/diagnose-messages.mjs from keepalived's source (tags ${TAGS.join(', ')}); do not edit.
// Every log_message / report_config_error format of keepalived's VRRP, core and library code, with the file:line
// that prints it at each tag ("site" absent: that version does not print it). level: syslog level, or "config"
// for configuration errors (printed on stderr by -t and logged).
import type { CatalogMessage } from './types.js';

export const CATALOG_VERSIONS = ${JSON.stringify(versions)} as const;

export const CATALOG: readonly CatalogMessage[] = ${JSON.stringify(entries, null, 1)};
`;
const out = resolve(import.meta.dirname, '../src/diagnose/messages/catalog.ts');
writeFileSync(out, head);
// formatted as the repository formats it, so a regeneration from the same tags changes nothing
execFileSync('npx', ['prettier', '--write', out], { stdio: 'ignore' });
const per = versions.map((v) => `${v}: ${entries.filter((e) => e.sites[v]).length}`).join(', ');
console.log(`${entries.length} distinct formats (${per}) → ${out}`);
