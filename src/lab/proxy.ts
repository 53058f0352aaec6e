// apt access for lab hosts: apt-cacher-ng bound to the bridge address only (the bridge has no NAT or
// forwarding). Its cache lives under the lab directory and survives `lab down`, so reinstalls are fast.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { BRIDGE_ADDRESS, PROXY_PORT, paths } from './config.js';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { isAlive } from './processes.js';

export const PROXY_URL = `http://${BRIDGE_ADDRESS}:${PROXY_PORT}`;

/** Starts the proxy unless the recorded one still runs; returns its PID. */
export async function ensureProxy(recordedPid: number | undefined): Promise<number> {
  if (recordedPid && isAlive(recordedPid) && (await portOpen(BRIDGE_ADDRESS, PROXY_PORT))) return recordedPid;
  const cache = join(paths.proxyDir, 'cache');
  const logs = join(paths.proxyDir, 'log');
  const run = join(paths.proxyDir, 'run');
  const conf = join(paths.proxyDir, 'conf');
  for (const d of [cache, logs, run, conf]) mkdirSync(d, { recursive: true });
  // Our own config dir: Debian's default one remaps deb.debian.org to backends this machine cannot reach.
  writeFileSync(
    join(conf, 'acng.conf'),
    [
      `CacheDir: ${cache}`,
      `LogDir: ${logs}`,
      `Port: ${PROXY_PORT}`,
      `BindAddress: ${BRIDGE_ADDRESS}`,
      `PidFile: ${join(run, 'pid')}`,
      `SocketPath: ${join(run, 'socket')}`,
      'ForeGround: 1',
      // HTTPS sources in hosts go straight through (CONNECT) rather than failing.
      'PassThroughPattern: .*:443$',
      'ExThreshold: 4',
      '',
    ].join('\n'),
  );
  const out = openSync(join(logs, 'stdout.log'), 'a');
  const child = spawn('/usr/sbin/apt-cacher-ng', ['-c', conf], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new UserError('could not start apt-cacher-ng', ExitCode.ENVIRONMENT);
  for (let i = 0; i < 50; i++) {
    if (await portOpen(BRIDGE_ADDRESS, PROXY_PORT)) return pid;
    if (!isAlive(pid)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new UserError(
    `apt-cacher-ng did not start listening on ${BRIDGE_ADDRESS}:${PROXY_PORT} (log: ${logs})`,
    ExitCode.ENVIRONMENT,
  );
}

export function portOpen(host: string, port: number, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.once('timeout', () => done(false));
  });
}
