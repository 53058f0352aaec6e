// Security review M3 (--save), L8 (host text on the terminal), L9 (facts.json trusted): regression tests.
/* eslint-disable no-control-regex -- escape sequences are the input under test */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/cli/errors.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { analyze } from '../../../src/diagnose/analyze.js';
import { readBundle, writeBundle } from '../../../src/diagnose/bundle.js';
import { formatDiagnosis } from '../../../src/diagnose/report.js';
import { host, read } from './recorded.js';

const tmp = (p: string): string => mkdtempSync(join(tmpdir(), p));
const bundleOf = (name: string, log: string) => ({ hosts: [host(name, { log })], unreachable: [] });

async function usageError(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).exitCode).toBe(ExitCode.USAGE);
  return err as UserError;
}

describe('M3: diagnose --save', () => {
  it('creates a fresh 0700 directory with 0600 files', async () => {
    const out = join(tmp('diag-save-'), 'bundle');
    await writeBundle(out, bundleOf('lb1', 'x\n'));
    expect(statSync(out).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(out)) expect(statSync(join(out, f)).mode & 0o777).toBe(0o600);
  });

  it('does not write through a planted symbolic link, nor create its target', async () => {
    const root = tmp('diag-link-');
    const victim = join(root, 'victim');
    writeFileSync(victim, 'ORIGINAL victim content', { mode: 0o600 });
    const out = join(root, 'out');
    mkdirSync(out);
    symlinkSync(victim, join(out, 'lb1.log'));
    symlinkSync(join(root, 'victim2'), join(out, 'facts.json'));
    await usageError(writeBundle(out, bundleOf('lb1', 'lb1 log line\n')));
    expect(readFileSync(victim, 'utf8')).toBe('ORIGINAL victim content');
    expect(existsSync(join(root, 'victim2'))).toBe(false);
  });

  it('refuses a directory that is a link, or not empty; accepts an empty one and tightens it to 0700', async () => {
    const root = tmp('diag-dir-');
    symlinkSync(root, join(root, 'link'));
    await usageError(writeBundle(join(root, 'link'), bundleOf('lb1', 'x\n')));
    mkdirSync(join(root, 'full'));
    writeFileSync(join(root, 'full', 'other'), 'y');
    await usageError(writeBundle(join(root, 'full'), bundleOf('lb1', 'x\n')));
    mkdirSync(join(root, 'empty'), { mode: 0o755 });
    await writeBundle(join(root, 'empty'), bundleOf('lb1', 'x\n'));
    expect(lstatSync(join(root, 'empty')).mode & 0o777).toBe(0o700);
  });

  it('a host name cannot leave the directory, and reads back unchanged', async () => {
    const root = tmp('diag-name-');
    const out = join(root, 'out');
    await writeBundle(out, bundleOf('../escaped', 'escaped line\n'));
    expect(readdirSync(root)).toEqual(['out']);
    expect(readdirSync(out).every((f) => !f.includes('/') && !f.startsWith('.'))).toBe(true);
    const back = await readBundle(out);
    expect(back.hosts.map((h) => h.host)).toEqual(['../escaped']);
  });
});

describe('L8: host text reaches the terminal without control characters', () => {
  it('escape sequences in a log line are shown, not obeyed (colour or not)', () => {
    const evil =
      'Nov 25 08:00:00 lb1 Keepalived_vrrp[1]: (VI_1) Truncating auth_pass to 8 characters \u001b]0;pwned-title\u0007\u001b[2J\u001b[31mFAKE: all healthy\n';
    const d = analyze(bundleOf('lb1\u001b[2J', evil));
    for (const color of [false, true]) {
      const text = formatDiagnosis(d, color);
      // the only ESC allowed is our own colouring: none at all without colour
      const withoutOurs = text.replace(/\u001b\[(?:\d+;)*\d*m/g, '');
      if (!color) expect(text).not.toContain('\u001b');
      expect(withoutOurs).not.toMatch(/\u001b\]|\u001b\[2J|\u0007/);
      expect(text).toContain('\\x1b]0;pwned-title\\x07');
    }
  });
});

describe('L9: facts.json and bundle files are checked', () => {
  const withFacts = (json: string): string => {
    const dir = tmp('diag-facts-');
    writeFileSync(join(dir, 'lb1.log'), read('pairs/healthy-h1.log'));
    writeFileSync(join(dir, 'facts.json'), json);
    return dir;
  };

  it.each([
    ['null', /does not hold diagnose facts/],
    ['{"hosts":{"lb1":null}}', /hosts\.lb1/],
    ['{"unreachable":"x"}', /unreachable/],
    ['{"hosts":{"lb1":{"service":7}}}', /hosts\.lb1\.service/],
    ['{"hosts":{"lb1":{"missingTools":"tcpdump"}}}', /missingTools/],
    ['{"hosts":', /not valid JSON/],
  ])('facts.json %s is a usage error naming the key', async (json, re) => {
    const err = await usageError(readBundle(withFacts(json)));
    expect(err.message).toMatch(re);
  });

  it('a directory, a link or a FIFO with a bundle file name is a usage error, not a stack', async () => {
    const a = tmp('diag-isdir-');
    mkdirSync(join(a, 'lb1.log'));
    expect((await usageError(readBundle(a))).message).toMatch(/lb1\.log: is not a regular file/);
    const b = tmp('diag-islink-');
    symlinkSync('/etc/hostname', join(b, 'lb1.conf'));
    expect((await usageError(readBundle(b))).message).toMatch(/symbolic link/);
    // a FIFO would block the read for ever
    const c = tmp('diag-fifo-');
    execFileSync('mkfifo', [join(c, 'lb1.log')]);
    expect((await usageError(readBundle(c))).message).toMatch(/lb1\.log: is not a regular file/);
  });

  it('binary content is skipped with a note, the rest is analysed', async () => {
    const dir = tmp('diag-bin-');
    writeFileSync(join(dir, 'lb1.log'), read('console/invalid-vrid.log'));
    writeFileSync(join(dir, 'lb1.conf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]));
    const d = analyze(await readBundle(dir));
    expect(d.notes.join('\n')).toMatch(/lb1\.conf: binary content/);
    expect(d.findings.map((f) => f.rule)).toContain('vrid-invalid');
  });
});
