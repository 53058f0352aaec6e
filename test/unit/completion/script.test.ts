// `vipctl completion bash|zsh` driven in the real shells: the completion function is called the way the shell
// calls it (COMP_WORDS/COMP_CWORD for bash, words/CURRENT for zsh) and what it offers is read back.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bashCompletion } from '../../../src/completion/script.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = resolve(ROOT, 'bin/vipctl.js');
const cwd = mkdtempSync(join(tmpdir(), 'vipctl-complete-'));
let bash = '';
let zsh = '';

beforeAll(() => {
  bash = execFileSync(process.execPath, [BIN, 'completion', 'bash'], { encoding: 'utf8' });
  zsh = execFileSync(process.execPath, [BIN, 'completion', 'zsh'], { encoding: 'utf8' });
  writeFileSync(join(cwd, 'prod.yaml'), 'hosts: {}\n');
  writeFileSync(join(cwd, 'play.yaml'), '[]\n');
  mkdirSync(join(cwd, 'my-templates'));
});

function sh(shell: string, script: string): Promise<string[]> {
  return new Promise((done, fail) =>
    execFile(
      shell,
      shell === 'zsh' ? ['-f', '-c', script] : ['--norc', '-c', script],
      { cwd },
      (err, stdout, stderr) =>
        err ? fail(new Error(`${shell}: ${stderr}`)) : done(stdout.split('\n').filter(Boolean).sort()),
    ),
  );
}

/** What bash offers for the command line `words` (the last one is being typed). */
function completeBash(words: string[]): Promise<string[]> {
  const arr = words.map((w) => `'${w}'`).join(' ');
  return sh(
    'bash',
    `${bash}\nCOMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _vipctl; printf '%s\\n' "\${COMPREPLY[@]}"`,
  );
}

/** The same in zsh, with the completion system's builtins replaced by ones that print what they are given. */
function completeZsh(words: string[]): Promise<string[]> {
  const arr = words.map((w) => `'${w}'`).join(' ');
  const stubs = [
    'compdef() { : }',
    'compadd() { [[ $1 == -- ]] && shift; print -l -- "$@" }',
    '_files() { if [[ $1 == -/ ]]; then print -l -- *(/); else print -l -- *; fi }',
    'compset() { : }',
  ].join('\n');
  return sh('zsh', `${stubs}\n${zsh}\nwords=(${arr}); CURRENT=${words.length}; _vipctl; true`);
}

const CASES: [string, string[], string[]][] = [
  [
    'top-level commands and topics',
    ['vipctl', ''],
    ['apply', 'completion', 'failover-test', 'inventory', 'lab', 'verify'],
  ],
  ['a partly typed command', ['vipctl', 'fail'], ['failover-test']],
  ['a topic’s commands', ['vipctl', 'lab', ''], ['down', 'ssh', 'status', 'up']],
  ['flags of a nested command', ['vipctl', 'inventory', 'lint', '--s'], ['--strict']],
  ['fixed values of --mode', ['vipctl', 'failover-test', '--mode', ''], ['isolate', 'kill', 'pause', 'stop']],
  ['files for --inventory', ['vipctl', 'apply', '-i', ''], ['my-templates', 'play.yaml', 'prod.yaml']],
  ['directories for --template-dir', ['vipctl', 'render', '--template-dir', ''], ['my-templates']],
  ['nothing for a free value (--limit)', ['vipctl', 'apply', '--limit', ''], []],
  ['files for run’s playbook', ['vipctl', 'run', 'pl'], ['play.yaml']],
  ['the --no- form of a switch', ['vipctl', 'verify', '--no-a'], ['--no-adverts']],
];

describe('vipctl completion bash', () => {
  it.each(CASES)('%s', async (_name, words, want) => {
    const got = await completeBash(words);
    if (want.length === 0) expect(got).toEqual([]);
    else expect(got).toEqual(expect.arrayContaining(want));
    if (words.at(-1) !== '') for (const g of got) expect(g.startsWith(words.at(-1)!)).toBe(true);
  });

  it('--mode=p completes after the = (bash splits the word there)', async () => {
    expect(await completeBash(['vipctl', 'failover-test', '--mode', '=', 'p'])).toEqual(['pause']);
  });

  it('registers itself for vipctl', async () => {
    expect(await sh('bash', `${bash}\ncomplete -p vipctl`)).toEqual(['complete -F _vipctl vipctl']);
  });
});

describe('vipctl completion zsh', () => {
  it('is valid zsh', async () => {
    await expect(sh('zsh', `zsh -n <<'EOF'\n${zsh}\nEOF`)).resolves.toEqual([]);
  });

  it.each(CASES.filter(([name]) => !/partly|--s|pl|--no-a/.test(name)))('%s', async (_name, words, want) => {
    const got = await completeZsh(words);
    if (want.length === 0) expect(got).toEqual([]);
    else expect(got).toEqual(expect.arrayContaining(want));
  });
});

describe('completion script generation', () => {
  it('refuses words that are not plain (they are pasted into shell code)', () => {
    expect(() => bashCompletion([{ id: "x'; rm -rf /", flags: [], fileArg: false }])).toThrow(
      /unexpected word/,
    );
  });
});
