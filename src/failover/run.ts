// One failover test on one cluster: watch → arm → act → measure → restore → measure the return → disarm.
// Restoring is attempted on every way out: normal end, an error midway, Ctrl-C/SIGTERM (interrupt hook), and a
// dropped connection (reconnect and restore); a crash of vipctl is covered by the dead man's switch on the host.
import type { ClusterMember, ClusterSpec, HostSpec, Inventory } from '../inventory/types.js';
import { onInterrupt } from '../runner/interrupt.js';
import type { Session } from '../runner/session.js';
import { connectHost } from '../ssh/connection.js';
import type { HostConnection } from '../ssh/types.js';
import { parseAddresses } from '../verify/probe-host.js';
import { boundFormula, masterDownSeconds, takeoverBoundMs, type FailoverMode } from './bound.js';
import { toControllerMs, type ClockOffset } from './clock.js';
import {
  actCommand,
  armCommand,
  disarmCommand,
  preflightCommand,
  restoreScript,
  STAMP,
} from './host-actions.js';
import { parseNaiveTimestamp } from './monitor-events.js';
import { longestSilenceMs, summarizeProbe, VipProbe, type ProbeSummary } from './probe.js';
import { analyzeTransition, firstSoleHolderMs, type TimedEvent, type Transition } from './timeline.js';
import { AddressWatch, atMost, measureOffset, sleep } from './watch.js';

export interface FailoverOptions {
  mode: FailoverMode;
  toleranceMs: number;
  /** how long pause/isolate last (ms); default: the takeover bound + 2 s */
  holdMs?: number;
  /** dead man's switch delay (s); default derived from the bound and hold */
  deadmanSeconds?: number;
  probe: boolean;
  /** progress lines for people (the command decides where they go) */
  progress?: (line: string) => void;
}

export interface ReturnResult {
  preempt: boolean;
  /** preempt: the VIP came back to the original master; nopreempt: it stayed on the new holder */
  ok: boolean;
  /** preempt: restore start → the original master holds the VIP again */
  returnMs?: number;
  transition?: Transition;
  message: string;
}

export interface FailoverRun {
  cluster: string;
  mode: FailoverMode;
  master: string;
  expectedTaker: string;
  /** controller-clock ms when the action started and when the restore started */
  actedAtMs: number;
  restoredAtMs?: number;
  boundMs: number;
  boundFormula: string;
  toleranceMs: number;
  transitions: Transition[];
  /** the slowest VIP's takeover */
  takeoverMs?: number;
  gapMs: number;
  overlapMs: number;
  /** SIGKILL leaves the VIP on the dead master */
  staleVip: boolean;
  splitBrain: boolean;
  probeOutageMs?: number;
  /** --probe over the whole run (action to the end of the return), for the HTML report */
  probe?: ProbeSummary;
  returned?: ReturnResult;
  /** whole run, from connecting the monitors to the final check */
  wallMs: number;
  clockOffsets: ClockOffset[];
  deadman: { armedSeconds: number; how: string; disarmed: boolean };
  /** events relative to the action, for the timeline */
  events: (TimedEvent & { relMs: number })[];
  /** restore steps that failed, findings that make the run fail */
  problems: string[];
  notes: string[];
  ok: boolean;
}

export class FailoverRefused extends Error {}

async function holdersNow(conns: HostConnection[], vip: string): Promise<string[]> {
  const seen = await Promise.all(
    conns.map(async (c) => {
      const r = await c.run('ip -o addr show', { timeoutMs: 10_000 });
      return parseAddresses(r.stdout).some((a) => a.address === vip.toLowerCase()) ? c.host : undefined;
    }),
  );
  return seen.filter((h): h is string => h !== undefined);
}

/** Runs `date; command` on the host and returns the controller-clock time printed just before the command ran. */
async function stamped(
  conn: HostConnection,
  command: string,
  offset: ClockOffset | undefined,
): Promise<{ atMs: number; ok: boolean; output: string }> {
  const before = Date.now();
  const r = await conn.run(`${STAMP}; ${command}`, { become: true, timeoutMs: 60_000 });
  const [first, ...rest] = r.stdout.split('\n');
  const hostMs = parseNaiveTimestamp(first ?? '');
  return {
    atMs: hostMs === undefined ? before : toControllerMs(hostMs, offset),
    ok: r.code === 0,
    output: `${rest.join('\n')}${r.stderr}`.trim(),
  };
}

