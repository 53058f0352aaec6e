import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync('oclif.manifest.json', 'utf8')) as {
  commands: Record<string, { description?: string; hidden?: boolean }>;
};

describe('vipctl --help', () => {
  it('every command has a summary starting with a capital letter', () => {
    const summaries = Object.entries(manifest.commands)
      .filter(([, c]) => !c.hidden)
      .map(([id, c]) => [id, (c.description ?? '').split('\n')[0]!] as const);
    expect(summaries.length).toBeGreaterThan(10);
    expect(summaries.filter(([, s]) => !/^[A-Z]/.test(s))).toEqual([]);
  });
});
