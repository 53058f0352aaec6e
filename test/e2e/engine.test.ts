// install and configure on real hosts over real SSH: converge, idempotence, single-host change, validation
// failure that changes nothing, unreachable hosts, check mode, host-key checking, secrets kept out of output.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  LAB_KNOWN_HOSTS,
  labDefaultsYaml,
  labHost,
  purgeKeepalived,
  sshExec,
  vipctl,
  vipHolders,
  watchAddresses,
  writeInventory,
} from './lab-fixture.js';

const VIP = '10.10.10.50';
const PASS = 'Xy7kQ2zw'; // distinctive, so a leak in any output is detectable
const env = { VIPCTL_TEST_AUTH: PASS };
const HOSTS = ['lb-host-1', 'lb-host-2'];

function inventory(
  opts: { backupPriority?: number; extraHosts?: string; templateDir?: string; knownHosts?: string } = {},
): string {
  const defaults = opts.knownHosts
    ? labDefaultsYaml().replace(LAB_KNOWN_HOSTS, opts.knownHosts)
    : labDefaultsYaml();
  return writeInventory(
    [
      defaults,
      opts.templateDir ? `template_dir: ${opts.templateDir}` : '',
      'hosts:',
      '  lb-host-1: { address: 10.10.10.51 }',
      '  lb-host-2: { address: 10.10.10.52 }',
      opts.extraHosts ?? '',
      'clusters:',
      '  cluster-lb:',
      '    instance_name: VI_1',
      '    virtual_router_id: 51',
      `    vips: [${VIP}]`,
      '    auth: { type: PASS, password_env: VIPCTL_TEST_AUTH }',
      '    members:',
      '      lb-host-1: { priority: 100 }',
      `      lb-host-2: { priority: ${opts.backupPriority ?? 90} }`,
      '',
    ].join('\n'),
  );
}

interface JsonRun {
  exitCode: number;
  check: boolean;
  summary: Record<string, number>;
  hosts: {
    host: string;
    status: string;
    error?: string;
    tasks: { name: string; status: string; changes: string[] }[];
  }[];
}

async function run(args: string[]): Promise<{ code: number; json: JsonRun; stderr: string; ms: number }> {
  const r = await vipctl([...args, '--json'], { env });
  let json: JsonRun;
  try {
    json = JSON.parse(r.stdout) as JsonRun;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, json, stderr: r.stderr, ms: r.ms };
}

const statusOf = (j: JsonRun): Record<string, string> =>
  Object.fromEntries(j.hosts.map((h) => [h.host, h.status]));

async function hostState(h: string): Promise<{ sha: string; pid: string; active: string }> {
  const r = await sshExec(
    h,
    'sha256sum /etc/keepalived/keepalived.conf | cut -d" " -f1; systemctl show -p MainPID --value keepalived; systemctl is-active keepalived',
  );
  const [sha, pid, active] = r.stdout.trim().split('\n');
  return { sha: sha ?? '', pid: pid ?? '', active: active ?? '' };
}

const reloadsSince = async (h: string, since: string): Promise<number> =>
  Number(
    (
      await sshExec(
        h,
        `journalctl -u keepalived --since '${since}' --no-pager | grep -c 'systemd.*Reloading keepalived.service' || true`,
      )
    ).stdout.trim(),
  );

const now = (): string => new Date(Date.now() - 500).toISOString().replace('T', ' ').slice(0, 19);

