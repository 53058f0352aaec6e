// Regression tests for the security review's L5 (second half): two runs on the same hosts never interleave.
// The host lock runs its real script in a local sh (flock on a temp file); the controller lock uses real files
// and real processes.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/cli/errors.js';
import type { HostSpec } from '../../../src/inventory/types.js';
import { controllerLockDir, lockHosts } from '../../../src/runner/controller-lock.js';
import { holdHostLock } from '../../../src/runner/host-lock.js';
import { LocalHost } from '../operations/local-host.js';

describe('host lock (flock, run in a local shell)', () => {
  it('a second holder waits, says so, and gets the lock once the first lets go', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vipctl-hostlock-')), 'vipctl.lock');
    const host = new LocalHost();
    const first = await holdHostLock(host, () => {}, path);
    const waits: string[] = [];
    let secondHeld = false;
    const second = holdHostLock(host, (m) => waits.push(m), path).then((l) => {
      secondHeld = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(secondHeld).toBe(false);
    expect(waits).toEqual([expect.stringMatching(/waiting for another vipctl run on this host/)]);
    await first.release();
    const l2 = await second;
    expect(secondHeld).toBe(true);
    await l2.release();
  });
});

const host = (name: string, address: string): HostSpec => ({ name, address, ssh: { port: 22 } }) as HostSpec;

describe('controller lock', () => {
  const saved = process.env.VIPCTL_LOCK_DIR;
  beforeEach(() => void (process.env.VIPCTL_LOCK_DIR = mkdtempSync(join(tmpdir(), 'vipctl-ctl-'))));
  afterEach(() => {
    if (saved === undefined) delete process.env.VIPCTL_LOCK_DIR;
    else process.env.VIPCTL_LOCK_DIR = saved;
  });

  it('a run on overlapping hosts is refused, naming the run and the hosts; after release it proceeds', () => {
    const release = lockHosts([host('lb1', '10.0.0.1'), host('lb2', '10.0.0.2')], 'configure');
    let err: unknown;
    try {
      lockHosts([host('lb2', '10.0.0.2'), host('lb3', '10.0.0.3')], 'apply');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `another vipctl run \\(pid ${process.pid}, configure, .*\\) is working on lb2; nothing was touched`,
      ),
    );
    // lb3 was not left locked by the refused run
    lockHosts([host('lb3', '10.0.0.3')], 'x')();
    release();
    lockHosts([host('lb2', '10.0.0.2')], 'apply')();
  });

  it('a lock left by a run that was killed outright is taken over; one held by a live vipctl is not', async () => {
    const h = host('lb1', '10.0.0.1');
    const release = lockHosts([h], 'configure');
    const [file] = (await import('node:fs')).readdirSync(controllerLockDir());
    release();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(
      join(controllerLockDir(), file!),
      JSON.stringify({ pid: dead.pid, command: 'configure', started: 'x', host: 'lb1' }),
    );
    lockHosts([h], 'configure')();
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)', 'vipctl']);
    await new Promise((r) => setTimeout(r, 200));
    writeFileSync(
      join(controllerLockDir(), file!),
      JSON.stringify({ pid: live.pid, command: 'apply', started: 'x', host: 'lb1' }),
    );
    expect(() => lockHosts([h], 'configure')).toThrow(new RegExp(`pid ${live.pid}, apply`));
    live.kill();
  });
});
