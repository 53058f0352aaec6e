// Runs a playbook on hosts: per host gather facts (one round trip), then for each task plan → apply, then the
// notified handlers once. Hosts run in parallel (forks), independently unless --fail-fast.
import pLimit from 'p-limit';
import type { HostSpec, Inventory } from '../inventory/types.js';
import { operations } from '../operations/registry.js';
import { OperationError, type OperationContext } from '../operations/types.js';
import type { HostResult, RunEvents, TaskResult } from '../report/results.js';
import { gatherHostFacts } from './host-facts.js';
import { holdHostLock } from './host-lock.js';
import { isInterrupted } from './interrupt.js';
import type { Playbook, Task } from './playbook.js';
import type { HostSession, Session } from './session.js';
import type { HostConnection } from '../ssh/types.js';
import type { HostFacts } from './host-facts.js';
import { KEEPALIVED_CONF } from '../operations/keepalived.js';
import { SYSCTL_FILE } from '../operations/sysctl.js';
import { FIREWALL_BOOT_SCRIPT } from '../operations/firewall-boot.js';
import { dropinPath } from '../operations/systemd.js';
import { notifyScriptsFor } from '../render/notify.js';
import { clearPendingCommand, pendingName } from '../facts/pending.js';
import { span, timed } from '../report/timings.js';

export interface RunOptions {
  forks: number;
  check: boolean;
  diff: boolean;
  failFast: boolean;
  templateDir?: string;
  /**
   * Per-host state kept across the playbooks of one run (runPlaybooks): facts, gathered once and kept current by
   * each change's effect, and the services started so far.
   */
  hostState?: Map<string, HostRunState>;
  /** hosts that sit this playbook out (they failed an earlier one of the same run) */
  skip?: Set<string>;
  /** facts already being read, started as each host connected (see readHostRunState) */
  pending?: Map<string, Promise<HostRunState>>;
}

export interface HostRunState {
  facts: HostFacts;
  started: Set<string>;
}

/**
 * A host's facts in one round trip, with the files it should have: keepalived.conf and its notify scripts. With
 * `lock` (a run that may change the host), the host's lock is taken first and held until the connection closes.
 */
export async function readHostRunState(
  inventory: Inventory,
  host: string,
  conn: HostConnection,
  opts: { lock?: boolean; onWait?: (message: string) => void } = {},
): Promise<HostRunState> {
  const lock = opts.lock ? await holdHostLock(conn, opts.onWait ?? (() => {})) : undefined;
  const scripts = notifyScriptsFor(inventory, host).map((s) => s.path);
  const own = [SYSCTL_FILE, dropinPath('keepalived'), FIREWALL_BOOT_SCRIPT];
  const want = { files: [KEEPALIVED_CONF, ...scripts, ...own], marked: [...scripts, ...own] };
  const facts = await timed('facts', () => gatherHostFacts(conn, want));
  // Facts could be read but the lock could not be taken: never go on unlocked.
  if (lock?.unusable) throw new Error(lock.unusable);
  return { facts, started: new Set() };
}

/** Hosts that are MASTER of no cluster go first ("backups-first"), then the masters. */
export function rolloutWaves(pb: Playbook, inventory: Inventory, hosts: HostSpec[]): HostSpec[][] {
  if (pb.order !== 'backups-first') return [hosts];
  const masters = new Set(
    inventory.clusters.flatMap((c) => c.members.filter((m) => m.state === 'MASTER').map((m) => m.host)),
  );
  const waves = [hosts.filter((h) => !masters.has(h.name)), hosts.filter((h) => masters.has(h.name))];
  return waves.filter((w) => w.length > 0);
}

export async function runPlaybook(
  pb: Playbook,
  inventory: Inventory,
  session: Session,
  opts: RunOptions,
  events: RunEvents,
): Promise<HostResult[]> {
  const results: HostResult[] = [];
  let stop = false;
  const limit = pLimit(opts.forks);
  for (const wave of rolloutWaves(
    pb,
    inventory,
    session.hosts.map((h) => h.host),
  )) {
    const inWave = session.hosts.filter((h) => wave.includes(h.host));
    const waveResults = await Promise.all(
      inWave.map((hs) =>
        limit(async () => {
          const r =
            stop || isInterrupted()
              ? skipped(hs.host.name, 'not started: stopped after a failure')
              : opts.skip?.has(hs.host.name)
                ? skipped(hs.host.name, 'not started: an earlier step failed')
                : await runHost(pb, inventory, hs, opts, events);
          if (r.status === 'failed' && opts.failFast) stop = true;
          events.hostDone(r);
          return r;
        }),
      ),
    );
    results.push(...waveResults);
  }
  return results;
}

/**
 * Several playbooks in turn on one session (apply = install, then configure): facts are gathered once per host,
 * a host that fails one playbook sits out the rest, and each host is reported once, with the tasks of every
 * playbook together.
 */
export async function runPlaybooks(
  pbs: Playbook[],
  inventory: Inventory,
  session: Session,
  opts: RunOptions,
  events: RunEvents,
): Promise<HostResult[]> {
  const hostState = opts.hostState ?? new Map<string, HostRunState>();
  const merged = new Map<string, HostResult>();
  const skip = new Set<string>();
  for (const [i, pb] of pbs.entries()) {
    const last = i === pbs.length - 1;
    await runPlaybook(
      pb,
      inventory,
      session,
      { ...opts, hostState, skip },
      {
        ...events,
        hostDone: (r) => {
          const all = merged.has(r.host) ? mergeHostResults(merged.get(r.host)!, r) : r;
          merged.set(r.host, all);
          if (all.status === 'failed' || all.status === 'unreachable' || all.status === 'skipped')
            skip.add(r.host);
          if (last) events.hostDone(all);
        },
      },
    );
  }
  return session.hosts.map((h) => merged.get(h.host.name)!);
}

