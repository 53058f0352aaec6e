// One vipctl run at a time per host on this controller: a lock file per host (address:port) in a private
// directory, holding the owner's pid. A second run that wants any of the same hosts refuses at once, naming the
// run that holds them; a lock whose process is gone (killed outright) is taken over.
import { createHash } from 'node:crypto';
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import type { HostSpec } from '../inventory/types.js';

interface Owner {
  pid: number;
  command: string;
  started: string;
  host: string;
}

export function controllerLockDir(): string {
  return process.env.VIPCTL_LOCK_DIR ?? join(tmpdir(), `vipctl-locks-${process.getuid?.() ?? 'user'}`);
}

function lockFile(dir: string, host: HostSpec): string {
  const id = createHash('sha256').update(`${host.address}:${host.ssh.port}`).digest('hex').slice(0, 20);
  return join(dir, `${id}.lock`);
}

/** The owner, or undefined when the file is gone or its process no longer runs vipctl. */
function liveOwner(file: string): Owner | undefined {
  let owner: Owner;
  try {
    owner = JSON.parse(readFileSync(file, 'utf8')) as Owner;
  } catch {
    return undefined;
  }
  if (owner.pid === process.pid) return owner;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
  }
  try {
    // a reused pid that is not vipctl does not hold anything
    if (!readFileSync(`/proc/${owner.pid}/cmdline`, 'utf8').includes('vipctl')) return undefined;
  } catch {
    /* no /proc: trust the pid */
  }
  return owner;
}

function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.isSymbolicLink() || (process.getuid && st.uid !== process.getuid()))
    throw new UserError(
      `lock directory ${dir} is not a private directory of this user`,
      ExitCode.ENVIRONMENT,
    );
}

/** Locks every host of the run or none; returns the release. */
export function lockHosts(hosts: HostSpec[], command: string): () => void {
  const dir = controllerLockDir();
  privateDir(dir);
  const taken: string[] = [];
  const release = (): void => {
    for (const f of taken.splice(0)) rmSync(f, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);
  const busy: { host: string; owner: Owner }[] = [];
  for (const host of hosts) {
    const file = lockFile(dir, host);
    const me: Owner = { pid: process.pid, command, started: new Date().toISOString(), host: host.name };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, JSON.stringify(me));
        closeSync(fd);
        taken.push(file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = liveOwner(file);
        if (owner) {
          busy.push({ host: host.name, owner });
          break;
        }
        // stale (its run was killed outright): moved aside and removed, then taken on the next attempt
        try {
          renameSync(file, `${file}.stale-${process.pid}`);
          rmSync(`${file}.stale-${process.pid}`, { force: true });
        } catch {
          /* another run moved it first */
        }
      }
    }
  }
  if (busy.length > 0) {
    release();
    const o = busy[0]!.owner;
    throw new UserError(
      `another vipctl run (pid ${o.pid}, ${o.command}, started ${o.started}) is working on ${busy.map((b) => b.host).join(', ')}; nothing was touched`,
      ExitCode.ENVIRONMENT,
      'wait for it to finish (or stop it), then run again',
    );
  }
  return release;
}