export async function runFailover(
  inv: Inventory,
  cluster: ClusterSpec,
  session: Session,
  opts: FailoverOptions,
): Promise<FailoverRun> {
  const say = opts.progress ?? (() => undefined);
  const started = Date.now();
  const conns = cluster.members
    .map((m) => session.conn(m.host))
    .filter((c): c is HostConnection => c?.connected === true);
  if (conns.length !== cluster.members.length) throw new FailoverRefused('not every member is reachable');
  const vips = cluster.vips.map((v) => v.address.toLowerCase());
  const firstVip = vips[0]!;

  const offsets = new Map((await Promise.all(conns.map(measureOffset))).map((o) => [o.host, o]));
  const initial = await holdersNow(conns, firstVip);
  if (initial.length !== 1)
    throw new FailoverRefused(
      `${firstVip} is held by ${initial.length === 0 ? 'no member' : initial.join(' and ')}`,
    );
  const masterName = initial[0]!;
  const master = cluster.members.find((m) => m.host === masterName)!;
  const masterConn = session.conn(masterName)!;
  const taker = [...cluster.members]
    .filter((m) => m.host !== masterName)
    .sort((a, b) => b.priority - a.priority)[0];
  if (!taker) throw new FailoverRefused('the cluster has a single member: nobody can take over');
  const advertInt = master.advertInt ?? cluster.advertInt;
  const boundMs = takeoverBoundMs(opts.mode, advertInt, taker.priority);
  const holdMs = opts.holdMs ?? boundMs + 2000;
  const waitTakeoverMs = boundMs + opts.toleranceMs + 3000;
  const returnWaitMs = Math.round(masterDownSeconds(advertInt, master.priority) * 1000) + 10_000;
  const deadmanSeconds =
    opts.deadmanSeconds ??
    Math.max(20, Math.ceil((Math.max(holdMs, waitTakeoverMs) + returnWaitMs) / 1000) + 10);

  const pre = await masterConn.run(preflightCommand(opts.mode), { become: true, timeoutMs: 15_000 });
  if (pre.code !== 0) throw new FailoverRefused(`${masterName}: ${pre.stdout.trim() || pre.stderr.trim()}`);

  const watch = new AddressWatch(offsets);
  await watch.start(conns, deadmanSeconds + 120);
  const probe = opts.probe ? new VipProbe(firstVip, deadmanSeconds + 120) : undefined;
  const initialHolders = new Map<string, string[]>();
  for (const vip of vips) initialHolders.set(vip, await holdersNow(conns, vip));

  const run: FailoverRun = {
    cluster: cluster.name,
    mode: opts.mode,
    master: masterName,
    expectedTaker: taker.host,
    actedAtMs: 0,
    boundMs,
    boundFormula: boundFormula(opts.mode, advertInt, taker.priority),
    toleranceMs: opts.toleranceMs,
    transitions: [],
    gapMs: 0,
    overlapMs: 0,
    staleVip: false,
    splitBrain: false,
    wallMs: 0,
    clockOffsets: [...offsets.values()],
    deadman: { armedSeconds: deadmanSeconds, how: '', disarmed: false },
    events: [],
    problems: [],
    notes: [],
    ok: false,
  };

  const script = restoreScript(cluster, master);
  // One restore, however many ways out ask for it; each waits for the same one (an interrupt must not exit
  // while it is still running), and it starts only after an action in flight has landed.
  let restoring: Promise<void> | undefined;
  let acting: Promise<unknown> = Promise.resolve();
  const restore = (why: string): Promise<void> => (restoring ??= doRestore(why));
  const doRestore = async (why: string): Promise<void> => {
    await atMost(acting, 65_000);
    say(`restoring ${masterName} (${why})`);
    let conn = masterConn;
    if (!conn.connected) {
      // The connection dropped: try a fresh one; if that fails too, the dead man's switch restores the host.
      const spec = inv.hosts.find((h) => h.name === masterName) as HostSpec;
      try {
        conn = await connectHost(spec);
      } catch (err) {
        run.problems.push(
          `${masterName} unreachable for restore (${(err as Error).message}); its dead man's switch restores it within ${deadmanSeconds} s of acting`,
        );
        return;
      }
    }
    const r = await stamped(conn, script, offsets.get(masterName));
    run.restoredAtMs = r.atMs;
    if (!r.ok) run.problems.push(`restore on ${masterName} failed: ${r.output}`);
    const d = await conn.run(disarmCommand(), { become: true, timeoutMs: 15_000 }).catch(() => undefined);
    run.deadman.disarmed = d?.code === 0;
    if (conn !== masterConn) await conn.close();
  };
  // The process exits after the hooks (no finally runs): stop the ping and the monitors here too.
  const removeHook = onInterrupt(
    async () => {
      await restore('interrupted');
      probe?.stop();
      await watch.stop();
    },
    { concurrent: true },
  );

  try {
    const armed = await masterConn.run(armCommand(script, deadmanSeconds), {
      become: true,
      timeoutMs: 15_000,
    });
    if (armed.code !== 0)
      throw new FailoverRefused(`${masterName}: could not arm the dead man's switch: ${armed.stderr.trim()}`);
    run.deadman.how = /armed=(\S+)/.exec(armed.stdout)?.[1] ?? 'unknown';
    say(
      `${masterName}: dead man's switch armed (${run.deadman.how}, ${deadmanSeconds} s); acting: ${opts.mode}`,
    );

    const actNow = stamped(masterConn, actCommand(opts.mode), offsets.get(masterName));
    acting = actNow;
    const act = await actNow;
    run.actedAtMs = act.atMs;
    if (!act.ok) throw new Error(`${opts.mode} on ${masterName} failed: ${act.output}`);

    const takenAll = (events: TimedEvent[]): boolean =>
      vips.every((v) =>
        events.some(
          (e) => e.address === v && e.kind === 'add' && e.host !== masterName && e.atMs >= run.actedAtMs,
        ),
      );
    const taken = await watch.waitFor(takenAll, waitTakeoverMs);
    if (!taken) run.problems.push(`no other member took ${vips.join(', ')} within ${waitTakeoverMs} ms`);
    // pause/isolate last a while; other modes settle briefly so a late release is still seen.
    const until =
      opts.mode === 'pause' || opts.mode === 'isolate' ? run.actedAtMs + holdMs : Date.now() + 300;
    await sleep(Math.max(0, until - Date.now()));
    const stillOnMaster = await holdersNow([masterConn], firstVip);
    run.staleVip = opts.mode === 'kill' && stillOnMaster.length > 0;

    await restore('end of the test');
    const endFailover = run.restoredAtMs ?? Date.now();
    run.transitions = vips.map((vip) =>
      analyzeTransition({
        vip,
        initialHolders: initialHolders.get(vip) ?? [],
        events: watch.events,
        fromMs: run.actedAtMs,
        untilMs: endFailover,
        leaving: masterName,
      }),
    );
    const takeovers = run.transitions.map((t) => t.takeoverMs);
    run.takeoverMs = takeovers.every((t) => t !== undefined)
      ? Math.max(...(takeovers as number[]))
      : undefined;
    run.gapMs = Math.max(...run.transitions.map((t) => t.gapMs));
    run.overlapMs = Math.max(...run.transitions.map((t) => t.overlapMs));
    run.splitBrain = run.transitions.some((t) => t.overlapHosts.length >= 2);
    if (probe) run.probeOutageMs = longestSilenceMs(probe.replies(), run.actedAtMs, endFailover);

    run.returned = await measureReturn(cluster, master, watch, conns, run, returnWaitMs);
  } catch (err) {
    if (err instanceof FailoverRefused) throw err;
    run.problems.push((err as Error).message);
  } finally {
    await restore('after an error').catch((err: Error) =>
      run.problems.push(`restore failed: ${err.message}`),
    );
    removeHook();
    probe?.stop();
    await watch.stop();
  }

  if (probe)
    run.probe = summarizeProbe(probe.repliesWithSeq(), run.actedAtMs - 1000, Date.now(), run.actedAtMs);
  run.events = watch.events
    .filter((e) => vips.includes(e.address) && e.atMs >= run.actedAtMs - 50)
    .sort((a, b) => a.atMs - b.atMs)
    .map((e) => ({ ...e, relMs: Math.round(e.atMs - run.actedAtMs) }));
  judge(run, opts.mode, master);
  run.wallMs = Date.now() - started;
  return run;
}

