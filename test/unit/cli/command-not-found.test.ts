import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../../../src/cli/suggest.js';
import { runCli } from './run-cli.js';

describe('a mistyped command', () => {
  it('is a usage error (exit 5) in vipctl’s format, with the nearest command and a pointer to --help', async () => {
    const r = await runCli(['instal', '-i', 'inventories/example.yaml']);
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'vipctl: unknown command "instal"\n  hint: did you mean "vipctl install"? `vipctl --help` lists the commands\n',
    );
  });

  it('suggests topic commands with a space, and nothing when nothing is near', async () => {
    const topic = await runCli(['lab', 'sssh', 'lb-host-1']);
    expect(topic.code).toBe(5);
    expect(topic.stderr).toContain('did you mean "vipctl lab ssh"?');
    const far = await runCli(['xyzzy']);
    expect(far.code).toBe(5);
    expect(far.stderr).toBe('vipctl: unknown command "xyzzy"\n  hint: `vipctl --help` lists the commands\n');
  });
});

describe('vipctl help [COMMAND]', () => {
  it('is --help, for the CLI and for one command; an unknown one gets the suggestion', async () => {
    const all = await runCli(['help']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^COMMANDS$/m);
    const one = await runCli(['help', 'lab', 'ssh']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('$ vipctl lab ssh HOST [COMMAND...]');
    const typo = await runCli(['help', 'instal']);
    expect(typo.code).toBe(5);
    expect(typo.stderr).toContain('did you mean "vipctl install"?');
  }, 30_000);
});

describe('nearest', () => {
  const commands = ['install', 'configure', 'apply', 'verify', 'lab ssh', 'lab status', 'inventory lint'];
  it('finds typos, transpositions and prefixes', () => {
    expect(editDistance('instal', 'install')).toBe(1);
    expect(nearest('instal', commands)).toBe('install');
    expect(nearest('verfiy', commands)).toBe('verify');
    expect(nearest('conf', commands)).toBe('configure');
    expect(nearest('inventroy lint', commands)).toBe('inventory lint');
    expect(nearest('xyzzy', commands)).toBeUndefined();
  });
});
