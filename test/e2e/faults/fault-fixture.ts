// The fault matrix's shared pieces: the inventory its files use, the one assertion every fault test ends with
// (every host runs keepalived with a complete valid config, every VIP has exactly one holder), and the faults
// themselves. Hosts are read from outside (nsenter), never through the SSH that a fault may have cut.
import { execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { TestContext } from 'vitest';
import { netnsName, vethName } from '../../../src/lab/config.js';
import {
  LAB_AUTH_PASS_FILE,
  eventually,
  hostExec,
  labDefaultsYaml,
  vipHolders,
  vipctl,
  vipctlSpawn,
  writeInventory,
  type Result,
} from '../lab-fixture.js';
import { record, type ReliabilityMeta } from '../../unit/hostile/reliability-meta.js';

export const VIP = '10.10.10.50';
export const PAIR = ['lb-host-1', 'lb-host-2'];
export const TRIO = ['lb-host-1', 'lb-host-2', 'lb-host-3'];

/**
 * The runbook's cluster (VIP 10.10.10.50, VRID 51) on lb-host-1 (master) and lb-host-2, plus lb-host-3 as a
 * second backup when `hosts` is TRIO. Changing `backupPriority` changes lb-host-2's config (and lb-host-3's).
 */
export function faultInventory(opts: { backupPriority?: number; hosts?: string[] } = {}): string {
  const hosts = opts.hosts ?? PAIR;
  const bp = opts.backupPriority ?? 90;
  const members = hosts.map((h, i) => `${h}: { priority: ${i === 0 ? 100 : bp - (i - 1)} }`).join(', ');
  return writeInventory(
    [
      labDefaultsYaml(),
      'hosts:',
      ...hosts.map((h) => `  ${h}: { address: 10.10.10.${50 + Number(h.slice(-1))} }`),
      'clusters:',
      '  cluster-lb:',
      '    virtual_router_id: 51',
      `    vips: [${VIP}]`,
      `    auth: { type: PASS, password_file: ${LAB_AUTH_PASS_FILE} }`,
      `    members: { ${members} }`,
      '',
    ].join('\n'),
  );
}

/** Temp files a failed or interrupted run left (in /etc/keepalived and /tmp), removed from outside. */
export async function removeLeftovers(host: string): Promise<void> {
  await hostExec(host, 'rm -f /etc/keepalived/*vipctl-new* /etc/keepalived/*.vipctl.* /tmp/vipctl.*');
}

/** Brings hosts to a configured, converged cluster (install + configure), as each fault file starts. */
export async function converge(inventory: string): Promise<void> {
  for (const cmd of ['install', 'configure']) {
    const r = await vipctl([cmd, '-i', inventory]);
    if (r.code !== 0) throw new Error(`${cmd}: exit ${r.code}\n${r.stdout}${r.stderr}`);
  }
}

/** Waits until the intended master holds the VIP again (a restore or a reload may still be settling). */
export async function masterHolds(master = 'lb-host-1', hosts: string[] = PAIR): Promise<boolean> {
  return eventually(async () => (await vipHolders(VIP, hosts)).join() === master, 20_000, 200);
}

/** What is wrong with one host, from outside: keepalived not active, config invalid or incomplete, temp left. */
export async function hostProblems(host: string): Promise<string[]> {
  let r: Result;
  try {
    r = await hostExec(
      host,
      [
        'echo "active=$(systemctl is-active keepalived)"',
        'keepalived -t -f /etc/keepalived/keepalived.conf >/dev/null 2>&1; echo "test=$?"',
        'echo "mode=$(stat -c %a /etc/keepalived/keepalived.conf 2>/dev/null)"',
        'echo "temps=$(ls -a /etc/keepalived | grep -c -e vipctl-new -e "\\.vipctl\\.")"',
        'echo "tmp=$(ls -a /tmp | grep -c "^vipctl\\.")"',
        'echo "conf<<"; cat /etc/keepalived/keepalived.conf 2>/dev/null; echo ">>"',
      ].join('; '),
      30_000,
    );
  } catch (err) {
    return [`${host} cannot be read: ${(err as Error).message}`];
  }
  const get = (k: string): string => new RegExp(`^${k}=(.*)$`, 'm').exec(r.stdout)?.[1] ?? '';
  const conf = /conf<<\n([\s\S]*)>>/.exec(r.stdout)?.[1] ?? '';
  const problems: string[] = [];
  if (get('active') !== 'active') problems.push(`keepalived is ${get('active') || 'unknown'}`);
  if (get('test') !== '0') problems.push(`keepalived -t says the config is invalid (exit ${get('test')})`);
  const complete =
    /vrrp_instance \S+ \{/.test(conf) &&
    conf.includes(VIP) &&
    (conf.match(/\{/g) ?? []).length === (conf.match(/\}/g) ?? []).length &&
    conf.trimEnd().endsWith('}');
  if (!complete) problems.push(`the config is not complete:\n${conf.slice(0, 400)}`);
  if (get('mode') !== '600') problems.push(`keepalived.conf mode ${get('mode')}, not 600`);
  if (get('temps') !== '0') problems.push(`${get('temps')} temp file(s) left in /etc/keepalived`);
  if (get('tmp') !== '0') problems.push(`${get('tmp')} vipctl temp file(s) left in /tmp`);
  return problems.map((p) => `${host}: ${p}`);
}

/**
 * The assertion every fault test ends with: every host runs keepalived with a complete valid config, and the
 * VIP has exactly one holder (given a few seconds to settle, as VRRP does after a change). Records the count
 * of broken hosts for RELIABILITY.md and fails the test naming each problem.
 */
export async function expectConverged(meta: ReliabilityMeta, hosts: string[] = PAIR): Promise<void> {
  const problems = (await Promise.all(hosts.map(hostProblems))).flat();
  const settled = await eventually(async () => (await vipHolders(VIP, hosts)).length === 1, 12_000, 200);
  const holders = await vipHolders(VIP, hosts);
  if (!settled) problems.push(`${VIP} is held by ${holders.length} hosts (${holders.join(', ') || 'none'})`);
  const broken = new Set(problems.map((p) => p.split(':')[0]));
  if (!settled) for (const h of holders.length ? holders : hosts) broken.add(h);
  meta.hostsBroken = (meta.hostsBroken ?? 0) + broken.size;
  // judged and counted: now clear what was left, so the next test is judged on what it leaves itself
  await Promise.all(hosts.map((h) => removeLeftovers(h).catch(() => undefined)));
  if (problems.length > 0) throw new Error(`hosts left broken:\n${problems.join('\n')}`);
}

/** This fault test's record for RELIABILITY.md. */
export function faultRecord(ctx: TestContext, file: string, covers: string[] = []): ReliabilityMeta {
  return record(ctx, {
    suite: 'fault-matrix',
    faults: 0,
    hostsBroken: 0,
    covers,
    rerun: `npx vitest run --project e2e test/e2e/faults/${file} -t "${ctx.task.name.replace(/"/g, '\\"')}"`,
  });
}

function sh(cmd: string, args: string[]): Promise<Result> {
  const started = Date.now();
  return new Promise((resolve) =>
    execFile(cmd, args, { timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({
        code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
        stdout: String(stdout),
        stderr: String(stderr),
        ms: Date.now() - started,
      }),
    ),
  );
}

/**
 * Slows one step of a config change down on the host and marks when it is reached, so a fault lands exactly
 * in it: `upload` (the temp file being written), `validate` (keepalived -t on the temp file), `move` (the temp
 * file moved over keepalived.conf). Wrappers in /usr/local/{s,}bin, ahead of /usr/{s,}bin in sshd's PATH.
 */
export async function slowStep(
  host: string,
  step: 'upload' | 'validate' | 'move',
  seconds = 4,
): Promise<void> {
  const marker = `/run/vipctl-fault-${step}`;
  const wrappers: Record<typeof step, { path: string; body: string }> = {
    upload: {
      path: '/usr/local/bin/cat',
      body: `case "$(readlink /proc/$$/fd/1)" in /etc/keepalived/keepalived.conf.*) touch ${marker}; sleep ${seconds};; esac\nexec /usr/bin/cat "$@"`,
    },
    validate: {
      path: '/usr/local/sbin/keepalived',
      body: `case " $* " in *" -t "*keepalived.conf.*) touch ${marker}; sleep ${seconds};; esac\nexec /usr/sbin/keepalived "$@"`,
    },
    move: {
      path: '/usr/local/bin/mv',
      body: `last=""; for a in "$@"; do last=$a; done\nif [ "$last" = /etc/keepalived/keepalived.conf ]; then touch ${marker}; sleep ${seconds}; fi\nexec /usr/bin/mv "$@"`,
    },
  };
  const w = wrappers[step];
  const script = `#!/bin/sh\n${w.body}\n`;
  const r = await hostExec(
    host,
    `rm -f ${marker}; printf '%s' '${script.replace(/'/g, `'\\''`)}' > ${w.path} && chmod 755 ${w.path}`,
  );
  if (r.code !== 0) throw new Error(`slowStep ${step} on ${host}: ${r.stderr}`);
}

/** Removes every wrapper slowStep put on the host. */
export async function removeSlowSteps(host: string): Promise<void> {
  await hostExec(
    host,
    'rm -f /usr/local/bin/cat /usr/local/sbin/keepalived /usr/local/bin/mv /run/vipctl-fault-*',
  );
}

/** Waits until the host reached the slowed step. */
export function reached(host: string, step: string, timeoutMs = 60_000): Promise<boolean> {
  return eventually(
    async () => (await hostExec(host, `test -e /run/vipctl-fault-${step}`)).code === 0,
    timeoutMs,
    50,
  );
}

/** Cuts every SSH session on the host: SIGKILL to each per-connection sshd (children of the listener), by PID. */
export async function cutSshSessions(host: string): Promise<number> {
  const r = await hostExec(
    host,
    'l=$(systemctl show -p MainPID --value ssh); n=0; for p in $(ps -o pid= --ppid "$l"); do kill -9 "$p" && n=$((n+1)); done; echo $n',
  );
  return Number(r.stdout.trim() || 0);
}

/** Drops all the host's traffic for `ms` (its veth on the lab bridge down, then up): nothing else is touched. */
export async function dropTraffic(host: string, ms: number): Promise<void> {
  await sh('ip', ['link', 'set', vethName(host), 'down']);
  await new Promise((r) => setTimeout(r, ms));
  await sh('ip', ['link', 'set', vethName(host), 'up']);
}

/** Runs a command in the host's network namespace only (for checks on its eth0 side). */
export function inHostNetns(host: string, args: string[]): Promise<Result> {
  return sh('ip', ['netns', 'exec', netnsName(host), ...args]);
}

/** A deterministic pseudo-random sequence (mulberry32) for seeded fault points. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FAULT_SEED = Number(process.env.VIPCTL_FAULT_SEED ?? 20261201);

export interface Running {
  child: ChildProcess;
  /** stdout + stderr so far */
  output: () => string;
  /** exit code; a death by signal is 128 + its number, as a shell shows it */
  exited: Promise<number>;
  /** resolves once the output matches */
  saw: (re: RegExp, timeoutMs?: number) => Promise<boolean>;
}

const SIGNALS: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** vipctl in the background, its output collected. */
export function start(args: string[]): Running {
  const child = vipctlSpawn(args);
  let out = '';
  const waiters: { re: RegExp; resolve: (v: boolean) => void }[] = [];
  const onData = (b: Buffer): void => {
    out += b.toString();
    for (const w of [...waiters]) {
      if (w.re.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(true);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? 128 + (SIGNALS[signal ?? ''] ?? 0))),
  );
  return {
    child,
    output: () => out,
    exited,
    saw: (re, timeoutMs = 60_000) =>
      re.test(out)
        ? Promise.resolve(true)
        : new Promise((resolve) => {
            waiters.push({ re, resolve });
            setTimeout(() => resolve(false), timeoutMs).unref();
          }),
  };
}

/** The exit code, or the child SIGKILLed by its PID and -1 when it outlives `timeoutMs`. */
export async function exitWithin(run: Running, timeoutMs: number): Promise<number> {
  const timer = new Promise<number>((resolve) => setTimeout(() => resolve(-1), timeoutMs).unref());
  const code = await Promise.race([run.exited, timer]);
  if (code === -1 && run.child.pid) process.kill(run.child.pid, 'SIGKILL');
  return code;
}

/** sha256 of the live keepalived.conf on a host (read from outside), '' when absent. */
export async function liveSha(host: string): Promise<string> {
  const r = await hostExec(host, 'sha256sum /etc/keepalived/keepalived.conf 2>/dev/null | cut -d" " -f1');
  return r.stdout.trim();
}

/** sha256 of what vipctl renders for a host from an inventory (the "new" version). */
export async function renderedSha(inventory: string, host: string): Promise<string> {
  const r = await vipctl(['render', '-i', inventory, '--host', host, '--show-secrets']);
  if (r.code !== 0) throw new Error(`render ${host}: ${r.stderr}`);
  return createHash('sha256').update(r.stdout).digest('hex');
}
