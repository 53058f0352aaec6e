import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from './run-cli.js';

// A new user's first commands, with nothing set in the environment (no VIPCTL_AUTH_*, no VIPCTL_INVENTORY).
const env = cleanEnv();
const examples = readdirSync('inventories').filter((f) => f.endsWith('.yaml'));

describe('every shipped example inventory works out of the box', () => {
  it('has the runbook and the multi-cluster example', () => {
    expect(examples).toEqual(expect.arrayContaining(['example.yaml', 'multi.yaml']));
  });

  for (const file of examples) {
    it(`inventory lint -i inventories/${file}: clean with an empty environment`, async () => {
      const r = await runCli(['inventory', 'lint', '-i', join('inventories', file)], { env });
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        code: 0,
        stdout: 'inventory ok: no findings\n',
        stderr: '',
      });
    });
  }
});

describe('the examples in --help that need no host', () => {
  // Commands that only read files; every example of theirs naming a shipped inventory must run as printed.
  const manifest = JSON.parse(readFileSync('oclif.manifest.json', 'utf8')) as {
    commands: Record<string, { examples?: string[] }>;
  };
  const offline = ['render', 'inventory:lint', 'inventory:show'];
  const runnable = offline.flatMap((id) =>
    (manifest.commands[id]?.examples ?? [])
      .map((e) => e.replace('<%= config.bin %> ', '').split(' '))
      .filter((words) => words.some((w) => /^inventories\/.+\.yaml$/.test(w))),
  );

  it('include render’s and inventory lint’s', () => {
    expect(runnable.map((w) => w.slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining(['render -i', 'inventory lint']),
    );
  });

  for (const words of runnable) {
    it(`vipctl ${words.join(' ')}`, async () => {
      const r = await runCli(words, { env });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).not.toBe('');
    });
  }

  it('render masks the example password', async () => {
    const r = await runCli(['render', '-i', 'inventories/example.yaml', '--host', 'lb-host-1'], { env });
    expect(r.stdout).toContain('auth_pass ********');
    expect(r.stdout).not.toContain('secret');
  });
});
