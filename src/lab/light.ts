// Flavour "light": a host is a network namespace plus its own mount, UTS and PID namespaces with sshd as PID 1,
// private /run, /tmp and /root (else the controller's ~/.bashrc would run on every remote command) and its own
// /etc/keepalived (via /etc/netns/NS/keepalived, bind-mounted by `ip netns exec`). No systemd: keepalived runs
// from its init script. Packages are the controller's.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_DIR, netnsName, paths } from './config.js';
import { mustRun } from './exec.js';
import { killCgroupTree } from './machine.js';
import { portOpen } from './proxy.js';
import { createHostCgroups, isAlive, waitUntil } from './processes.js';
import type { LabHost } from './state.js';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';

function lightDir(host: string): string {
  return join(LAB_DIR, 'light', host);
}

function etcNetns(host: string): string {
  return join('/etc/netns', netnsName(host));
}

export async function prepareLightHost(host: string, address: string, publicKey: string): Promise<string> {
  const dir = lightDir(host);
  for (const d of ['run', 'tmp']) mkdirSync(join(dir, d), { recursive: true });
  mkdirSync(join(dir, 'root'), { recursive: true, mode: 0o700 });
  mkdirSync(join(etcNetns(host), 'keepalived'), { recursive: true });
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  if (!existsSync(hostKey)) {
    await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@${host}`, '-f', hostKey]);
  }
  writeFileSync(join(dir, 'authorized_keys'), publicKey, { mode: 0o600 });
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `ListenAddress ${address}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PidFile /run/sshd.pid',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'MaxStartups 200',
      'MaxSessions 50',
      'Subsystem sftp /usr/lib/openssh/sftp-server',
      '',
    ].join('\n'),
  );
  return readFileSync(`${hostKey}.pub`, 'utf8').trim();
}

export async function bootLightHost(host: string): Promise<number> {
  const dir = lightDir(host);
  const cgroups = createHostCgroups(host);
  mkdirSync(paths.logs, { recursive: true });
  const log = openSync(join(paths.logs, `${host}.sshd.log`), 'a');
  const inner = [
    `hostname ${host}`,
    `mount --bind ${dir}/run /run`,
    `mount --bind ${dir}/tmp /tmp`,
    `mount --bind ${dir}/root /root`,
    'mkdir -p /run/sshd',
    `exec /usr/sbin/sshd -D -e -f ${dir}/sshd_config`,
  ].join('; ');
  const script = 'for d in $LAB_CGROUPS; do echo $$ > "$d/cgroup.procs"; done; exec "$@"';
  const child = spawn(
    'sh',
    [
      '-c',
      script,
      'sh',
      'ip',
      'netns',
      'exec',
      netnsName(host),
      'unshare',
      '--mount',
      '--uts',
      '--pid',
      '--fork',
      '--mount-proc',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      inner,
    ],
    { detached: true, stdio: ['ignore', log, log], env: { ...process.env, LAB_CGROUPS: cgroups.join(' ') } },
  );
  closeSync(log);
  child.unref();
  if (!child.pid) throw new UserError(`could not start ${host}`, ExitCode.ENVIRONMENT);
  return child.pid;
}

export async function lightHostState(h: LabHost, timeoutMs: number, mustBeReady: boolean): Promise<string> {
  const ok = await waitUntil(
    async () => h.pid !== undefined && isAlive(h.pid) && (await portOpen(h.address, 22)),
    timeoutMs,
    50,
  );
  if (!ok && mustBeReady) {
    throw new UserError(
      `${h.name}: sshd did not start (see ${paths.logs}/${h.name}.sshd.log)`,
      ExitCode.ENVIRONMENT,
    );
  }
  return ok ? 'running' : 'stopped';
}

export async function stopLightHost(host: string): Promise<void> {
  await killCgroupTree(host);
}

export async function removeLightHost(host: string): Promise<void> {
  rmSync(lightDir(host), { recursive: true, force: true });
  rmSync(etcNetns(host), { recursive: true, force: true });
}
