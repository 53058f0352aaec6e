// The lab's life cycle: up (idempotent, converges to N hosts), down (removes everything it made, also after a
// crash), status (hosts, state, who holds which address).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { ensureBase } from './base.js';
import {
  BRIDGE,
  MAX_HOSTS,
  NETNS_PREFIX,
  RUNBOOK_VIP,
  SUBNET_PREFIX,
  hostAddress,
  hostName,
  paths,
  LAB_DIR,
  type Flavour,
} from './config.js';
import { mustRun, runLocal } from './exec.js';
import { ensureKeepalivedBuild, installKeepalivedBuild } from './keepalived-build.js';
import {
  bootMachine,
  hostDirs,
  machineInitPid,
  prepareMachineRoot,
  removeMachineRoot,
  stopMachine,
  systemState,
  waitMachineReady,
} from './machine.js';
import { bootLightHost, lightHostState, prepareLightHost, removeLightHost, stopLightHost } from './light.js';
import {
  ensureBridge,
  ensureHostNetwork,
  heldAddresses,
  labNamespaces,
  removeBridge,
  removeHostNetwork,
} from './network.js';
import { isAlive, killAll, labCgroupHosts, removeLabCgroupRoot, waitUntil } from './processes.js';
import { ensureProxy } from './proxy.js';
import { readState, writeState, type LabHost, type LabState } from './state.js';

export type Log = (message: string) => void;

const REQUIRED_TOOLS: Record<Flavour, string[]> = {
  machine: ['ip', 'mount', 'nsenter', 'ssh-keygen', 'systemd-nspawn', 'debootstrap', 'apt-cacher-ng'],
  light: ['ip', 'mount', 'nsenter', 'ssh-keygen', 'unshare', 'sshd'],
};

export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new UserError(
      'the lab needs root (it creates a bridge, network namespaces, mounts and containers)',
      ExitCode.ENVIRONMENT,
      'run it as root, e.g. `sudo vipctl lab up`',
    );
  }
}

async function requireTools(flavour: Flavour): Promise<void> {
  const missing: string[] = [];
  for (const tool of REQUIRED_TOOLS[flavour]) {
    const found = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(`${d}/${tool}`));
    if (!found) missing.push(tool);
  }
  if (missing.length > 0) {
    throw new UserError(
      `the lab needs tools that are not installed: ${missing.join(', ')}`,
      ExitCode.ENVIRONMENT,
      'run `bash scripts/install-deps.sh` (installs the Debian packages the lab needs)',
    );
  }
}

async function ensureClientKey(): Promise<string> {
  mkdirSync(paths.sshDir, { recursive: true, mode: 0o700 });
  if (!existsSync(paths.key)) {
    await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'vipctl-lab', '-f', paths.key]);
  }
  return readFileSync(`${paths.key}.pub`, 'utf8');
}

export interface UpResult {
  state: LabState;
  inventory: string;
  baseBuilt: boolean;
  seconds: number;
}

/** inotify instances one booted machine host holds (systemd, journald, udev…): 350 measured for 50 hosts, plus headroom. */
export const INOTIFY_PER_MACHINE = 8;

/**
 * All lab containers run as the same root user, so their systemds share one fs.inotify.max_user_instances
 * (Debian: 128, 14 hosts by this count). Past it a container's systemd dies at boot without a word: say so before booting.
 */
function requireInotifyInstances(hosts: number): void {
  const file = '/proc/sys/fs/inotify/max_user_instances';
  if (!existsSync(file)) return;
  const problem = inotifyShortfall(Number(readFileSync(file, 'utf8').trim()), hosts);
  if (problem) throw new UserError(problem.message, ExitCode.ENVIRONMENT, problem.hint);
}

/** Why `limit` inotify instances cannot hold `hosts` machine hosts, or undefined when it can. */
export function inotifyShortfall(
  limit: number,
  hosts: number,
): { message: string; hint: string } | undefined {
  const need = INOTIFY_PER_MACHINE * hosts + 16; // + the controller's own
  if (limit >= need) return undefined;
  return {
    message: `${hosts} machine hosts need about ${need} inotify instances; fs.inotify.max_user_instances is ${limit} (${Math.floor((limit - 16) / INOTIFY_PER_MACHINE)} hosts at most)`,
    hint: `raise it for the session (sysctl -w fs.inotify.max_user_instances=${Math.max(1024, need)}), or use --flavour light, which has no systemd per host`,
  };
}

