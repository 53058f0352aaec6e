// One lab at a time on this machine: e2e runs (and the demo) take this lock for their whole duration.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const LOCK_DIR = '/run/vipctl-e2e.lock';

function holder(): number | undefined {
  try {
    return Number(readFileSync(`${LOCK_DIR}/pid`, 'utf8'));
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is this process's parent, grandparent…: a run started under scripts/with-lab-lock.sh. */
function isAncestor(pid: number): boolean {
  for (let p = process.ppid; p > 1;) {
    if (p === pid) return true;
    try {
      // "PID (comm) STATE PPID …"; comm may hold spaces and parentheses, so read after the last ")"
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      p = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return false;
    }
  }
  return false;
}

export async function acquireLabLock(timeoutMs = 45 * 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let said = false;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(`${LOCK_DIR}/pid`, String(process.pid));
      return;
    } catch {
      const pid = holder();
      if (pid !== undefined && isAncestor(pid)) return; // held for us already (released by its holder)
      if (pid !== undefined && !alive(pid)) {
        rmSync(LOCK_DIR, { recursive: true, force: true }); // stale: its holder died
        continue;
      }
      if (Date.now() > end)
        throw new Error(`lab lock ${LOCK_DIR} still held by PID ${pid} after ${timeoutMs / 1000}s`);
      if (!said) {
        process.stderr.write(`e2e: waiting for the lab lock held by PID ${pid}\n`);
        said = true;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

export function releaseLabLock(): void {
  if (holder() === process.pid) rmSync(LOCK_DIR, { recursive: true, force: true });
}
