// Flavour "machine": a real Debian 12 system per host, booted with systemd-nspawn from an overlay over the
// shared base root, inside the host's network namespace, launched from a cgroup of its own (lab-notes.md).
import { spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { netnsName, paths } from './config.js';
import { mustRun, runLocal } from './exec.js';
import { PROXY_URL, portOpen } from './proxy.js';
import {
  childPids,
  createHostCgroups,
  hostCgroups,
  hostPids,
  isAlive,
  killAll,
  removeCgroupTree,
  waitUntil,
} from './processes.js';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';

export interface HostDirs {
  dir: string;
  upper: string;
  work: string;
  root: string;
}

export function hostDirs(host: string): HostDirs {
  const dir = join(paths.hosts, host);
  return { dir, upper: join(dir, 'upper'), work: join(dir, 'work'), root: join(dir, 'root') };
}

/** The base root read-only under `d.root`, its writes going to `d.upper`: a host's disk, or a build's. */
export async function mountBaseOverlay(d: { upper: string; work: string; root: string }): Promise<void> {
  await mustRun('mount', [
    '-t',
    'overlay',
    'overlay',
    '-o',
    `lowerdir=${paths.base},upperdir=${d.upper},workdir=${d.work}`,
    d.root,
  ]);
}

async function isMounted(path: string): Promise<boolean> {
  return (await runLocal('mountpoint', ['-q', path])).code === 0;
}

/** Mounts the host's overlay root and writes its identity: hostname, SSH host key, root's key, apt proxy. */
export async function prepareMachineRoot(host: string, publicKey: string): Promise<string> {
  const d = hostDirs(host);
  for (const p of [d.upper, d.work, d.root]) mkdirSync(p, { recursive: true });
  if (!(await isMounted(d.root))) {
    await mountBaseOverlay(d);
  }
  const r = d.root;
  writeFileSync(join(r, 'etc/hostname'), `${host}\n`);
  writeFileSync(
    join(r, 'etc/hosts'),
    `127.0.0.1\tlocalhost\n127.0.1.1\t${host}\n::1\tlocalhost ip6-localhost ip6-loopback\n`,
  );
  const hostKey = join(r, 'etc/ssh/ssh_host_ed25519_key');
  if (!existsSync(hostKey)) {
    await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@${host}`, '-f', hostKey]);
  }
  mkdirSync(join(r, 'etc/ssh/sshd_config.d'), { recursive: true });
  writeFileSync(
    join(r, 'etc/ssh/sshd_config.d/10-vipctl-lab.conf'),
    'HostKey /etc/ssh/ssh_host_ed25519_key\n',
  );
  mkdirSync(join(r, 'root/.ssh'), { recursive: true, mode: 0o700 });
  chmodSync(join(r, 'root/.ssh'), 0o700);
  writeFileSync(join(r, 'root/.ssh/authorized_keys'), publicKey, { mode: 0o600 });
  writeFileSync(join(r, 'etc/apt/apt.conf.d/01vipctl-lab-proxy'), `Acquire::http::Proxy "${PROXY_URL}";\n`);
  return readFileSync(`${hostKey}.pub`, 'utf8').trim();
}

/** Boots the container in the background; returns the PID of systemd-nspawn. */
export function bootMachine(host: string): number {
  const d = hostDirs(host);
  const cgroups = createHostCgroups(host);
  mkdirSync(paths.logs, { recursive: true });
  const log = openSync(join(paths.logs, `${host}.console.log`), 'a');
  const args = [
    '-b',
    '-D',
    d.root,
    '-M',
    host,
    `--network-namespace-path=/run/netns/${netnsName(host)}`,
    '--register=no',
    '--keep-unit',
    '--console=pipe',
    // keepalived adds and removes VIPs and firewall rules: nspawn only grants CAP_NET_ADMIN by itself with
    // --private-network, not with a network namespace handed to it.
    '--capability=CAP_NET_ADMIN',
  ];
  // The shell joins the host's own cgroups before exec'ing nspawn, so services of one container can never be
  // killed through another's cgroup ("systemctl kill" across containers, lab-notes.md).
  const script = 'for d in $LAB_CGROUPS; do echo $$ > "$d/cgroup.procs"; done; exec "$@"';
  const child = spawn('sh', ['-c', script, 'sh', 'systemd-nspawn', ...args], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, LAB_CGROUPS: cgroups.join(' ') },
  });
  closeSync(log);
  child.unref();
  if (!child.pid) throw new UserError(`could not launch systemd-nspawn for ${host}`, ExitCode.ENVIRONMENT);
  return child.pid;
}

/** The container's PID 1 (systemd), i.e. the child of systemd-nspawn. */
export function machineInitPid(nspawnPid: number): number | undefined {
  return childPids(nspawnPid)[0];
}

export async function systemState(initPid: number): Promise<string> {
  const r = await runLocal('nsenter', [
    '-t',
    String(initPid),
    '-m',
    '-u',
    '-i',
    '-n',
    '-p',
    'systemctl',
    'is-system-running',
  ]);
  return r.stdout.trim() || 'unknown';
}

/** Waits until systemd inside reports running (or degraded) and sshd accepts connections. */
export async function waitMachineReady(
  host: string,
  nspawnPid: number,
  address: string,
  timeoutMs = 60_000,
): Promise<string> {
  let state = 'starting';
  const ok = await waitUntil(
    async () => {
      if (!isAlive(nspawnPid)) return true;
      const init = machineInitPid(nspawnPid);
      if (!init) return false;
      state = await systemState(init);
      return (state === 'running' || state === 'degraded') && (await portOpen(address, 22));
    },
    timeoutMs,
    100,
  );
  if (!isAlive(nspawnPid)) {
    const log = join(paths.logs, `${host}.console.log`);
    throw new UserError(`${host} did not boot: systemd-nspawn exited (see ${log})`, ExitCode.ENVIRONMENT);
  }
  if (!ok)
    throw new UserError(
      `${host} did not reach "running" within ${timeoutMs / 1000}s (state: ${state})`,
      ExitCode.ENVIRONMENT,
    );
  return state;
}

/** Powers the container off (systemd's SIGRTMIN+4), then ends whatever is left in its cgroups, by PID. */
export async function stopMachine(host: string, nspawnPid: number | undefined): Promise<void> {
  const init = nspawnPid && isAlive(nspawnPid) ? machineInitPid(nspawnPid) : undefined;
  if (init) {
    const SIGRTMIN_PLUS_4 = 38; // Linux: SIGRTMIN is 34
    killAll([init], SIGRTMIN_PLUS_4);
    await waitUntil(() => !isAlive(nspawnPid!), 5000, 50);
  }
  await killCgroupTree(host);
}

export async function killCgroupTree(host: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const pids = hostPids(host);
    if (pids.length === 0) break;
    killAll(pids, 'SIGKILL');
    await waitUntil(() => hostPids(host).every((p) => !isAlive(p)), 2000, 20);
  }
  for (const cg of hostCgroups(host)) removeCgroupTree(cg);
}

/** Unmounts the host's root and removes its directory (its state goes with it). */
export async function removeMachineRoot(host: string): Promise<void> {
  const d = hostDirs(host);
  if (await isMounted(d.root)) {
    const r = await runLocal('umount', [d.root]);
    if (r.code !== 0) await runLocal('umount', ['-l', d.root]);
  }
  rmSync(d.dir, { recursive: true, force: true });
}