/** One host's results of two playbooks in turn: the first failure wins, tasks and time add up. */
export function mergeHostResults(a: HostResult, b: HostResult): HostResult {
  if (a.status === 'failed' || a.status === 'unreachable' || a.status === 'skipped')
    return { ...a, tasks: [...a.tasks, ...b.tasks] };
  const status = b.status === 'ok' && a.status === 'changed' ? 'changed' : b.status;
  return {
    ...b,
    status,
    tasks: [...a.tasks, ...b.tasks],
    os: b.os ?? a.os,
    ms: a.ms + b.ms,
  };
}

function skipped(host: string, why: string): HostResult {
  return { host, status: 'skipped', tasks: [], error: why, ms: 0 };
}

async function runHost(
  pb: Playbook,
  inventory: Inventory,
  hs: HostSession,
  opts: RunOptions,
  events: RunEvents,
): Promise<HostResult> {
  const name = hs.host.name;
  // A host's time counts its connect and fact reading once, in its first playbook (a no-op run is mostly that).
  const started = Date.now() - (opts.hostState?.has(name) ? 0 : (hs.readyMs ?? 0));
  events.hostStart(name);
  if (!hs.conn) {
    return {
      host: name,
      status: 'unreachable',
      tasks: [],
      error: hs.error?.message ?? 'not connected',
      hint: hs.error?.hint,
      ms: hs.connectMs ?? 0,
    };
  }
  const tasks: TaskResult[] = [];
  let state = opts.hostState?.get(name);
  try {
    if (!state) {
      state = await (opts.pending?.get(name) ??
        readHostRunState(inventory, name, hs.conn, {
          lock: !opts.check,
          onWait: (m) => events.progress(name, m),
        }));
      opts.hostState?.set(name, state);
    }
  } catch (err) {
    return {
      host: name,
      status: hs.conn.connected ? 'failed' : 'unreachable',
      tasks,
      error: `gathering facts: ${(err as Error).message}`,
      ms: Date.now() - started,
    };
  }
  const ctx: OperationContext = {
    conn: hs.conn,
    host: hs.host,
    inventory,
    facts: state.facts,
    check: opts.check,
    wantDiff: opts.diff,
    templateDir: opts.templateDir,
    progress: (m) => events.progress(name, m),
    started: state.started,
  };
  // Handlers an earlier run notified but never ran (a dropped connection, a failure, Ctrl-C): run them now.
  const pending = new Set(state.facts.pendingHandlers ?? []);
  const notified = new Set(pb.handlers.filter((h) => pending.has(pendingName(h.name))).map((h) => h.name));
  for (const h of notified)
    events.progress(name, `"${h}" still pending from an earlier run: it runs at the end`);
  let failed = false;
  const endTasks = span('tasks (plan + apply)');
  for (const task of pb.tasks) {
    if (isInterrupted()) break;
    const r = await runTask(task, ctx, events, name, notified);
    tasks.push(r);
    if (r.status === 'failed') {
      failed = true;
      break;
    }
  }
  // Handlers run once, at the end, only if notified — and not after a failure (the old state is kept).
  if (!failed && !isInterrupted()) {
    for (const h of pb.handlers.filter((x) => notified.has(x.name))) {
      const r = await runTask(h, ctx, events, name, new Set());
      if (r.status === 'failed') {
        tasks.push(r);
        failed = true;
        break;
      }
      if (!ctx.check) await clearPending(ctx, h.name, r);
      if (pending.has(pendingName(h.name))) {
        r.status = 'changed';
        r.changes.push('run for a change an earlier run made but could not finish');
      }
      tasks.push(r);
    }
  }
  endTasks();
  const failure = tasks.find((t) => t.status === 'failed');
  return {
    host: name,
    status: failed
      ? hs.conn.connected
        ? 'failed'
        : 'unreachable'
      : tasks.some((t) => t.status === 'changed')
        ? 'changed'
        : 'ok',
    tasks,
    error: failure ? `${failure.name}: ${failure.error}` : undefined,
    os: state.facts.os.prettyName,
    ms: Date.now() - started,
  };
}

/** A handler that ran is no longer pending; a marker that cannot be removed only costs an extra reload. */
async function clearPending(ctx: OperationContext, handler: string, r: TaskResult): Promise<void> {
  const rm = await ctx.conn.run(clearPendingCommand(handler), { become: true });
  if (rm.code !== 0) r.changes.push(`could not clear the pending marker: ${rm.stderr.trim()}`);
}

async function runTask(
  task: Task,
  ctx: OperationContext,
  events: RunEvents,
  host: string,
  notified: Set<string>,
): Promise<TaskResult> {
  const started = Date.now();
  events.taskStart(host, task.name);
  const op = operations.get(task.op)!;
  const result: TaskResult = { name: task.name, status: 'ok', changes: [], ms: 0 };
  try {
    ctx.taskNotify = task.notify;
    const changes = await op.plan(task.args, ctx);
    for (const change of changes) {
      if (!ctx.check) await change.apply(ctx);
      change.effect?.(ctx.facts);
      result.changes.push(change.description);
      if (change.diff) (result.diff ??= []).push(change.diff);
      for (const n of change.notify ?? task.notify) notified.add(n);
    }
    if (changes.length > 0) result.status = 'changed';
  } catch (err) {
    result.status = 'failed';
    result.error = (err as Error).message;
    if (err instanceof OperationError) result.details = err.details;
  }
  result.ms = Date.now() - started;
  events.taskDone(host, result);
  return result;
}
