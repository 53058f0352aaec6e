// What the lab may leave behind on the controller, for "lab down leaves nothing" checks.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface MachineSnapshot {
  netns: string[];
  links: string[];
  mounts: string[];
  cgroups: string[];
  labProcesses: string[];
}

function lines(cmd: string, args: string[]): string[] {
  return execFileSync(cmd, args, { encoding: 'utf8' }).split('\n').filter(Boolean);
}

function cgroupDirs(root: string, depth = 2, prefix = ''): string[] {
  if (!existsSync(root) || depth === 0) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => [
      join(prefix, e.name),
      ...cgroupDirs(join(root, e.name), depth - 1, join(prefix, e.name)),
    ]);
}

/** Processes that only the lab starts: nspawn containers, the lab's apt proxy, light hosts' sshd. */
function labProcesses(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (/systemd-nspawn|apt-cacher-ng|vipctl-lab\/light/.test(cmd)) out.push(`${pid} ${cmd.trim()}`);
  }
  return out;
}

export function takeSnapshot(): MachineSnapshot {
  return {
    netns: lines('ip', ['netns', 'list'])
      .map((l) => l.split(' ')[0] ?? '')
      .sort(),
    links: lines('ip', ['-o', 'link'])
      .map((l) => (l.split(': ')[1] ?? '').split('@')[0] ?? '')
      .sort(),
    mounts: readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')[1] ?? '')
      .sort(),
    cgroups: ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified']
      .flatMap((r) => cgroupDirs(r).map((d) => `${r}:${d}`))
      .sort(),
    labProcesses: labProcesses(),
  };
}
