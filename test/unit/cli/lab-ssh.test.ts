import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli, tempDir } from './run-cli.js';

// The built CLI with a lab state of its own (VIPCTL_LAB_DIR) and an `ssh` on PATH that records the words it
// gets: what vipctl hands to ssh is the contract here; test/e2e/lab-ssh.test.ts runs the same on the real lab.
let tmp: ReturnType<typeof tempDir>;
let labDir: string;
let env: Record<string, string | undefined>;

beforeAll(() => {
  tmp = tempDir();
  labDir = join(tmp.dir, 'lab');
  const bin = join(tmp.dir, 'bin');
  mkdirSync(labDir);
  mkdirSync(bin);
  writeFileSync(
    join(labDir, 'lab.json'),
    JSON.stringify({
      flavour: 'light',
      hosts: [{ name: 'lb-host-1', address: '10.10.10.51', hostKey: 'k' }],
    }),
  );
  writeFileSync(
    join(bin, 'ssh'),
    `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >"${join(tmp.dir, 'ssh-args')}"\nexit 7\n`,
  );
  chmodSync(join(bin, 'ssh'), 0o755);
  env = cleanEnv({ PATH: `${bin}:${process.env.PATH}`, VIPCTL_LAB_DIR: labDir });
});
afterAll(() => tmp.remove());

const sshWords = () => readFileSync(join(tmp.dir, 'ssh-args'), 'utf8').trimEnd().split('\n');

describe('vipctl lab ssh HOST CMD…', () => {
  it('hands everything after HOST to ssh untouched, options and --help included, and exits with its code', async () => {
    const r = await runCli(['lab', 'ssh', 'lb-host-1', 'ip', '-o', 'addr', '-vv', '--help', 'ip'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(7);
    const words = sshWords();
    expect(words.slice(words.indexOf('root@10.10.10.51'))).toEqual([
      'root@10.10.10.51',
      'ip',
      '-o',
      'addr',
      '-vv',
      '--help',
      'ip',
    ]);
    expect(words).toContain('StrictHostKeyChecking=yes');
  });

  it('takes `--` after HOST as a separator', async () => {
    await runCli(['lab', 'ssh', 'lb-host-1', '--', 'ip', '-br', 'a'], { env });
    expect(sshWords().slice(-4)).toEqual(['root@10.10.10.51', 'ip', '-br', 'a']);
  });

  it('says in --help that options go to the remote command', async () => {
    const r = await runCli(['lab', 'ssh', '--help'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('lab ssh HOST [COMMAND...]');
    expect(r.stdout).toMatch(/Everything after HOST is the remote command/);
  });

  it('names the lab hosts for an unknown host (exit 5), and says the lab is down when it is (exit 6)', async () => {
    const unknown = await runCli(['lab', 'ssh', 'lb-host-9', 'hostname'], { env });
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toBe('vipctl: no lab host named "lb-host-9"\n  hint: lab hosts: lb-host-1\n');
    const down = await runCli(['lab', 'ssh', 'lb-host-1', 'hostname'], {
      env: { ...env, VIPCTL_LAB_DIR: join(tmp.dir, 'no-lab') },
    });
    expect(down.code).toBe(6);
    expect(down.stderr).toBe('vipctl: the lab is not up\n  hint: run `vipctl lab up` first\n');
  });
});