async function measureReturn(
  cluster: ClusterSpec,
  master: ClusterMember,
  watch: AddressWatch,
  conns: HostConnection[],
  run: FailoverRun,
  waitMs: number,
): Promise<ReturnResult> {
  const from = run.restoredAtMs ?? Date.now();
  const vip = cluster.vips[0]!.address.toLowerCase();
  const holdersAtRestore = analyzeTransition({
    vip,
    initialHolders: [master.host],
    events: watch.events,
    fromMs: run.actedAtMs,
    untilMs: from,
    leaving: master.host,
  }).finalHolders;
  const current = holdersAtRestore.find((h) => h !== master.host) ?? run.expectedTaker;
  if (cluster.preempt) {
    // The master may never have lost the VIP (pause, isolate): "returned" means it is the only holder again.
    const sole = (ev: TimedEvent[]): number | undefined =>
      firstSoleHolderMs(vip, holdersAtRestore, ev, from, master.host);
    const back = await watch.waitFor((ev) => sole(ev) !== undefined, waitMs);
    await sleep(500);
    const transition = analyzeTransition({
      vip,
      initialHolders: holdersAtRestore,
      events: watch.events,
      fromMs: from,
      untilMs: Date.now(),
      leaving: current,
    });
    const holders = await holdersNow(conns, vip);
    const at = sole(watch.events);
    const returnMs = back && at !== undefined ? Math.round(at - from) : undefined;
    const ok = back && holders.length === 1 && holders[0] === master.host;
    return {
      preempt: true,
      ok,
      returnMs,
      transition,
      message: ok
        ? `${vip} back on ${master.host} alone after ${returnMs} ms`
        : `${vip} did not return to ${master.host} (holders: ${holders.join(', ') || 'none'})`,
    };
  }
  // nopreempt: the VIP must stay where it is for a full master_down_interval after the master is back.
  await sleep(
    Math.round(masterDownSeconds(master.advertInt ?? cluster.advertInt, master.priority) * 1000) + 1000,
  );
  const holders = await holdersNow(conns, vip);
  const ok = holders.length === 1 && holders[0] === current;
  return {
    preempt: false,
    ok,
    message: ok
      ? `nopreempt: ${vip} stays on ${current}`
      : `nopreempt: expected ${vip} to stay on ${current}, holders: ${holders.join(', ') || 'none'}`,
  };
}