describe('install and configure on the lab', () => {
  let firstRunMs = 0;

  beforeAll(async () => {
    // Fresh hosts whatever ran before: no keepalived, no config.
    await purgeKeepalived(HOSTS);
  });

  it('install on fresh hosts: keepalived and ipset installed and enabled on every host', async () => {
    const r = await run(['install', '-i', inventory()]);
    expect(r.code, r.stderr).toBe(0);
    expect(statusOf(r.json)).toEqual({ 'lb-host-1': 'changed', 'lb-host-2': 'changed' });
    firstRunMs += r.ms;
    for (const h of HOSTS) {
      const s = await sshExec(
        h,
        'dpkg-query -W -f="\\${db:Status-Abbrev}\\n" keepalived ipset; systemctl is-enabled keepalived',
      );
      expect(
        s.stdout
          .trim()
          .split('\n')
          .map((l) => l.trim()),
      ).toEqual(['ii', 'ii', 'enabled']);
    }
  });

  it('configure: the VIP is on the master only; config is mode 0600', async () => {
    const r = await run(['configure', '-i', inventory()]);
    expect(r.code, r.stderr).toBe(0);
    firstRunMs += r.ms;
    expect(statusOf(r.json)).toEqual({ 'lb-host-1': 'changed', 'lb-host-2': 'changed' });
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).join() === 'lb-host-1', 10_000)).toBe(
      true,
    );
    const mode = await sshExec('lb-host-1', 'stat -c %a /etc/keepalived/keepalived.conf');
    expect(mode.stdout.trim()).toBe('600');
  });

  it('a second run of both changes nothing, reloads nothing, and is much faster', async () => {
    const before = await Promise.all(HOSTS.map(hostState));
    const since = now();
    const install = await run(['install', '-i', inventory()]);
    const configure = await run(['configure', '-i', inventory()]);
    expect(install.code).toBe(0);
    expect(configure.code).toBe(0);
    expect(install.json.summary.changed + configure.json.summary.changed).toBe(0);
    expect(await Promise.all(HOSTS.map(hostState))).toEqual(before);
    expect(await Promise.all(HOSTS.map((h) => reloadsSince(h, since)))).toEqual([0, 0]);
    expect(install.ms + configure.ms).toBeLessThan(firstRunMs / 2);
  });

  it('--check with a changed priority reports the change and changes nothing', async () => {
    const before = await Promise.all(HOSTS.map(hostState));
    const r = await run(['configure', '-i', inventory({ backupPriority: 80 }), '--check']);
    expect(r.code).toBe(0);
    expect(r.json.check).toBe(true);
    expect(statusOf(r.json)).toEqual({ 'lb-host-1': 'ok', 'lb-host-2': 'changed' });
    expect(await Promise.all(HOSTS.map(hostState))).toEqual(before);
  });

  it('changing one host priority changes and reloads only that host; the diff masks the password', async () => {
    const before = await Promise.all(HOSTS.map(hostState));
    const since = now();
    const r = await vipctl(['configure', '-i', inventory({ backupPriority: 80 }), '--diff', '-vv'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/-\s+priority 90\n\+\s+priority 80/);
    expect(r.stdout).toContain('auth_pass ********');
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASS);
    const after = await Promise.all(HOSTS.map(hostState));
    expect(after[0]).toEqual(before[0]);
    expect(after[1]!.sha).not.toBe(before[1]!.sha);
    expect(after[1]!.pid).toBe(before[1]!.pid); // reloaded (SIGHUP), not restarted
    expect(await Promise.all(HOSTS.map((h) => reloadsSince(h, since)))).toEqual([0, 1]);
    expect(await vipHolders(VIP, HOSTS)).toEqual(['lb-host-1']);
    const backups = await sshExec('lb-host-2', 'ls /etc/keepalived/ | grep -c "keepalived.conf.*.bak"');
    expect(Number(backups.stdout.trim())).toBeGreaterThanOrEqual(1);
  });

  it('a template that renders an invalid config changes nothing: old config kept, service up, VIP unmoved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-bad-template-'));
    const good = readFileSync(new URL('../../templates/keepalived.conf.hbs', import.meta.url), 'utf8');
    writeFileSync(
      join(dir, 'keepalived.conf.hbs'),
      good.replace('advert_int {{advertInt}}', 'advert_int {{advertInt}}\n    virtual_router_id 300'),
    );
    const before = await Promise.all(HOSTS.map(hostState));
    const watches = HOSTS.map((h) => watchAddresses(h));
    const r = await vipctl(['configure', '-i', inventory({ backupPriority: 70, templateDir: dir })], { env });
    await new Promise((res) => setTimeout(res, 1500));
    watches.forEach((w) => w.stop());
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/failed validation/);
    expect(r.stdout).toMatch(/keepalived -t says:[\s\S]*Line \d+[\s\S]*virtual_router_id 300/);
    expect(await Promise.all(HOSTS.map(hostState))).toEqual(before);
    expect(watches.flatMap((w) => w.lines).filter((l) => l.includes(VIP))).toEqual([]);
    expect(await vipHolders(VIP, HOSTS)).toEqual(['lb-host-1']);
    const leftovers = await sshExec('lb-host-2', 'ls /etc/keepalived/ | grep -c vipctl-new || true');
    expect(leftovers.stdout.trim()).toBe('0');
  });

  it('an unreachable host does not stop the others; the recap says so and the exit code is 3', async () => {
    const inv = inventory({
      backupPriority: 85,
      extraHosts: '  lb-host-9: { address: 10.10.10.99, ssh: { connect_timeout: 2 } }',
    });
    const r = await run(['configure', '-i', inv]);
    expect(r.code).toBe(3);
    expect(statusOf(r.json)).toEqual({
      'lb-host-1': 'ok',
      'lb-host-2': 'changed',
      'lb-host-9': 'unreachable',
    });
    expect(r.json.hosts.find((h) => h.host === 'lb-host-9')!.error).toMatch(/lb-host-9: cannot connect/);
    const plain = await vipctl(['configure', '-i', inv], { env });
    expect(plain.stdout).toMatch(/lb-host-9\s+unreachable/);
  });

  it('a changed host key is refused; an unknown one too, unless --accept-new-host-keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-kh-'));
    const changed = join(dir, 'changed');
    // lb-host-1's address with lb-host-3's key: what a reinstalled host or an impostor looks like.
    const key3 = labHost('lb-host-3').hostKey.split(' ').slice(0, 2).join(' ');
    writeFileSync(
      changed,
      readFileSync(LAB_KNOWN_HOSTS, 'utf8').replace(/^10\.10\.10\.51 .*$/m, `10.10.10.51 ${key3}`),
    );
    const r1 = await run(['install', '-i', inventory({ backupPriority: 85, knownHosts: changed })]);
    expect(r1.code).toBe(3);
    const h1 = r1.json.hosts.find((h) => h.host === 'lb-host-1')!;
    expect(h1.status).toBe('unreachable');
    expect(h1.error).toMatch(/HOST KEY CHANGED/);
    expect(statusOf(r1.json)['lb-host-2']).toBe('ok');

    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    const r2 = await run(['install', '-i', inventory({ backupPriority: 85, knownHosts: empty })]);
    expect(r2.code).toBe(3);
    expect(r2.json.hosts.every((h) => /not in .*empty/.test(h.error ?? ''))).toBe(true);
    const r3 = await run([
      'install',
      '-i',
      inventory({ backupPriority: 85, knownHosts: empty }),
      '--accept-new-host-keys',
    ]);
    expect(r3.code).toBe(0);
    expect(readFileSync(empty, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('an inventory with lint errors touches nothing (exit 4)', async () => {
    const r = await vipctl(['configure', '-i', inventory({ backupPriority: 100 })], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/PRIO\d+/);
  });
});
