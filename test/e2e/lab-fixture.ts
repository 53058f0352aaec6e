// The e2e tests' view of the lab: run vipctl as a user would, reach hosts independently of vipctl (nsenter,
// plain OpenSSH), read who holds an address from outside the host, and inject faults.
//
// The lab itself is brought up once per run by global-setup.ts (3 fresh machine hosts, the runbook's
// cluster on lb-host-1/2 in the lab inventory) and removed at the end.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { paths, netnsName, vethName } from '../../src/lab/config.js';
import { heldAddresses as heldAddressesOf } from '../../src/lab/network.js';
import { machineInitPid } from '../../src/lab/machine.js';
import { waitUntil } from '../../src/lab/processes.js';
import { sshArgs } from '../../src/lab/lab.js';
import { readState, type LabHost } from '../../src/lab/state.js';

export const LAB_INVENTORY = paths.inventory;
export const LAB_KEY = paths.key;
export const LAB_KNOWN_HOSTS = paths.knownHosts;
export const LAB_AUTH_PASS_FILE = paths.authPass;
export const VIPCTL = resolve(import.meta.dirname, '../../bin/vipctl.js');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(
  cmd: string,
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Result> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = execFile(
      cmd,
      args,
      { env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolvePromise({ code, stdout: String(stdout), stderr: String(stderr), ms: Date.now() - started });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Runs the built CLI (npm run build first) as a CI runbook would: no TTY, CI=true unless overridden. */
export function vipctl(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<Result> {
  return run(process.execPath, [VIPCTL, ...args], {
    ...opts,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...opts.env },
  });
}

/** Starts the CLI in the background (for signals mid-run). */
export function vipctlSpawn(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [VIPCTL, ...args], {
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function labHosts(): LabHost[] {
  const s = readState();
  if (!s) throw new Error('the lab is not up (global-setup.ts should have brought it up)');
  return s.hosts;
}

export function labHost(name: string): LabHost {
  const h = labHosts().find((x) => x.name === name);
  if (!h) throw new Error(`no lab host ${name}`);
  return h;
}

/** PID 1 of a machine host (its systemd), as seen from the controller. */
export function hostInitPid(name: string): number {
  const pid = labHost(name).pid;
  const init = pid ? machineInitPid(pid) : undefined;
  if (!init) throw new Error(`${name} is not running`);
  return init;
}

/** Runs a shell command inside a host without SSH (nsenter into all its namespaces): independent of vipctl. */
export function hostExec(name: string, command: string, timeoutMs = 120_000): Promise<Result> {
  return run('nsenter', ['-t', String(hostInitPid(name)), '-a', 'sh', '-c', command], { timeoutMs });
}

/** Runs a command on a host over plain OpenSSH with the lab key and strict host keys (like an operator). */
export function sshExec(name: string, command: string, timeoutMs = 120_000): Promise<Result> {
  return run('ssh', ['-o', 'BatchMode=yes', ...sshArgs(labHost(name).address, [command])], { timeoutMs });
}

/**
 * Hosts as a fresh lab has them: keepalived stopped and purged with ipset, `packages`, its config and `paths`,
 * nothing left to autoremove, `vip` off eth0. Test files start from this or leave it behind for the next file.
 */
export async function purgeKeepalived(
  hosts: string[],
  opts: { packages?: string[]; paths?: string[]; vip?: string } = {},
): Promise<void> {
  const base = (opts.packages ?? []).filter((p) => BASE_TOOLS.includes(p));
  if (base.length > 0) {
    throw new Error(
      `${base.join(', ')}: part of the lab's base image; use withoutBaseTool, which puts it back`,
    );
  }
  const packages = ['keepalived', 'ipset', ...(opts.packages ?? [])];
  const command = [
    'systemctl stop keepalived 2>/dev/null',
    `DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq -o DPkg::Lock::Timeout=120 ${packages.join(' ')} >/dev/null`,
    'apt-get autoremove -y -qq -o DPkg::Lock::Timeout=120 >/dev/null',
    `rm -rf /etc/keepalived ${(opts.paths ?? []).join(' ')}`,
    opts.vip ? `ip addr del ${opts.vip}/32 dev eth0 2>/dev/null` : '',
    // what is still installed of those packages: must be nothing
    `dpkg-query -W -f='\${db:Status-Abbrev} \${Package}\\n' ${packages.join(' ')} 2>/dev/null | grep '^ii' || true`,
  ]
    .filter(Boolean)
    .join('; ');
  await Promise.all(
    hosts.map(async (h) => {
      const r = await sshExec(h, command, 300_000);
      if (r.stdout.trim() !== '') throw new Error(`${h}: purge left ${r.stdout.trim()}: ${r.stderr}`);
    }),
  );
}

/** What a fresh lab host has besides the minimal system (src/lab/base.ts): the tools verify and diagnose use. */
export const BASE_TOOLS = ['tcpdump', 'nftables'];

/** Puts back any base tool a test removed, so every file starts from a fresh lab's hosts. */
export async function ensureBaseTools(hosts: string[]): Promise<void> {
  const apt = `DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 ${BASE_TOOLS.join(' ')} >/dev/null`;
  // how many of them are installed: must be all (a purged package prints nothing, so count the installed ones)
  const count = `dpkg-query -W -f='\${db:Status-Abbrev}\\n' ${BASE_TOOLS.join(' ')} 2>/dev/null | grep -c '^ii'`;
  const all = String(BASE_TOOLS.length);
  await Promise.all(
    hosts.map(async (h) => {
      const r = await sshExec(
        h,
        `[ "$(${count})" = ${all} ] || ${apt} || (apt-get update -qq && ${apt}); ${count}`,
        300_000,
      );
      if (r.stdout.trim() !== all)
        throw new Error(`${h}: could not reinstall ${BASE_TOOLS.join(', ')}: ${r.stderr}`);
    }),
  );
}

/**
 * Runs `body` with `tool` (one of BASE_TOOLS) purged from `hosts`, for tests of what vipctl says without it;
 * reinstalls it afterwards whatever happens.
 */
export async function withoutBaseTool<T>(hosts: string[], tool: string, body: () => Promise<T>): Promise<T> {
  if (!BASE_TOOLS.includes(tool)) throw new Error(`${tool} is not a base tool`);
  await Promise.all(
    hosts.map((h) =>
      sshExec(
        h,
        `DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq -o DPkg::Lock::Timeout=120 ${tool} >/dev/null`,
      ),
    ),
  );
  try {
    return await body();
  } finally {
    await ensureBaseTools(hosts);
  }
}

/**
 * The runbook's two-member cluster (VRID 51, VIP 10.10.10.50, PASS "secret") as an inventory, for the files that
 * configure keepalived by hand and then diagnose it; `withThird` also lists lb-host-3 (a stranger on the segment).
 */
export const handConfiguredInventory = (withThird = false): string =>
  writeInventory(`${labDefaultsYaml()}
hosts:
  lb-host-1: { address: 10.10.10.51 }
  lb-host-2: { address: 10.10.10.52 }
${withThird ? '  lb-host-3: { address: 10.10.10.53 }\n' : ''}clusters:
  cluster-lb:
    virtual_router_id: 51
    vips: [10.10.10.50]
    auth: { type: PASS, password: secret }
    members:
      lb-host-1: { priority: 100 }
      lb-host-2: { priority: 90 }
`);

/** keepalived.conf written by hand and keepalived restarted (a fresh journal window: diagnose reads --since it). */
export async function deployKeepalivedConf(h: string, text: string): Promise<void> {
  await sshExec(
    h,
    `mkdir -p /etc/keepalived && cat > /etc/keepalived/keepalived.conf <<'EOC'\n${text}EOC\nsystemctl restart keepalived; true`,
  );
}

/** Addresses on the host's eth0 other than its own (the VIPs it holds), read from the controller. */
export function heldAddresses(name: string): Promise<string[]> {
  return heldAddressesOf(name, labHost(name).address);
}

/** Lab hosts currently holding an address. */
export async function vipHolders(vip: string, hosts = labHosts().map((h) => h.name)): Promise<string[]> {
  const held = await Promise.all(
    hosts.map(async (h) => ((await heldAddresses(h)).includes(vip) ? h : undefined)),
  );
  return held.filter((h): h is string => h !== undefined);
}

/** Waits until `pred` holds (polling), returning whether it did. */
export function eventually(pred: () => Promise<boolean>, timeoutMs = 15_000, stepMs = 100): Promise<boolean> {
  return waitUntil(pred, timeoutMs, stepMs);
}

/**
 * Watches a host's addresses from outside (`ip -ts monitor address` in its namespace): an independent clock
 * for takeover measurements. Returns the raw lines seen and a stop function.
 */
export function watchAddresses(name: string): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const child = spawn('ip', ['-n', netnsName(name), '-o', '-ts', 'monitor', 'address'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let buf = '';
  child.stdout.on('data', (c: Buffer) => {
    buf += c.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  return { lines, stop: () => child.kill('SIGTERM') };
}

/** Installs keepalived + ipset by hand (apt over SSH through the lab proxy), when a test is not about install. */
export async function installKeepalivedByHand(names: string[]): Promise<void> {
  await Promise.all(
    names.map(async (n) => {
      const r = await sshExec(
        n,
        'dpkg -s keepalived ipset >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq keepalived ipset >/dev/null)',
        300_000,
      );
      if (r.code !== 0) throw new Error(`installing keepalived on ${n} failed: ${r.stderr}`);
    }),
  );
}

/** Writes an inventory for this test into a temp dir, reusing the lab's SSH settings. */
export function writeInventory(yamlText: string, name = 'inventory.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'vipctl-e2e-'));
  const file = join(dir, name);
  writeFileSync(file, yamlText);
  return file;
}

/** The `defaults:` block of the lab inventory, for tests writing their own inventories. */
export function labDefaultsYaml(): string {
  return [
    'defaults:',
    `  ssh: { user: root, port: 22, identity_file: ${LAB_KEY}, known_hosts: ${LAB_KNOWN_HOSTS} }`,
    '  interface: eth0',
    '  advert_int: 1',
  ].join('\n');
}

/**
 * The runbook's cluster as a test inventory: cluster-lb, VRID 51, VIP 10.10.10.50, lb-host-1 (priority 100) and
 * lb-host-2 (priority `backupPriority`, default 90), auth from the lab's password file unless `auth` says otherwise.
 */
export function runbookInventory(
  opts: { backupPriority?: number; auth?: string; name?: string } = {},
): string {
  return writeInventory(
    [
      labDefaultsYaml(),
      'hosts:',
      '  lb-host-1: { address: 10.10.10.51 }',
      '  lb-host-2: { address: 10.10.10.52 }',
      'clusters:',
      '  cluster-lb:',
      '    virtual_router_id: 51',
      '    vips: [10.10.10.50]',
      `    auth: ${opts.auth ?? `{ type: PASS, password_file: ${LAB_AUTH_PASS_FILE} }`}`,
      `    members: { lb-host-1: { priority: 100 }, lb-host-2: { priority: ${opts.backupPriority ?? 90} } }`,
      '',
    ].join('\n'),
    opts.name,
  );
}

export function labInventoryText(): string {
  return readFileSync(LAB_INVENTORY, 'utf8');
}

/** Faults a test can inject into a host; each has its undo. */
export const faults = {
  stopService: (h: string) => hostExec(h, 'systemctl stop keepalived'),
  startService: (h: string) => hostExec(h, 'systemctl start keepalived'),
  killService: (h: string) => hostExec(h, 'systemctl kill -s KILL keepalived'),
  /** drop incoming VRRP on the host (nftables inside the host's own netns) */
  blockVrrp: (h: string) =>
    run('ip', [
      'netns',
      'exec',
      netnsName(h),
      'nft',
      'add table inet vipctl_fault; add chain inet vipctl_fault input { type filter hook input priority -10; }; add rule inet vipctl_fault input ip protocol vrrp drop',
    ]),
  unblockVrrp: (h: string) =>
    run('ip', ['netns', 'exec', netnsName(h), 'nft', 'delete table inet vipctl_fault']),
  linkDown: (h: string) => run('ip', ['link', 'set', vethName(h), 'down']),
  linkUp: (h: string) => run('ip', ['link', 'set', vethName(h), 'up']),
  /** a node crash: kill the container's PID 1 */
  crash: (h: string) => run('kill', ['-9', String(hostInitPid(h))]),
  /** a clean shutdown of the whole host */
  powerOff: (h: string) => hostExec(h, 'systemctl poweroff'),
  /** boots every lab host that is down again (its disk state is kept), like pressing the power button */
  powerOn: () => vipctl(['lab', 'up', '--hosts', String(labHosts().length)]),
};