/** The verdict: what fails a run, and what each mode is expected to show. */
export function judge(run: FailoverRun, mode: FailoverMode, master: ClusterMember): void {
  if (run.takeoverMs === undefined) run.problems.push('takeover not observed');
  else if (run.takeoverMs > run.boundMs + run.toleranceMs) {
    run.problems.push(
      `takeover ${run.takeoverMs} ms exceeds the bound ${run.boundMs} ms + tolerance ${run.toleranceMs} ms`,
    );
  }
  for (const t of run.transitions) {
    if (t.takenBy !== undefined && t.takenBy !== run.expectedTaker)
      run.notes.push(`${t.vip} taken by ${t.takenBy}, expected ${run.expectedTaker} (highest priority left)`);
  }
  if (run.splitBrain) {
    const hosts = [...new Set(run.transitions.flatMap((t) => t.overlapHosts))].join(' and ');
    if (mode === 'isolate')
      run.notes.push(
        `split brain as expected for isolate: ${hosts} held the VIP together for ${Math.round(run.overlapMs)} ms`,
      );
    else if (mode === 'pause')
      run.notes.push(
        `the hung master kept the VIP: ${hosts} held it together for ${Math.round(run.overlapMs)} ms`,
      );
    else if (mode === 'kill')
      run.notes.push(
        `stale VIP: the killed keepalived left it on ${master.host}; ${hosts} held it together for ${Math.round(run.overlapMs)} ms`,
      );
    else
      run.problems.push(
        `split brain during a clean stop: ${hosts} held the VIP together for ${Math.round(run.overlapMs)} ms`,
      );
  }
  if (run.staleVip && !run.splitBrain)
    run.notes.push(`stale VIP left on ${master.host} by the killed keepalived`);
  if (run.returned && !run.returned.ok) run.problems.push(run.returned.message);
  if (!run.deadman.disarmed) run.problems.push(`the dead man's switch on ${master.host} may still be armed`);
  run.ok = run.problems.length === 0;
}
