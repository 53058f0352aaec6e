import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkParsed } from '../../../src/keepalived/check.js';
import { parseConfigText } from '../../../src/keepalived/parser.js';

// Whatever the text, the parser and the rules answer with findings, never an exception, and every finding
// points at a line of the file. Mutations of a real config (braces, quotes, comment characters, backslashes,
// $ and @ inserted or deleted at random places, lines cut) from a fixed seed, so a failure reproduces.

const BASE = readFileSync(
  join(resolve('test/fixtures/keepalived-corpus'), 'samples/keepalived.conf.vrrp.localcheck'),
  'utf8',
);

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const NOISE = [
  '{',
  '}',
  '"',
  '#',
  '!',
  '\\',
  '$X',
  '${Y}',
  '@lb1 ',
  '\n',
  ';',
  'include *.conf\n',
  '{{ a }}',
  '\r\n',
  '\0',
];

describe('parser robustness', () => {
  it.each(Array.from({ length: 200 }, (_, i) => i + 1))('mutation %i', (seed) => {
    const r = rng(seed);
    let text = BASE;
    for (let k = 0; k < 1 + Math.floor(r() * 8); k++) {
      const at = Math.floor(r() * text.length);
      if (r() < 0.3) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 20));
      else text = text.slice(0, at) + NOISE[Math.floor(r() * NOISE.length)]! + text.slice(at);
    }
    const lineCount = text.split('\n').length;
    const parsed = parseConfigText(text, 'm.conf');
    for (const d of checkParsed(parsed)) {
      expect(d.location.line).toBeGreaterThanOrEqual(1);
      if (d.location.file === 'm.conf') expect(d.location.line).toBeLessThanOrEqual(lineCount);
      expect(d.location.column).toBeGreaterThanOrEqual(1);
    }
  });

  it.each([
    ['empty', ''],
    ['only comments', '# a\n! b\n'],
    [
      'CRLF line ends',
      'vrrp_instance V {\r\n  interface eth0\r\n  virtual_router_id 5\r\n  virtual_ipaddress {\r\n    10.0.0.1\r\n  }\r\n}\r\n',
    ],
    ['a line of 100 000 braces', '{'.repeat(100_000)],
    ['ten thousand closing braces', '}\n'.repeat(10_000)],
  ])('%s', (_name, text) => {
    expect(() => checkParsed(parseConfigText(text))).not.toThrow();
  });

  it('reads CRLF files like LF ones', () => {
    const lf = 'vrrp_instance V {\n  interface eth0\n}\n';
    const a = parseConfigText(lf).nodes;
    const b = parseConfigText(lf.replace(/\n/g, '\r\n')).nodes;
    expect(b).toEqual(a);
  });
});
