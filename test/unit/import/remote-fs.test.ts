import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRemoteConfig } from '../../../src/import/remote-fs.js';
import { parseConfig } from '../../../src/keepalived/parser.js';
import type { HostConnection } from '../../../src/ssh/types.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';

// The remote reader's shell script, run for real by a local bash standing in for the SSH channel: the files it
// fetches in rounds (config, includes, glob directories) parse exactly like the same files read locally.

function localConnection(): HostConnection & { commands: number } {
  const conn = {
    host: 'local',
    commands: 0,
    connected: true,
    run(command: string) {
      conn.commands++;
      const r = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
      return Promise.resolve({ code: r.status, stdout: r.stdout, stderr: r.stderr });
    },
    put: () => Promise.reject(new Error('not used')),
    stream: () => {
      throw new Error('not used');
    },
    onClose: () => undefined,
    close: () => Promise.resolve(),
  };
  return conn;
}

describe('reading a config over a connection', () => {
  it('fetches the config and its nested includes in rounds and parses them like local files', async () => {
    const d = mkdtempSync(join(tmpdir(), 'vipctl-remote-'));
    mkdirSync(join(d, 'conf.d'));
    mkdirSync(join(d, 'conf.d', 'more'));
    writeFileSync(
      join(d, 'keepalived.conf'),
      'global_defs {\n  router_id r1\n}\ninclude conf.d/*.conf\ninclude missing.conf\n',
    );
    writeFileSync(
      join(d, 'conf.d', 'a.conf'),
      'vrrp_instance A {\n  interface eth0\n}\ninclude more/*.conf\n',
    );
    writeFileSync(join(d, 'conf.d', 'more', 'b.conf'), 'vrrp_instance B {\n  interface "eth1"\n}\n');
    writeFileSync(join(d, 'conf.d', "it's.conf"), 'vrrp_script s {\n  script "/bin/true"\n}\n');
    const conn = localConnection();
    const remote = await parseRemoteConfig(conn, join(d, 'keepalived.conf'));
    const local = parseConfig(join(d, 'keepalived.conf'));
    expect(remote.nodes).toEqual(local.nodes);
    expect(remote.diagnostics).toEqual(local.diagnostics);
    expect(remote.diagnostics.map((x) => x.code)).toEqual(['KC007']);
    expect(remote.nodes.map((n) => n.args[0]?.text ?? n.keyword)).toEqual(['global_defs', 'A', 'B', 's']);
    expect(conn.commands).toBeLessThanOrEqual(6);
  });

  it('refuses a binary file read over the connection as a finding', async () => {
    const d = mkdtempSync(join(tmpdir(), 'vipctl-remote-'));
    writeFileSync(join(d, 'keepalived.conf'), Buffer.from([1, 2, 3, 0, 10]));
    const remote = await parseRemoteConfig(localConnection(), join(d, 'keepalived.conf'));
    expect(remote.diagnostics.map((x) => [x.code, x.message.includes('not a text file')])).toEqual([
      ['KC009', true],
    ]);
  });

  it('a host where the reading command fails: a user error (exit 2) naming the host, not a crash', async () => {
    const conn = { ...localConnection(), host: 'lb9' };
    conn.run = () => Promise.resolve({ code: 127, stdout: '', stderr: 'base64: command not found' });
    await expect(parseRemoteConfig(conn, '/etc/keepalived/keepalived.conf')).rejects.toMatchObject({
      message: 'reading the config on lb9 failed: base64: command not found',
      exitCode: ExitCode.FAILED,
    });
  });
});
