// One vipctl run at a time per host: `flock /run/vipctl.lock` held by a remote process for the whole session
// (facts, plan, apply), released when the connection closes — also when it drops or vipctl is killed, since the
// holder ends at end-of-file on its stdin.
import { OperationError } from '../operations/types.js';
import { shq } from '../ssh/quote.js';
import type { HostConnection, StreamHandle } from '../ssh/types.js';

export const HOST_LOCK = '/run/vipctl.lock';
export const HOST_LOCK_WAIT_S = 600;

const script = (path: string): string =>
  [
    `exec 9>>${shq(path)} || { echo vipctl-lock:error; exit 1; }`,
    // no flock (a minimal host): run unlocked rather than not at all, and say so
    'command -v flock >/dev/null 2>&1 || { echo vipctl-lock:none; exec cat >/dev/null; }',
    `if ! flock -n 9; then echo vipctl-lock:busy; flock -w ${HOST_LOCK_WAIT_S} 9 || { echo vipctl-lock:timeout; exit 1; }; fi`,
    'echo vipctl-lock:held',
    'exec cat >/dev/null',
  ].join('\n');

export interface HeldLock {
  release(): Promise<void>;
}

/** Takes the host's lock, waiting (and saying so through `onWait`) while another run holds it. */
export async function holdHostLock(
  conn: HostConnection,
  onWait: (message: string) => void,
  path = HOST_LOCK,
): Promise<HeldLock> {
  let handle: StreamHandle | undefined;
  const state = await new Promise<string>((resolve, reject) => {
    handle = conn.stream(
      script(path),
      (line) => {
        const m = /^vipctl-lock:(\w+)/.exec(line.trim());
        if (!m) return;
        if (m[1] === 'busy')
          onWait(
            `waiting for another vipctl run on this host to finish (${path}, up to ${HOST_LOCK_WAIT_S / 60} min)`,
          );
        else resolve(m[1]!);
      },
      { become: true },
    );
    handle.done.then(
      (r) => resolve(`ended (exit ${r.code}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ''})`),
      reject,
    );
  });
  const release = async (): Promise<void> => void (await handle?.stop());
  if (state === 'held') return { release };
  if (state === 'none') {
    onWait(`no flock on this host: running without the host lock (${path})`);
    return { release };
  }
  await release();
  throw new OperationError(
    state === 'timeout'
      ? `another vipctl run held ${path} on this host for ${HOST_LOCK_WAIT_S / 60} min; nothing was changed`
      : `could not take ${path} on this host (${state}); nothing was changed`,
  );
}
