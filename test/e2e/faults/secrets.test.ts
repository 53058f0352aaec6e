// Every output mode of a real run, grepped for the VRRP auth password and the sudo password: TTY, plain, -vv,
// --json, --check --diff, --junit files, diagnose --save bundles, and the error a failed validation prints.
// Then the files vipctl leaves on the hosts: keepalived.conf and every backup 0600.
// (The lab logs in as root, so sudo is never run; the sudo password is set and must still never be printed.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAIR, converge, expectConverged, faultInventory, faultRecord, VIP } from './fault-fixture.js';
import {
  LAB_AUTH_PASS_FILE,
  VIPCTL,
  hostExec,
  labDefaultsYaml,
  vipctl,
  writeInventory,
} from '../lab-fixture.js';
import { SUDO_PASSWORD } from '../../unit/hostile/generators.js';

const env = { VIPCTL_FAULT_SUDO: SUDO_PASSWORD };

/** The runbook cluster with become's password from the environment; `iface` lets a run fail validation. */
function inventory(backupPriority: number, iface = 'eth0'): string {
  return writeInventory(
    [
      labDefaultsYaml().replace('  interface: eth0', `  interface: ${iface}`),
      '  become: { password_env: VIPCTL_FAULT_SUDO }',
      'hosts:',
      '  lb-host-1: { address: 10.10.10.51 }',
      '  lb-host-2: { address: 10.10.10.52 }',
      'clusters:',
      '  cluster-lb:',
      '    virtual_router_id: 51',
      `    vips: [${VIP}]`,
      `    auth: { type: PASS, password_file: ${LAB_AUTH_PASS_FILE} }`,
      `    members: { lb-host-1: { priority: 100 }, lb-host-2: { priority: ${backupPriority} } }`,
      '',
    ].join('\n'),
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('no password in any output mode of a real run', () => {
  let authPass = '';
  beforeAll(async () => {
    authPass = readFileSync(LAB_AUTH_PASS_FILE, 'utf8').trim();
    await converge(faultInventory());
  }, 600_000);

  it('plain, -vv, --json, --check --diff, --junit, diagnose --save, a validation error: 0 hits; configs and backups 0600', async (ctx) => {
    const meta = faultRecord(ctx, 'secrets.test.ts', ['L1', 'L2', 'L4', 'M3']);
    meta.secretsLeaked = 0;
    meta.stackTraces = 0;
    const out = mkdtempSync(join(tmpdir(), 'vipctl-e2e-secrets-'));
    const runs: [string, string[]][] = [
      ['configure --check --diff -vv', ['configure', '--check', '--diff', '-vv', '-i', inventory(70)]],
      ['configure -vv (plain)', ['configure', '-vv', '-i', inventory(70)]],
      ['configure --json --diff', ['configure', '--json', '--diff', '-i', inventory(71)]],
      ['apply -v', ['apply', '-v', '-i', inventory(72)]],
      [
        'verify --json --junit',
        ['verify', '--json', '--junit', join(out, 'verify.xml'), '-i', inventory(72)],
      ],
      [
        'failover-test --json --junit',
        ['failover-test', 'cluster-lb', '--json', '--junit', join(out, 'failover.xml'), '-i', inventory(72)],
      ],
      ['diagnose --save', ['diagnose', '--save', join(out, 'bundle'), '-i', inventory(72)]],
      ['diagnose --json', ['diagnose', '--json', '-i', inventory(72)]],
      ['a validation error (no such interface)', ['configure', '--diff', '-vv', '-i', inventory(73, 'eth9')]],
    ];
    const leaks: string[] = [];
    for (const [name, args] of runs) {
      const r = await vipctl(args, { env });
      meta.inputs = (meta.inputs ?? 0) + 1;
      const text = r.stdout + r.stderr;
      if (/internal error|\n\s+at .+:\d+:\d+/.test(text)) meta.stackTraces += 1;
      for (const [what, secret] of [
        ['auth', authPass],
        ['sudo', SUDO_PASSWORD],
      ] as const)
        if (text.includes(secret)) leaks.push(`${name}: the ${what} password in its output`);
      expect(text).not.toMatch(/internal error/);
    }
    // the TTY view (listr2) through a pseudo-terminal
    const tty = spawnSync(
      'script',
      [
        '-qefc',
        [process.execPath, VIPCTL, 'configure', '--check', '--diff', '-i', inventory(74)]
          .map((a) => `'${a}'`)
          .join(' '),
        '/dev/null',
      ],
      { encoding: 'utf8', env: { ...process.env, ...env, CI: '', TERM: 'xterm' }, timeout: 120_000 },
    );
    meta.inputs = (meta.inputs ?? 0) + 1;
    for (const [what, secret] of [
      ['auth', authPass],
      ['sudo', SUDO_PASSWORD],
    ] as const)
      if (`${tty.stdout}${tty.stderr}`.includes(secret))
        leaks.push(`TTY configure --check --diff: the ${what} password`);
    expect(tty.stdout, 'the TTY run ran').toMatch(/lb-host-1/);
    for (const file of filesUnder(out)) {
      const text = readFileSync(file, 'utf8');
      for (const [what, secret] of [
        ['auth', authPass],
        ['sudo', SUDO_PASSWORD],
      ] as const)
        if (text.includes(secret)) leaks.push(`${file}: the ${what} password`);
      // a diagnose bundle holds configs, logs and firewall rules: the owner's only (review M3)
      if (file.includes('/bundle/') && (statSync(file).mode & 0o077) !== 0)
        leaks.push(`${file}: readable by others (${(statSync(file).mode & 0o777).toString(8)})`);
    }
    meta.secretsLeaked = leaks.filter((l) => l.includes('password')).length;
    // the files on the hosts: the config and every backup 0600
    for (const h of PAIR) {
      const r = await hostExec(
        h,
        "stat -c '%a %n' /etc/keepalived/keepalived.conf /etc/keepalived/keepalived.conf.*.bak 2>/dev/null",
      );
      for (const line of r.stdout.trim().split('\n').filter(Boolean))
        if (!line.startsWith('600 ')) leaks.push(`${h}: ${line} (want 600)`);
    }
    expect(leaks).toEqual([]);
    await converge(faultInventory());
    await expectConverged(meta);
  }, 400_000);
});