export async function labUp(opts: {
  hosts: number;
  flavour: Flavour;
  log: Log;
  /** debootstrap's output while the base is built (for a progress line) */
  onBuildLine?: (line: string) => void;
  /** run this keepalived version, built from source (src/lab/keepalived-build.ts), instead of Debian's */
  keepalived?: string;
}): Promise<UpResult> {
  const started = Date.now();
  requireRoot();
  if (opts.hosts < 1 || opts.hosts > MAX_HOSTS) {
    throw new UserError(`--hosts must be between 1 and ${MAX_HOSTS}`, ExitCode.USAGE);
  }
  await requireTools(opts.flavour);
  if (opts.flavour === 'machine') requireInotifyInstances(opts.hosts);
  let previous = readState();
  if (previous && previous.flavour !== opts.flavour) {
    opts.log(`switching flavour ${previous.flavour} → ${opts.flavour}: removing the current lab first`);
    await labDown({ log: opts.log });
    previous = undefined;
  }
  mkdirSync(LAB_DIR, { recursive: true });
  const baseBuilt = opts.flavour === 'machine' ? await ensureBase(opts.log, opts.onBuildLine) : false;
  if (opts.keepalived !== undefined) {
    if (opts.flavour !== 'machine')
      throw new UserError('--keepalived needs --flavour machine', ExitCode.USAGE);
    const b = await ensureKeepalivedBuild(opts.keepalived, { log: opts.log });
    if (b.built) opts.log(`keepalived ${b.version} built in ${b.seconds.toFixed(0)}s (cached)`);
  }
  await ensureBridge();
  const proxyPid = opts.flavour === 'machine' ? await ensureProxy(previous?.proxyPid) : undefined;
  const publicKey = await ensureClientKey();
  if (!existsSync(paths.authPass)) writeFileSync(paths.authPass, 'secret\n', { mode: 0o600 });

  // Converge to exactly N hosts: remove the extra ones a previous `up` made.
  const extra = (previous?.hosts ?? []).slice(opts.hosts);
  await Promise.all(extra.map((h) => removeHost(h.name, h.pid, opts.flavour)));

  const names = Array.from({ length: opts.hosts }, (_, i) => hostName(i));
  opts.log(`starting ${names.length} ${opts.flavour} host(s) on ${BRIDGE}`);
  const hosts: LabHost[] = await Promise.all(
    names.map(async (name, i) => {
      const address = hostAddress(i);
      const known = previous?.hosts.find((h) => h.name === name);
      await ensureHostNetwork(name, address);
      if (known?.pid && isAlive(known.pid)) {
        if (opts.keepalived !== undefined) await switchKeepalived(name, known.pid, opts.keepalived);
        return known;
      }
      if (opts.flavour === 'machine') {
        const hostKey = await prepareMachineRoot(name, publicKey);
        if (opts.keepalived !== undefined) installKeepalivedBuild(hostDirs(name).root, opts.keepalived);
        return { name, address, hostKey, pid: bootMachine(name) };
      }
      const hostKey = await prepareLightHost(name, address, publicKey);
      return { name, address, hostKey, pid: await bootLightHost(name) };
    }),
  );
  const state: LabState = {
    flavour: opts.flavour,
    hosts,
    proxyPid,
    createdAt: previous?.createdAt ?? new Date().toISOString(),
  };
  writeState(state); // written before waiting, so `down` finds everything even if boot fails
  await Promise.all(
    hosts.map((h) =>
      opts.flavour === 'machine'
        ? waitMachineReady(h.name, h.pid!, h.address)
        : lightHostState(h, 30_000, true),
    ),
  );
  writeFileSync(
    paths.knownHosts,
    hosts.map((h) => `${h.address} ${h.hostKey.split(' ').slice(0, 2).join(' ')}\n`).join(''),
  );
  writeFileSync(paths.inventory, labInventory(hosts, opts.flavour));
  return { state, inventory: paths.inventory, baseBuilt, seconds: (Date.now() - started) / 1000 };
}

/** VIP and VRID of the lab's i-th cluster: the runbook's for the first, then one per further pair of hosts. */
export function labCluster(i: number): { name: string; vrid: number; vip: string } {
  return i === 0
    ? { name: 'cluster-lb', vrid: 51, vip: RUNBOOK_VIP }
    : // .2–.49 first, then above the last possible host address (.201 up): never a host's own address.
      { name: `cluster-lb-${i + 1}`, vrid: 51 + i, vip: `${SUBNET_PREFIX}${i <= 48 ? 1 + i : 152 + i}` };
}

/**
 * The lab's ready-made inventory, with strict host keys: the runbook's cluster (lb-host-1 MASTER 100,
 * lb-host-2 BACKUP 90, VRID 51, VIP 10.10.10.50) and one more two-member cluster per further pair of hosts.
 */
export function labInventory(hosts: LabHost[], flavour: Flavour): string {
  const clusters: Record<string, unknown> = {};
  for (let i = 0; 2 * i + 1 < hosts.length; i++) {
    const c = labCluster(i);
    clusters[c.name] = {
      virtual_router_id: c.vrid,
      vips: [c.vip],
      auth: { type: 'PASS', password_file: paths.authPass },
      members: { [hosts[2 * i]!.name]: { priority: 100 }, [hosts[2 * i + 1]!.name]: { priority: 90 } },
    };
  }
  const doc = {
    defaults: {
      ssh: { user: 'root', port: 22, identity_file: paths.key, known_hosts: paths.knownHosts },
      interface: 'eth0',
      advert_int: 1,
    },
    hosts: Object.fromEntries(hosts.map((h) => [h.name, { address: h.address }])),
    clusters,
  };
  return `# Written by \`vipctl lab up\` (flavour ${flavour}); rewritten on every \`lab up\`.\n${stringify(doc)}`;
}

