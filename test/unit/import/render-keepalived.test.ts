import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkParsed } from '../../../src/keepalived/check.js';
import { parseConfig, parseConfigText } from '../../../src/keepalived/parser.js';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { renderHostConfig } from '../../../src/render/render.js';
import { runImport } from '../../../src/import/run.js';
import { keepalivedAvailable, keepalivedCheck, removeNamespace } from '../keepalived/keepalived-run.js';

// What vipctl writes after an import is a config keepalived 2.2.7 accepts at least as well as the original:
// `keepalived -t` says nothing about the rendered file that it did not say about the original (messages
// compared without their line numbers; a script missing on this machine is worded two ways).
// 46 configs: the ones check-config finds no error in.

const ROOT = resolve('test/fixtures/keepalived-corpus');
const files = ['samples', 'public'].flatMap((d) => readdirSync(join(ROOT, d)).map((f) => `${d}/${f}`));
const clean = files.filter(
  (f) => !checkParsed(parseConfig(join(ROOT, f))).some((d) => d.severity === 'error'),
);
const out = mkdtempSync(join(tmpdir(), 'vipctl-rt-kt-'));

const normalize = (m: string): string =>
  m
    .replace(/^\((?:[^()]*: )?Line \d+\) /, '')
    .replace(/^Disabling track script (\S+) since not found\/accessible$/, 'script $1 missing')
    .replace(/^\(\S+\) track script (\S+) not found, ignoring\.\.\.$/, 'script $1 missing');

describe.runIf(keepalivedAvailable())('keepalived -t on what import renders', () => {
  afterAll(removeNamespace);

  it.each(clean)('%s', (f) => {
    const original = join(ROOT, f);
    const parsed = parseConfig(original);
    const r = runImport([{ host: 'h1', parsed, address: '192.0.2.1' }], { secrets: 'inline' });
    const { text } = renderHostConfig(loadInventoryTexts(new Map([['x.yaml', r.yaml]])).inventory, 'h1');
    const rendered = join(out, f.replace('/', '_'));
    writeFileSync(rendered, text);
    const before = new Set(keepalivedCheck(original, parsed.nodes).messages.map(normalize));
    const after = keepalivedCheck(rendered, parseConfigText(text, rendered).nodes).messages.map(normalize);
    // with script security (a documented normalization) keepalived checks the scripts it used to run blindly
    // as root ("SECURITY VIOLATION"): a script missing on this machine is then named
    const secured = [...before].some((m) => m.startsWith('SECURITY VIOLATION'));
    const fresh = after.filter((m) => !before.has(m) && !(secured && /^script \S+ missing$/.test(m)));
    expect(fresh).toEqual([]);
  });
});
