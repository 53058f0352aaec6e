// The shared base root: one debootstrap of Debian 12, made once and cached; rebuilt when its recipe changes.
import { createHash } from 'node:crypto';
import {
  existsSync,
  readFileSync,
  writeFileSync,
  rmSync,
  renameSync,
  readdirSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { paths } from './config.js';
import { mustRun, runStreaming } from './exec.js';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';

const RECIPE = {
  suite: 'bookworm',
  variant: 'minbase',
  // tcpdump and nftables: what a real load balancer has, so verify and diagnose run every check on the lab
  include: ['systemd', 'systemd-sysv', 'dbus', 'openssh-server', 'iproute2', 'tcpdump', 'nftables'],
  // Bump when prepareBase changes, so cached bases are rebuilt.
  prepare: 2,
};
const RECIPE_FILE = '.vipctl-recipe';

export function recipeHash(): string {
  return createHash('sha256').update(JSON.stringify(RECIPE)).digest('hex').slice(0, 16);
}

/** The mirror this machine's apt uses (deb822 or one-line sources), so the base comes from the same place. */
export function debianMirror(): string {
  const candidates = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const deb822 = /^URIs:\s*(\S+)/m.exec(text);
    if (deb822?.[1]) return deb822[1];
    const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/m.exec(text);
    if (oneLine?.[1]) return oneLine[1];
  }
  return 'http://deb.debian.org/debian';
}

export function baseIsCurrent(): boolean {
  const file = join(paths.base, RECIPE_FILE);
  return existsSync(file) && readFileSync(file, 'utf8').trim() === recipeHash();
}

/**
 * Makes sure the cached base root exists and matches the recipe; returns true if it had to be built.
 * `onLine` gets debootstrap's output as it comes (lab up's progress line).
 */
export async function ensureBase(
  log: (msg: string) => void,
  onLine?: (line: string) => void,
): Promise<boolean> {
  if (baseIsCurrent()) return false;
  const tmp = `${paths.base}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const mirror = debianMirror();
  log(`building the base root with debootstrap from ${mirror} (once; about 45 s on a fast mirror)`);
  const args = [
    `--variant=${RECIPE.variant}`,
    `--include=${RECIPE.include.join(',')}`,
    RECIPE.suite,
    tmp,
    mirror,
  ];
  const tail: string[] = [];
  const code = await runStreaming('debootstrap', args, (line) => {
    onLine?.(line);
    tail.push(line);
    if (tail.length > 20) tail.shift();
  });
  if (code !== 0) {
    throw new UserError(`debootstrap failed (exit ${code}):\n${tail.join('\n')}`, ExitCode.ENVIRONMENT);
  }
  await prepareBase(tmp);
  writeFileSync(join(tmp, RECIPE_FILE), `${recipeHash()}\n`);
  rmSync(paths.base, { recursive: true, force: true });
  renameSync(tmp, paths.base);
  return true;
}

/** Generic preparation; everything per host (hostname, keys, addresses, proxy) goes in the host's overlay. */
async function prepareBase(root: string): Promise<void> {
  rmSync(join(root, 'etc/hostname'), { force: true });
  for (const f of readdirSync(join(root, 'etc/ssh'))) {
    if (f.startsWith('ssh_host_')) unlinkSync(join(root, 'etc/ssh', f));
  }
  // Timers that run apt in the background would make installs wait on the dpkg lock at random.
  for (const timer of ['apt-daily.timer', 'apt-daily-upgrade.timer']) {
    rmSync(join(root, 'etc/systemd/system/timers.target.wants', timer), { force: true });
  }
  // Each boot generates its own machine-id (empty file = transient id), so hosts' journals differ.
  writeFileSync(join(root, 'etc/machine-id'), '');
  await mustRun('chroot', [root, 'apt-get', 'clean']);
}