/** A running host moves to another source build: its files, then systemd re-reads the unit. */
async function switchKeepalived(name: string, nspawnPid: number, version: string): Promise<void> {
  installKeepalivedBuild(hostDirs(name).root, version);
  const init = machineInitPid(nspawnPid);
  if (init) {
    await mustRun('nsenter', [
      '-t',
      String(init),
      '-m',
      '-u',
      '-i',
      '-n',
      '-p',
      'systemctl',
      'daemon-reload',
    ]);
  }
}

async function removeHost(name: string, pid: number | undefined, flavour: Flavour): Promise<void> {
  if (flavour === 'light') {
    await stopLightHost(name);
    await removeLightHost(name);
  } else {
    await stopMachine(name, pid);
    await removeMachineRoot(name);
  }
  await removeHostNetwork(name);
}

/** Removes every host, namespace, mount, cgroup and process the lab made — found from lab.json and by name. */
export async function labDown(opts: {
  log: Log;
  purge?: boolean;
}): Promise<{ removed: string[]; seconds: number }> {
  const started = Date.now();
  requireRoot();
  const state = readState();
  const names = new Set<string>(state?.hosts.map((h) => h.name) ?? []);
  for (const n of labCgroupHosts()) names.add(n);
  if (existsSync(paths.hosts)) for (const n of readdirSync(paths.hosts)) names.add(n);
  for (const ns of await labNamespaces()) names.add(ns.slice(NETNS_PREFIX.length));
  const lightDirs = existsSync(`${LAB_DIR}/light`) ? readdirSync(`${LAB_DIR}/light`) : [];
  for (const n of lightDirs) names.add(n);
  await Promise.all(
    [...names].map(async (name) => {
      const pid = state?.hosts.find((h) => h.name === name)?.pid;
      await stopMachine(name, pid);
      await stopLightHost(name);
      await removeMachineRoot(name);
      await removeLightHost(name);
      await removeHostNetwork(name);
    }),
  );
  await stopProxy(state?.proxyPid);
  await removeBridge();
  removeLabCgroupRoot();
  for (const f of [paths.state, paths.inventory, paths.knownHosts]) rmSync(f, { force: true });
  rmSync(paths.hosts, { recursive: true, force: true });
  rmSync(`${LAB_DIR}/light`, { recursive: true, force: true });
  if (opts.purge) rmSync(LAB_DIR, { recursive: true, force: true });
  return { removed: [...names].sort(), seconds: (Date.now() - started) / 1000 };
}

async function stopProxy(pid: number | undefined): Promise<void> {
  const candidates = new Set<number>();
  if (pid) candidates.add(pid);
  const pidFile = `${paths.proxyDir}/run/pid`;
  if (existsSync(pidFile)) candidates.add(Number(readFileSync(pidFile, 'utf8').trim()));
  for (const p of candidates) {
    // Only our own proxy: check the command line, PIDs get reused.
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes('apt-cacher-ng') || !cmd.includes(paths.proxyDir)) continue;
    killAll([p], 'SIGTERM');
    if (!(await waitUntil(() => !isAlive(p), 3000))) killAll([p], 'SIGKILL');
  }
}

export interface HostStatus {
  name: string;
  address: string;
  running: boolean;
  system: string;
  /** addresses on eth0 other than the host's own: the VIPs it holds */
  vips: string[];
}

export async function labStatus(): Promise<{ state?: LabState; hosts: HostStatus[] }> {
  const state = readState();
  if (!state) return { hosts: [] };
  const hosts = await Promise.all(
    state.hosts.map(async (h): Promise<HostStatus> => {
      const running = h.pid !== undefined && isAlive(h.pid);
      let system = 'stopped';
      if (running && state.flavour === 'machine') {
        const init = machineInitPid(h.pid!);
        system = init ? await systemState(init) : 'starting';
      } else if (running) {
        system = 'running (sshd)';
      }
      const vips = await heldAddresses(h.name, h.address);
      return { name: h.name, address: h.address, running, system, vips };
    }),
  );
  return { state, hosts };
}

/** The argv for `ssh` into a lab host with the lab's key and strict host-key checking. */
export function sshArgs(address: string, command: string[] = []): string[] {
  return [
    '-i',
    paths.key,
    '-o',
    `UserKnownHostsFile=${paths.knownHosts}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'IdentitiesOnly=yes',
    `root@${address}`,
    ...command,
  ];
}

export { runLocal };
