// Processes and cgroups the lab owns. Each host runs in its own cgroup under `vipctl-lab/`, so the lab can
// find and end exactly the processes it started (by PID) — even after a crash of an earlier run.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CGROUP_GROUP } from './config.js';

// cgroup v1 hybrid (this machine type) has a named systemd hierarchy plus the cgroup2 "unified" mount;
// a pure cgroup2 machine has only the root. Use whichever exist.
const HIERARCHIES = ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified'].filter((h) => existsSync(h));
const ROOTS = HIERARCHIES.length > 0 ? HIERARCHIES : ['/sys/fs/cgroup'];

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function hostCgroups(host: string): string[] {
  return ROOTS.map((root) => join(root, CGROUP_GROUP, host));
}

export function createHostCgroups(host: string): string[] {
  const dirs = hostCgroups(host);
  for (const d of dirs) mkdirSync(d, { recursive: true });
  return dirs;
}

/** Every PID in a cgroup and its descendants. */
export function cgroupPids(dir: string): number[] {
  if (!existsSync(dir)) return [];
  const pids: number[] = [];
  const procs = join(dir, 'cgroup.procs');
  if (existsSync(procs)) {
    for (const line of readFileSync(procs, 'utf8').split('\n')) if (line) pids.push(Number(line));
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) pids.push(...cgroupPids(join(dir, entry.name)));
  }
  return pids;
}

export function hostPids(host: string): number[] {
  return [...new Set(hostCgroups(host).flatMap(cgroupPids))];
}

/** Removes a cgroup tree bottom-up (only empty cgroups can be removed). */
export function removeCgroupTree(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeCgroupTree(join(dir, entry.name));
  }
  try {
    rmdirSync(dir);
  } catch {
    // still busy: a later `lab down` retries
  }
}

export function labCgroupHosts(): string[] {
  const names = new Set<string>();
  for (const root of ROOTS) {
    const dir = join(root, CGROUP_GROUP);
    if (!existsSync(dir)) continue;
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) names.add(e.name);
  }
  return [...names];
}

export function removeLabCgroupRoot(): void {
  for (const root of ROOTS) {
    const dir = join(root, CGROUP_GROUP);
    if (existsSync(dir) && readdirSync(dir, { withFileTypes: true }).every((e) => !e.isDirectory())) {
      try {
        rmdirSync(dir);
      } catch {
        // busy
      }
    }
  }
}

/** Direct children of a process (for the container's PID 1, the child of systemd-nspawn). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

export function killAll(pids: number[], signal: NodeJS.Signals | number): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export async function waitUntil(
  pred: () => boolean | Promise<boolean>,
  timeoutMs: number,
  stepMs = 50,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await pred()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return pred();
}

export function writePidToCgroups(pid: number, dirs: string[]): void {
  for (const d of dirs) writeFileSync(join(d, 'cgroup.procs'), String(pid));
}
