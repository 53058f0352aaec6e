import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every code check-config or import can report is documented in docs/import.md, and every documented code exists.

const code = (dir: string): Set<string> => {
  const out = new Set<string>();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.ts')) continue;
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'((?:KC|IMP)\d{3})'/g)) out.add(m[1]!);
  }
  return out;
};

describe('docs/import.md', () => {
  it('lists exactly the codes the code reports', () => {
    const inCode = new Set([...code('src/keepalived'), ...code('src/import')]);
    const doc = readFileSync('docs/import.md', 'utf8');
    const inDoc = new Set([...doc.matchAll(/\b((?:KC|IMP)\d{3})\b/g)].map((m) => m[1]!));
    expect([...inCode].filter((c) => !inDoc.has(c))).toEqual([]);
    expect([...inDoc].filter((c) => !inCode.has(c))).toEqual([]);
  });
});
