import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfigFiles } from '../../../src/keepalived/check-files.js';
import type { ConfigNode } from '../../../src/keepalived/types.js';
import { keepalivedAvailable, keepalivedCheck, removeNamespace } from './keepalived-run.js';

// The corpus (test/fixtures/keepalived-corpus, SOURCES.md): real configs written by other people and
// keepalived's own samples. Every file parses with positions; the errors check-config finds are exactly
// the ones recorded in expected-errors.json (reviewed by hand: templates, typos, removed keywords…); and the
// real keepalived 2.2.7 agrees: every line it complains about carries a check-config finding, and a file it
// accepts without a word has no check-config error.

const ROOT = resolve('test/fixtures/keepalived-corpus');
const expected = JSON.parse(readFileSync(join(ROOT, 'expected-errors.json'), 'utf8')) as Record<
  string,
  string[]
>;
const files = ['samples', 'public'].flatMap((d) => readdirSync(join(ROOT, d)).map((f) => `${d}/${f}`));

/**
 * Lines keepalived complains about that check-config does not judge, and why. Each is a check that needs
 * the host (name resolution) or a rule vipctl does not have yet (LVS/static routes and rules, global_defs ranges).
 */
const KNOWN: Record<string, { lines: number[]; why: string }> = {
  'public/Chuyio__keepalived_nginx__keepalived.conf': {
    lines: [8],
    why: 'smtp_server by name: resolved on the host',
  },
  'public/Tgentimc__keepalived_conf__keepalived.conf': {
    lines: [14],
    why: 'smtp_server by name: resolved on the host',
  },
  'public/enbiyagoral__ha-k8s-cluster__keepalived_keepalived.conf': {
    lines: [6, 7],
    why: 'global_defs value ranges (vrrp_garp_interval 0)',
  },
  'public/snemarch__dns-doodle__keepalived_keepalived.conf': {
    lines: [27],
    why: 'virtual_server quorum range',
  },
  'public/matayto__pihole-keepalived__etc_keepalived_keepalived.conf': {
    lines: [],
    why: 'LVS forwarding method default',
  },
  'samples/keepalived.conf.track_interface': { lines: [31], why: 'static route tracking' },
  'samples/keepalived.conf.vrrp.routes': {
    lines: [29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40],
    why: 'virtual_routes syntax',
  },
  'samples/keepalived.conf.vrrp.rules': { lines: [10, 11, 25, 26], why: 'virtual_rules syntax' },
  'samples/keepalived.conf.vrrp.static_ipaddress': { lines: [25], why: 'static route tracking' },
};

function everyNodeHasPosition(nodes: ConfigNode[]): boolean {
  return nodes.every(
    (n) =>
      n.loc.line >= 1 &&
      n.loc.column >= 1 &&
      n.args.every((a) => a.loc.line >= 1) &&
      everyNodeHasPosition(n.children),
  );
}

describe('keepalived.conf corpus', () => {
  it('holds at least 40 public configs and the samples, each listed in SOURCES.md', () => {
    const sources = readFileSync(join(ROOT, 'SOURCES.md'), 'utf8');
    const pub = files.filter((f) => f.startsWith('public/'));
    expect(pub.length).toBeGreaterThanOrEqual(40);
    for (const f of pub) expect(sources).toContain(`| ${f} |`);
    expect(Object.keys(expected).sort()).toEqual([...files].sort());
  });

  it.each(files)('%s parses with positions and has exactly its recorded errors', (f) => {
    const r = checkConfigFiles([join(ROOT, f)]);
    expect(everyNodeHasPosition(r.parsed[0]!.nodes)).toBe(true);
    expect(r.parsed[0]!.nodes.length).toBeGreaterThan(0);
    expect(
      r.findings.filter((x) => x.severity === 'error').map((x) => `${x.code}@${x.location.line}`),
    ).toEqual(expected[f]);
  });
});

describe.runIf(keepalivedAvailable())('keepalived -t agrees with check-config', () => {
  afterAll(removeNamespace);

  it.each(files)('%s', (f) => {
    const file = join(ROOT, f);
    const r = checkConfigFiles([file]);
    const verdict = keepalivedCheck(file, r.parsed[0]!.nodes);
    const flagged = new Set(r.findings.map((x) => x.location.line));
    const known = new Set(KNOWN[f]?.lines ?? []);
    // a template placeholder (KC016) makes keepalived read its braces as blocks: what follows is noise
    const template = r.findings.some((x) => x.code === 'KC016');
    const missed = template ? [] : verdict.lines.filter((l) => !flagged.has(l) && !known.has(l));
    expect(missed, `keepalived: ${verdict.messages.join(' | ')}`).toEqual([]);
    if (verdict.exit === 0 && verdict.messages.length === 0) {
      expect(r.errors, 'keepalived accepts this file without a word').toBe(0);
    }
  });
});

describe('positions', () => {
  it.each(files)('%s: every word is found in its file at its line and column', (f) => {
    const r = checkConfigFiles([join(ROOT, f)]);
    const lines = new Map([...r.sources].map(([k, v]) => [k, v.split('\n')]));
    const check = (nodes: ConfigNode[]): void => {
      for (const n of nodes) {
        for (const t of [...n.args, ...n.values.flat()]) {
          const line = lines.get(t.loc.file)![t.loc.line - 1]!;
          const at = line.slice(t.loc.column - 1);
          expect(
            at.startsWith(t.quoted ? `"${t.text}` : t.text),
            `${t.loc.line}:${t.loc.column} ${t.text}`,
          ).toBe(true);
        }
        const kw = lines.get(n.loc.file)![n.loc.line - 1]!.slice(n.loc.column - 1);
        expect(kw.startsWith(n.keyword)).toBe(true);
        check(n.children);
      }
    };
    check(r.parsed[0]!.nodes);
  });
});
