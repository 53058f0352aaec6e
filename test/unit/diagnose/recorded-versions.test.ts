// Bundles recorded on the lab's source builds of keepalived (test/fixtures/diagnose/versions/<version>/<case>/,
// made by test/e2e/diagnose-versions.test.ts with VIPCTL_RECORD_VERSIONS=1), diagnosed offline; and every
// `verifiedOn` claim of the rules backed by a line of a recording of that version.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import { readBundle } from '../../../src/diagnose/bundle.js';
import { RULES, keepalivedVersion } from '../../../src/diagnose/rules.js';

const ROOT = resolve(import.meta.dirname, '../../fixtures/diagnose/versions');
const versions = existsSync(ROOT) ? readdirSync(ROOT).sort() : [];
const cases = versions.flatMap((v) =>
  readdirSync(join(ROOT, v))
    .filter((c) => existsSync(join(ROOT, v, c, 'expected.json')))
    .map((c) => ({ version: v, name: c, dir: join(ROOT, v, c) })),
);

interface Expected {
  rule: string;
  live: { named: boolean };
}

/** every log and keepalived -t line of a version's recordings */
function recordedLines(version: string): string[] {
  return cases
    .filter((c) => c.version === version)
    .flatMap((c) =>
      readdirSync(c.dir)
        .filter((f) => f.endsWith('.log') || f.endsWith('.txt'))
        .flatMap((f) => readFileSync(join(c.dir, f), 'utf8').split('\n')),
    );
}

describe('diagnose on recordings of other keepalived versions', () => {
  it('has recordings of three versions besides Debian’s 2.2.7', () => {
    expect(versions.filter((v) => v !== '2.2.7').length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases.map((c) => [`${c.version} ${c.name}`, c] as const))('%s', async (_, c) => {
    const exp = JSON.parse(readFileSync(join(c.dir, 'expected.json'), 'utf8')) as Expected;
    const bundle = await readBundle(c.dir);
    // the bundle says which keepalived printed it
    for (const h of bundle.hosts) expect(keepalivedVersion(h.facts.version)).toBe(c.version);
    const d = analyze(bundle);
    const rules = d.findings.map((f) => f.rule);
    // offline, without the inventory, the live-only fact checks (service-down) cannot fire
    if (exp.rule !== 'service-down') expect(rules, c.dir).toContain(exp.rule);
    for (const l of d.lines) expect(l.lines).toBe(l.explained + l.benign + l.unexplained);
  });

  it('every wording marked verifiedOn a version matches a line recorded on it', () => {
    const missing: string[] = [];
    for (const r of RULES) {
      for (const p of r.log ?? []) {
        for (const v of p.verifiedOn ?? []) {
          if (!recordedLines(v).some((l) => p.pattern.test(l))) missing.push(`${r.id} ${p.pattern} on ${v}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
