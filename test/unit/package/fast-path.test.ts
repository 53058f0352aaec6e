// bin/fast-path.js answers --version and --help without loading oclif; it must print exactly what oclif prints,
// page by page, and step aside whenever oclif could print something else.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS entry point, no types
import { fastAnswer } from '../../../bin/fast-path.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = resolve(ROOT, 'bin/vipctl.js');
const pages = (
  JSON.parse(readFileSync(resolve(ROOT, 'dist/help.json'), 'utf8')) as { pages: Record<string, string> }
).pages;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) =>
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => done({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr }),
    ),
  );
}

const answer = fastAnswer as (argv: string[], env?: NodeJS.ProcessEnv, stdout?: object) => string | undefined;
const pipe = { isTTY: false };

describe('bin/fast-path.js', () => {
  it('has a page for the root, every topic and every command', () => {
    expect(Object.keys(pages)).toEqual(
      expect.arrayContaining(['', 'lab', 'inventory', 'apply', 'failover-test', 'lab:up', 'inventory:lint']),
    );
  });

  it.each(Object.keys(pages).map((id) => [id || '(root)', id ? id.split(':') : []]))(
    '`vipctl %s --help` prints what oclif prints',
    async (_name, words) => {
      const [fast, oclif] = await Promise.all([
        run(BIN, [...words, '--help']),
        run(BIN, [...words, '--help'], { VIPCTL_NO_FAST_PATH: '1' }),
      ]);
      expect(oclif.code).toBe(0);
      expect(fast).toEqual(oclif);
    },
  );

  it('`vipctl` alone and `vipctl --version` print what oclif prints', async () => {
    for (const args of [[], ['--version']]) {
      const [fast, oclif] = await Promise.all([run(BIN, args), run(BIN, args, { VIPCTL_NO_FAST_PATH: '1' })]);
      expect(fast).toEqual(oclif);
    }
  });

  it('does not load oclif: --help and --version work from a copy of the package without node_modules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-fast-'));
    cpSync(resolve(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(resolve(ROOT, 'package.json'), join(dir, 'package.json'));
    mkdirSync(join(dir, 'dist'));
    symlinkSync(resolve(ROOT, 'dist/help.json'), join(dir, 'dist/help.json'));
    const bin = join(dir, 'bin/vipctl.js');
    expect((await run(bin, ['--help'])).stdout).toBe((await run(BIN, ['--help'])).stdout);
    expect((await run(bin, ['--version'])).stdout).toMatch(/^vipctl\/\d+\.\d+\.\d+ /);
    // and anything else does need oclif: proof that the two above did not reach it
    const render = await run(bin, ['render']);
    expect(render.code).not.toBe(0);
    expect(render.stderr).toMatch(/Cannot find (package|module) '@oclif\/core'/);
  });

  it('steps aside where oclif could print something else', () => {
    const env = { HOME: '/nonexistent' };
    expect(answer(['apply', '--help'], env, pipe)).toBe(pages['apply']);
    expect(answer(['apply', '--help'], { ...env, VIPCTL_NO_FAST_PATH: '1' }, pipe)).toBeUndefined();
    expect(answer(['apply', '--help'], { ...env, OCLIF_COLUMNS: '120' }, pipe)).toBeUndefined();
    expect(answer(['apply', '--help'], env, { isTTY: true, columns: 60 })).toBeUndefined();
    expect(answer(['apply', '--help'], env, { isTTY: true, columns: 200 })).toBe(pages['apply']);
    expect(answer(['apply', '-i', 'x.yaml', '--help'], env, pipe)).toBeUndefined();
    expect(answer(['--help', 'apply'], env, pipe)).toBeUndefined();
    expect(answer(['no-such-command', '--help'], env, pipe)).toBeUndefined(); // oclif's own error
    expect(answer(['apply'], env, pipe)).toBeUndefined();
    expect(answer(['version'], env, pipe)).toBeUndefined();
  });

  it('leaves a user theme to oclif', () => {
    const config = mkdtempSync(join(tmpdir(), 'vipctl-theme-'));
    mkdirSync(join(config, 'vipctl'));
    cpSync(resolve(ROOT, 'package.json'), join(config, 'vipctl/theme.json'));
    expect(answer(['--help'], { XDG_CONFIG_HOME: config }, pipe)).toBeUndefined();
    expect(answer(['--help'], { VIPCTL_CONFIG_DIR: config }, pipe)).toBeUndefined();
  });
});
