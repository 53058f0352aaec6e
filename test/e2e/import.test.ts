// vipctl import from the live lab: the runbook's cluster configured by vipctl, then read back over SSH
// (`--from-hosts`): the imported inventory renders the very same files (configure --check changes nothing),
// the password goes to a 0600 file and never into the YAML or the output. A hand-written config with an
// include on a third host is read with its include, positions naming the host's files.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LAB_AUTH_PASS_FILE,
  labDefaultsYaml,
  runbookInventory,
  sshExec,
  vipctl,
  writeInventory,
} from './lab-fixture.js';

const HOSTS_ONLY = (names: string[]): string =>
  writeInventory(
    [
      labDefaultsYaml(),
      'hosts:',
      ...names.map((n) => `  ${n}: { address: 10.10.10.5${n.slice(-1)} }`),
      '',
    ].join('\n'),
    'hosts.yaml',
  );

describe('import from the lab hosts', () => {
  const out = mkdtempSync(join(tmpdir(), 'vipctl-e2e-import-'));

  beforeAll(async () => {
    const inv = runbookInventory();
    for (const cmd of ['install', 'configure']) {
      const r = await vipctl([cmd, '-i', inv]);
      expect(r.code, `${cmd}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  }, 600_000);

  afterAll(async () => {
    await sshExec('lb-host-3', 'rm -rf /etc/keepalived/conf.d /etc/keepalived/keepalived.conf');
  }, 60_000);

  it('reads what configure wrote and builds the inventory that renders it unchanged', async () => {
    const file = join(out, 'imported.yaml');
    const r = await vipctl([
      'import',
      '--from-hosts',
      '-i',
      HOSTS_ONLY(['lb-host-1', 'lb-host-2']),
      '-o',
      file,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const password = readFileSync(LAB_AUTH_PASS_FILE, 'utf8').trim();
    // the password as a word of its own: the lab's ("secret") is also part of the file name "imported.secrets"
    const leaks = new RegExp(`(?<![\\w.])${password.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`);
    expect(r.stdout + r.stderr).not.toMatch(leaks);
    expect(r.stderr).toContain('round trip lb-host-1: same configuration');
    expect(r.stderr).toContain('round trip lb-host-2: same configuration');
    const yaml = readFileSync(file, 'utf8');
    expect(yaml).not.toMatch(leaks);
    const doc = parse(yaml) as {
      clusters: Record<string, Record<string, unknown>>;
      hosts: Record<string, unknown>;
    };
    // vipctl's own instance name (VI_cluster-lb) gives the cluster its name back
    expect(Object.keys(doc.clusters)).toEqual(['cluster-lb']);
    expect(doc.clusters['cluster-lb']).toMatchObject({
      virtual_router_id: 51,
      vips: ['10.10.10.50'],
      auth: { type: 'PASS', password_file: 'imported.secrets/cluster-lb.pass' },
      members: {
        'lb-host-1': { priority: 100, state: 'MASTER' },
        'lb-host-2': { priority: 90, state: 'BACKUP' },
      },
    });
    const pass = join(out, 'imported.secrets/cluster-lb.pass');
    expect(readFileSync(pass, 'utf8').trim()).toBe(password);
    expect(statSync(pass).mode & 0o777).toBe(0o600);

    // the contract end to end: configure with the imported inventory would change nothing
    const check = await vipctl(['configure', '--check', '--json', '-i', file]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const result = JSON.parse(check.stdout) as { hosts: { host: string; status: string }[] };
    expect(result.hosts.map((h) => `${h.host} ${h.status}`).sort()).toEqual(['lb-host-1 ok', 'lb-host-2 ok']);
  }, 300_000);

  it('check-config --host reads each member over SSH and names its findings HOST:PATH:LINE', async () => {
    const r = await vipctl([
      'check-config',
      '-i',
      HOSTS_ONLY(['lb-host-1', 'lb-host-2']),
      '--host',
      'lb-host-1',
      '--host',
      'lb-host-2',
      '--json',
    ]);
    // the runbook's VRID is the sample's 51: a warning, not an error
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      files: string[];
      findings: { code: string; file: string; line: number }[];
      errors: number;
    };
    expect(doc.errors).toBe(0);
    expect(doc.files).toEqual([
      'lb-host-1:/etc/keepalived/keepalived.conf',
      'lb-host-2:/etc/keepalived/keepalived.conf',
    ]);
    expect(doc.findings.map((f) => `${f.code} ${f.file}`)).toEqual([
      'KC109 lb-host-1:/etc/keepalived/keepalived.conf',
      'KC109 lb-host-2:/etc/keepalived/keepalived.conf',
    ]);
  }, 120_000);

  it('follows includes on the host and maps what they hold onto the model (global_defs, instance options)', async () => {
    const main = [
      'global_defs {',
      '    router_id lb3',
      '}',
      'include /etc/keepalived/conf.d/*.conf',
      '',
    ].join('\n');
    const part = [
      'vrrp_instance VI_7 {',
      '    state BACKUP',
      '    interface eth0',
      '    virtual_router_id 77',
      '    priority 50',
      '    virtual_ipaddress {',
      '        10.10.10.77',
      '    }',
      '    dont_track_primary',
      '}',
      '',
    ].join('\n');
    const w = await sshExec(
      'lb-host-3',
      `mkdir -p /etc/keepalived/conf.d && printf %s '${main}' > /etc/keepalived/keepalived.conf && printf %s '${part}' > /etc/keepalived/conf.d/vi7.conf`,
    );
    expect(w.code, w.stderr).toBe(0);
    const r = await vipctl(['import', '--from-hosts', '-i', HOSTS_ONLY(['lb-host-3'])]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = parse(r.stdout) as {
      clusters: Record<string, Record<string, unknown>>;
      defaults?: { global_defs?: Record<string, unknown> };
    };
    // the instance comes from the included file; since the VRRP model (#13) both keywords are typed fields
    expect(doc.clusters['vi-7']).toMatchObject({
      instance_name: 'VI_7',
      virtual_router_id: 77,
      vips: ['10.10.10.77'],
      members: { 'lb-host-3': { priority: 50, state: 'BACKUP' } },
      dont_track_primary: true,
    });
    expect(doc.defaults?.global_defs).toMatchObject({ router_id: 'lb3' });
    expect(r.stderr).toContain('0 not modelled');
    expect(r.stderr).toContain('round trip lb-host-3: same configuration');
  }, 120_000);
});
