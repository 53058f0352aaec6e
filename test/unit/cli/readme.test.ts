import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';

// README is what a new user reads first: it must agree with the code it describes.
const readme = readFileSync('README.md', 'utf8');

describe('README.md', () => {
  it('starts with the two commands, exactly', () => {
    const first = /```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(
      first
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('#')[0]!.trim()),
    ).toEqual(['bash scripts/demo.sh', 'bash scripts/test.sh']);
  });

  it('says how to run vipctl from the checkout before the first use of `vipctl`', () => {
    const howTo = readme.indexOf('bin/vipctl.js');
    const firstUse = readme.search(/^vipctl (inventory|lab|render|install|apply) /m); // in a code block
    expect(howTo).toBeGreaterThan(0);
    expect(howTo).toBeLessThan(firstUse);
  });

  it('names the Node.js version package.json requires', () => {
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } })
      .engines;
    const major = /(\d+)/.exec(engines.node)?.[1]; // the oldest supported major
    expect(readme).toContain(`Node.js ${major} or later`);
  });

  it('gives the base build the same time as lab up prints', () => {
    const cli = /debootstrap from .*\(once; about (\d+) s/.exec(readFileSync('src/lab/base.ts', 'utf8'))?.[1];
    const doc = /builds the base system with debootstrap, which takes about (\d+) s/.exec(readme)?.[1];
    expect(cli).toBeDefined();
    expect(doc).toBe(cli);
  });

  it('lists exactly the exit codes of src/cli/exit-codes.ts', () => {
    const table = readme.slice(readme.indexOf('## Exit codes'));
    const codes = [...table.matchAll(/^\| (\d+) +\|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });

  it('links only to files that exist, and keeps the references in docs/', () => {
    const links = [...readme.matchAll(/\]\(((?!https?:)[^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) expect(existsSync(link), link).toBe(true);
    expect(readme.split('\n').length).toBeLessThan(200);
    expect(readme).not.toMatch(/^\| (SCH|AUTH|VRID)\d{3} /m); // lint codes live in docs/inventory.md
  });
});
