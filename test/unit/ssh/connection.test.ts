// Regression tests for the security review's L2 (sudo password only when sudo reads it), L3 (no temp copy left
// behind on failure or signal; the put script run for real in a local sh) and L7 (ProxyJump alias resolved
// through ~/.ssh/config, several hops refused).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { becomeCommand, putScript, resolveJump, type Endpoint } from '../../../src/ssh/connection.js';

const sh = (script: string, input = ''): { code: number | null; stderr: string } => {
  const r = spawnSync('sh', ['-c', script], { input });
  return { code: r.status, stderr: r.stderr.toString() };
};

describe('become (L2)', () => {
  it('NOPASSWD sudo gets no password on stdin, even when one is configured', () => {
    expect(becomeCommand('cat', 'sudo', 'pw')).toEqual({ command: 'sudo -n sh -c cat', stdinPrefix: '' });
  });

  it('a sudo that asks reads the password itself, never leaving it for the command (-k: no cached skip)', () => {
    expect(becomeCommand('cat', 'sudo-password', 'pw')).toEqual({
      command: "sudo -k -S -p '' sh -c cat",
      stdinPrefix: 'pw\n',
    });
  });

  it('root runs the command as is', () => {
    expect(becomeCommand('id -u', 'none', 'pw')).toEqual({ command: 'id -u', stdinPrefix: '' });
  });
});

describe('put script (L3), in a local shell', () => {
  it('writes atomically with the mode and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-put-'));
    const target = join(dir, 'sub', 'keepalived.conf');
    expect(sh(putScript(target, '600', 8), 'content\n').code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('content\n');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['keepalived.conf']);
  });

  it('a failure after the copy (here chmod) removes the temp copy and the staging copy in /tmp', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-put-'));
    const staging = join(dir, 'staging');
    writeFileSync(staging, 'auth_pass s3cret\n');
    const r = sh(putScript(join(dir, 'conf'), 'not-a-mode', 17, staging));
    expect(r.code).not.toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an upload cut short (the connection dropped: stdin ended early) never goes live and leaves nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-put-'));
    const r = sh(putScript(join(dir, 'conf'), '600', 100), 'half a fi');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/upload incomplete/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a signal mid-upload (the session hung up) removes the temp copy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-put-'));
    const target = join(dir, 'keepalived.conf');
    const child = spawn('sh', ['-c', putScript(target, '600', 100)], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    child.stdin.write('half a fi');
    await new Promise((r) => setTimeout(r, 300));
    expect(readdirSync(dir).some((n) => n.includes('.vipctl.'))).toBe(true);
    const exited = new Promise((r) => child.on('exit', r));
    process.kill(-child.pid!, 'SIGHUP'); // the whole session, as sshd does when a channel is torn down
    await exited;
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('ProxyJump (L7)', () => {
  const target: Endpoint = { address: '10.0.0.5', port: 22, user: 'ops', identityFile: '/keys/ops' };

  it('an alias is resolved through the ssh config: HostName, User, Port, IdentityFile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-sshcfg-'));
    const cfg = join(dir, 'config');
    writeFileSync(
      cfg,
      'Host bastion\n  HostName 192.0.2.7\n  User jump\n  Port 2222\n  IdentityFile /keys/jump\n',
    );
    expect(resolveJump('lb1', 'bastion', target, cfg)).toEqual({
      address: '192.0.2.7',
      port: 2222,
      user: 'jump',
      identityFile: '/keys/jump',
    });
    // what the spec says wins; what nobody says comes from the target
    expect(resolveJump('lb1', 'me@other:2200', target, cfg)).toEqual({
      address: 'other',
      port: 2200,
      user: 'me',
      identityFile: '/keys/ops',
    });
  });

  it('several hops are refused with a clear message, not shortened to the first', () => {
    expect(() => resolveJump('lb1', 'a,b', target, '/nonexistent')).toThrow(/several hops.*one jump host/);
  });
});
