import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventoryTexts } from '../../../src/inventory/load.js';

// docs/inventory.md is the README section: its example must load and its code table must be complete.
const doc = readFileSync('docs/inventory.md', 'utf8');

describe('docs/inventory.md', () => {
  it('lists every finding code the inventory module can emit, and no other', () => {
    const source = readdirSync('src/inventory', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join('src/inventory', f), 'utf8'))
      .join('\n');
    const emitted = new Set([...source.matchAll(/'([A-Z]{2,5}\d{3})'/g)].map((m) => m[1]));
    const documented = new Set([...doc.matchAll(/^\| *([A-Z]{2,5}\d{3}) *\|/gm)].map((m) => m[1]));
    expect([...documented].sort()).toEqual([...emitted].sort());
  });

  it('its example inventory loads and lints clean', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    process.env.VIPCTL_AUTH_PASS = 'x';
    const { inventory, findings } = loadInventoryTexts(new Map([['/docs/inventory.yaml', example]]));
    delete process.env.VIPCTL_AUTH_PASS;
    expect(inventory.clusters.map((c) => c.name)).toEqual(['cluster-lb']);
    // the password file of the example does not exist on this machine
    expect(findings.map((f) => f.code)).toEqual(['AUTH002']);
  });
});
