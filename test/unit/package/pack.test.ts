// The installable package: `npm pack` of this checkout, installed globally into a throwaway prefix (dependencies
// from the registry, no dev dependencies), then run from an unrelated directory as a user would run it.
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'vipctl-pack-'));
const prefix = join(work, 'prefix');
const elsewhere = mkdtempSync(join(tmpdir(), 'vipctl-cwd-'));
// The node running this suite first, then the prefix's bin: `vipctl` is found the way a shell finds it.
const PATH = [dirname(process.execPath), join(prefix, 'bin'), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
let tarball = '';
let files: string[] = [];

function vipctl(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      'vipctl',
      args,
      { cwd: elsewhere, env: { PATH, HOME: work, NO_COLOR: '1', CI: 'true', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => done({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr }),
    ),
  );
}

describe('npm pack → npm install -g → vipctl', () => {
  beforeAll(() => {
    // --ignore-scripts: the suite runs after `npm run build` (prepack would build again)
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info!.filename);
    files = info!.files.map((f) => f.path);
    execFileSync(
      'npm',
      ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tarball],
      { cwd: elsewhere, env: { ...process.env, PATH }, stdio: 'pipe', timeout: 300_000 },
    );
  }, 320_000);

  it('the tarball holds the built CLI, templates, playbooks, schemas, LICENSE; no sources, source maps or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'package.json',
        'bin/vipctl.js',
        'oclif.manifest.json',
        'dist/help.json',
        'dist/commands/apply.js',
        'templates/keepalived.conf.hbs',
        'playbooks/install.yaml',
        'playbooks/configure.yaml',
        'inventories/example.yaml',
        'schemas/verify.schema.json',
        'schemas/junit.xsd',
      ]),
    );
    expect(files.filter((f) => /\.(ts|map)$|^(src|test|scripts|bench)\//.test(f))).toEqual([]);
  });

  it('installs only runtime dependencies', () => {
    const installed = readdirSync(join(prefix, 'lib/node_modules/vipctl/node_modules'));
    expect(installed).toEqual(expect.arrayContaining(['@oclif', 'zod', 'yaml', 'handlebars', 'node-ssh']));
    for (const dev of ['vitest', 'typescript', 'eslint', 'prettier', 'oclif'])
      expect(installed).not.toContain(dev);
  });

  it('vipctl --help and --version work from any directory', async () => {
    const help = await vipctl(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}failover-test /m);
    expect((await vipctl(['--version'])).stdout).toMatch(/^vipctl\/0\.1\.0 linux-x64 node-v/);
    expect((await vipctl(['apply', '--help'])).stdout).toMatch(/^USAGE\n {2}\$ vipctl apply/m);
  });

  it('vipctl render finds its templates inside the package', async () => {
    copyFileSync(join(ROOT, 'inventories/example.yaml'), join(elsewhere, 'example.yaml'));
    // the example reads its (example) password from a file beside it
    cpSync(join(ROOT, 'inventories/example-secrets'), join(elsewhere, 'example-secrets'), {
      recursive: true,
    });
    expect(existsSync(join(elsewhere, 'templates'))).toBe(false);
    const r = await vipctl(['render', '-i', 'example.yaml'], { VIPCTL_AUTH_PASS: 'secret' });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(
      /### lb-host-1: \/etc\/keepalived\/keepalived.conf\n[\s\S]*vrrp_instance VI_1 \{/,
    );
  });

  it('vipctl completion bash prints a script that registers itself', async () => {
    const r = await vipctl(['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^complete -F _vipctl vipctl$/m);
  });

  it('vipctl inventory schema prints the inventory JSON Schema', async () => {
    const r = await vipctl(['inventory', 'schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('properties.clusters');
  });
});
