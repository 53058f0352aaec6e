// The built CLI started the way a user starts it, on whichever Node runs this suite (scripts/test-node-versions.sh
// runs it on 20, 22 and 24): it must start, answer --version and --help, lint and render the example inventory.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = resolve(ROOT, 'bin/vipctl.js');
const EXAMPLE = resolve(ROOT, 'inventories/example.yaml');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function vipctl(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env }, timeout: 60_000 },
      (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe(`the built CLI on Node ${process.versions.node}`, () => {
  it('is built (npm run build) before this suite runs', () => {
    expect(existsSync(resolve(ROOT, 'dist/commands/version.js')), 'run `npm run build` first').toBe(true);
  });

  it('--version names vipctl, its version and this Node', async () => {
    const r = await vipctl(['--version']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.trim()).toBe(
      `vipctl/0.1.0 ${process.platform}-${process.arch} node-v${process.versions.node}`,
    );
  });

  it('--help lists the commands', async () => {
    const r = await vipctl(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['apply', 'configure', 'verify', 'failover-test', 'diagnose', 'render'])
      expect(r.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
  });

  it('inventory lint passes the example inventory', async () => {
    const r = await vipctl(['inventory', 'lint', '-i', EXAMPLE], { VIPCTL_AUTH_PASS: 'secret' });
    expect(r).toMatchObject({ code: 0, stdout: 'inventory ok: no findings\n' });
  });

  it('inventory lint without the password names the missing variable and exits 4', async () => {
    const env = { ...process.env };
    delete env.VIPCTL_AUTH_PASS;
    // the example in its environment-variable form (as shipped it reads an example password file)
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-smoke-'));
    const inv = join(dir, 'env.yaml');
    writeFileSync(
      inv,
      readFileSync(EXAMPLE, 'utf8').replace(/password_file: \S+/, 'password_env: VIPCTL_AUTH_PASS'),
    );
    const r = await new Promise<Run>((done) =>
      execFile(
        process.execPath,
        [BIN, 'inventory', 'lint', '-i', inv],
        { cwd: ROOT, env },
        (err, stdout, stderr) => done({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(4);
    expect(r.stdout + r.stderr).toMatch(/VIPCTL_AUTH_PASS is not set/);
  });

  it('render prints both hosts’ configs with the password masked', async () => {
    const r = await vipctl(['render', '-i', EXAMPLE], { VIPCTL_AUTH_PASS: 'secret' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/### lb-host-1: \/etc\/keepalived\/keepalived.conf\n[\s\S]*state MASTER/);
    expect(r.stdout).toMatch(/### lb-host-2: [\s\S]*state BACKUP/);
    expect(r.stdout).toMatch(/auth_pass \*{8}/);
    expect(r.stdout).not.toMatch(/secret/);
  });

  it('inventory schema prints a JSON Schema', async () => {
    const r = await vipctl(['inventory', 'schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ $schema: expect.stringMatching(/json-schema/) });
  });
});
