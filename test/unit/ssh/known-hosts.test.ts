import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkHostKey, fingerprint, knownHostsName, recordHostKey } from '../../../src/ssh/known-hosts.js';

/** An SSH wire-format public key blob: string type, then opaque key bytes. */
function blob(type: string, seed: string): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.from(seed.padEnd(32, '.'))]);
}

const keyA = blob('ssh-ed25519', 'host-a');
const keyB = blob('ssh-ed25519', 'host-b');
const dir = mkdtempSync(join(tmpdir(), 'vipctl-kh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(lines: string[]): string {
  const f = join(dir, `kh-${Math.random()}`);
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

describe('known_hosts', () => {
  it('trusts a recorded key, refuses a different key of the same type as changed', () => {
    const f = file([`10.10.10.51 ssh-ed25519 ${keyA.toString('base64')}`]);
    expect(checkHostKey(f, '10.10.10.51', keyA)).toBe('trusted');
    expect(checkHostKey(f, '10.10.10.51', keyB)).toBe('changed');
    expect(checkHostKey(f, '10.10.10.52', keyA)).toBe('unknown');
  });

  it('matches hashed names and [host]:port names', () => {
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update('[10.10.10.51]:2222').digest('base64');
    const f = file([`|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${keyA.toString('base64')}`]);
    expect(knownHostsName('10.10.10.51', 2222)).toBe('[10.10.10.51]:2222');
    expect(checkHostKey(f, '[10.10.10.51]:2222', keyA)).toBe('trusted');
    expect(checkHostKey(f, '10.10.10.51', keyA)).toBe('unknown');
  });

  it('honours @revoked and comma-separated names, ignores comments', () => {
    const f = file([
      '# comment',
      `lb1,10.10.10.51 ssh-ed25519 ${keyA.toString('base64')}`,
      `@revoked * ssh-ed25519 ${keyB.toString('base64')}`,
    ]);
    expect(checkHostKey(f, 'lb1', keyA)).toBe('trusted');
    expect(checkHostKey(f, '10.10.10.51', keyB)).toBe('revoked');
  });

  it('records a new key so the next check trusts it; a missing file means unknown', () => {
    const f = join(dir, 'new', 'known_hosts');
    expect(checkHostKey(f, '10.10.10.53', keyA)).toBe('unknown');
    recordHostKey(f, '10.10.10.53', keyA);
    expect(readFileSync(f, 'utf8')).toBe(`10.10.10.53 ssh-ed25519 ${keyA.toString('base64')}\n`);
    expect(checkHostKey(f, '10.10.10.53', keyA)).toBe('trusted');
  });

  // Security review H1: `[` `]` were regex classes, so plain [host]:port lines never matched.
  it('matches plain [host]:port lines: the same key is trusted, a changed key on that port is refused', () => {
    const f = file([`[10.10.10.51]:2222 ssh-ed25519 ${keyA.toString('base64')}`]);
    expect(checkHostKey(f, '[10.10.10.51]:2222', keyA)).toBe('trusted');
    expect(checkHostKey(f, '[10.10.10.51]:2222', keyB)).toBe('changed');
    expect(checkHostKey(f, '10.10.10.51', keyA)).toBe('unknown');
    expect(checkHostKey(f, '1', keyA)).toBe('unknown');
  });

  it('round-trips recordHostKey then checkHostKey on a non-22 port', () => {
    const f = join(dir, 'port', 'known_hosts');
    const name = knownHostsName('10.10.10.54', 2222);
    recordHostKey(f, name, keyA);
    expect(checkHostKey(f, name, keyA)).toBe('trusted');
    expect(checkHostKey(f, name, keyB)).toBe('changed');
  });

  it('lets a !pattern veto its line, as OpenSSH does', () => {
    const f = file([`!10.10.10.51,10.10.10.* ssh-ed25519 ${keyA.toString('base64')}`]);
    expect(checkHostKey(f, '10.10.10.51', keyA)).toBe('unknown');
    expect(checkHostKey(f, '10.10.10.52', keyA)).toBe('trusted');
  });

  it('sees a file rewritten between checks (the parse cache follows the file)', () => {
    const f = file([`10.10.10.55 ssh-ed25519 ${keyA.toString('base64')}`]);
    expect(checkHostKey(f, '10.10.10.55', keyB)).toBe('changed');
    writeFileSync(f, `10.10.10.55 ssh-ed25519 ${keyB.toString('base64')}\n# rewritten\n`);
    expect(checkHostKey(f, '10.10.10.55', keyB)).toBe('trusted');
  });

  it('prints fingerprints like OpenSSH (SHA256, base64 without padding)', () => {
    expect(fingerprint(keyA.toString('base64'))).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
