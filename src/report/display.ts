// The one reporting layer for playbook runs: a listr2 tree on a TTY, timestamped plain lines otherwise (CI),
// or nothing but one JSON document with --json. Commands never print results themselves.
import type { HostResult, RunEvents, TaskResult } from './results.js';
import { exitCodeFor, summarize } from './results.js';
import { countedNames } from './host-list.js';
import { SCHEMA_VERSION } from './schema-version.js';
import { makeStyle, statusStyle, type Style } from './style.js';

export interface DisplayOptions {
  command: string;
  json: boolean;
  color: boolean;
  verbose: number;
  check: boolean;
  /** interactive progress tree (TTY and not CI) */
  interactive: boolean;
  write?: (text: string) => void;
}

export interface Display extends RunEvents {
  /** starts the interactive view for these hosts (no-op for plain and JSON) */
  begin(hosts: string[]): void;
  /**
   * Waits for the view to finish and prints the recap (or the JSON document). `after` is what the command did
   * once the playbooks ran (apply's verify): its fields join the JSON document and its exit code wins.
   */
  finish(results: HostResult[], after?: { exitCode: number; json: Record<string, unknown> }): Promise<void>;
}

/** up to this many hosts (or with -v) the recap has one row per host; beyond, problems and then groups */
export const RECAP_HOSTS_LISTED = 10;

function taskCounts(r: HostResult): string {
  if (r.status === 'unreachable' || r.status === 'skipped') return '';
  const changed = r.tasks.filter((t) => t.status === 'changed').length;
  const ok = r.tasks.filter((t) => t.status === 'ok').length;
  return `${changed} changed, ${ok} ok`;
}

/**
 * The recap of a large run: a row for every host that failed, was unreachable or skipped, or has a hint; the
 * others grouped by status and task counts, one line each ("changed  100 hosts (lb-host-[1-100])  2 changed, 9 ok
 * each, 1.9–2.1s").
 */
export function recapAtScale(
  results: HostResult[],
  style: Style,
  row: (r: HostResult) => void,
  out: (line: string) => void,
): void {
  const plain = (r: HostResult): boolean =>
    (r.status === 'ok' || r.status === 'changed') && !r.error && !r.hint;
  results.filter((r) => !plain(r)).forEach(row);
  const groups = new Map<string, HostResult[]>();
  for (const r of results.filter(plain)) {
    const key = `${r.status}\u0000${taskCounts(r)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const g of groups.values()) {
    const secs = g.map((r) => r.ms / 1000);
    const [lo, hi] = [Math.min(...secs), Math.max(...secs)];
    const span = lo.toFixed(1) === hi.toFixed(1) ? `${lo.toFixed(1)}s` : `${lo.toFixed(1)}–${hi.toFixed(1)}s`;
    out(
      `  ${statusStyle(style, g[0]!.status)(g[0]!.status.padEnd(11))} ${countedNames(
        g.map((r) => r.host),
        'host',
      )}  ${taskCounts(g[0]!)}${g.length > 1 ? ' each' : ''}, ${span}`,
    );
  }
}

const time = (): string => new Date().toISOString().slice(11, 19);

function taskLine(style: Style, t: TaskResult): string {
  const what = t.changes.length > 0 ? `: ${t.changes.join('; ')}` : '';
  const err = t.error ? `: ${t.error}` : '';
  return `${statusStyle(style, t.status)(t.status)} ${t.name}${what}${err}`;
}

export function createDisplay(opts: DisplayOptions): Display {
  const write = opts.write ?? ((s: string) => void process.stdout.write(s));
  const style = makeStyle(opts.color);
  const out = (line: string): void => {
    if (!opts.json) write(`${line}\n`);
  };
  const details = (t: TaskResult): void => {
    if (t.details)
      out(
        t.details
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      );
    for (const d of t.diff ?? []) out(d.trimEnd());
  };

  // Interactive: one listr2 task per host, resolved by the runner's events.
  const waiters = new Map<string, { resolve: (r: HostResult) => void; promise: Promise<HostResult> }>();
  const setters = new Map<string, (title: string, output?: string) => void>();
  // Events can arrive before listr2 has started a host's task: keep the latest line and apply it on start.
  const latest = new Map<string, [string, string | undefined]>();
  const show = (host: string, title: string, output?: string): void => {
    latest.set(host, [title, output]);
    setters.get(host)?.(title, output);
  };
  let listrRun: Promise<unknown> | undefined;
  const interactive = opts.interactive && !opts.json;

  return {
    begin(hosts) {
      if (!interactive) {
        out(
          `${time()} ${opts.command}${opts.check ? ' (check mode: nothing is changed)' : ''} on ${hosts.length} host(s)`,
        );
        return;
      }
      for (const h of hosts) {
        let resolve!: (r: HostResult) => void;
        const promise = new Promise<HostResult>((r) => (resolve = r));
        waiters.set(h, { resolve, promise });
      }
      // listr2 is loaded only for a terminal: CI, pipes and --json never pay for it.
      const tasks = (Listr: typeof import('listr2').Listr) =>
        new Listr(
          hosts.map((h) => ({
            title: h,
            task: async (_ctx: unknown, task: { title: string; output: string }) => {
              setters.set(h, (title, output) => {
                task.title = title;
                if (output !== undefined) task.output = output;
              });
              const last = latest.get(h);
              if (last) setters.get(h)!(...last);
              const r = await waiters.get(h)!.promise;
              task.title = `${h}: ${statusStyle(style, r.status)(r.status)}${r.error ? ` (${r.error})` : ''}`;
              if (r.status === 'failed' || r.status === 'unreachable') throw new Error(task.title);
            },
          })),
          { concurrent: true, exitOnError: false, rendererOptions: { collapseErrors: true } },
        );
      listrRun = import('listr2').then(({ Listr }) => tasks(Listr).run()).catch(() => undefined);
    },
    hostStart() {},
    taskStart(host, task) {
      if (interactive) show(host, `${host}: ${task}`, '');
      if (!interactive && opts.verbose > 0) out(`${time()} ${host} … ${task}`);
    },
    progress(host, message) {
      if (interactive) show(host, latest.get(host)?.[0] ?? host, message);
      else out(`${time()} ${host} ${style.dim(message)}`);
    },
    taskDone(host, result) {
      if (interactive) return;
      if (result.status !== 'ok' || opts.verbose > 0) out(`${time()} ${host} ${taskLine(style, result)}`);
      details(result);
    },
    hostDone(result) {
      const w = waiters.get(result.host);
      if (w) w.resolve(result);
      else if (!interactive && result.status === 'unreachable')
        out(`${time()} ${result.host} ${style.failed('unreachable')}: ${result.error}`);
    },
    async finish(results, after) {
      if (listrRun) await listrRun;
      const s = summarize(results);
      if (opts.json) {
        const exitCode = after?.exitCode ?? exitCodeFor(results);
        const doc = {
          schemaVersion: SCHEMA_VERSION,
          command: opts.command,
          check: opts.check,
          exitCode,
          summary: s,
          hosts: results,
        };
        write(`${JSON.stringify({ ...doc, ...after?.json }, null, 2)}\n`);
        return;
      }
      if (interactive) for (const r of results) for (const t of r.tasks) if (t.status !== 'ok') details(t);
      out('');
      out(style.bold(`RECAP ${opts.command}${opts.check ? ' (check mode)' : ''}`));
      const row = (r: HostResult): void => {
        const why = r.error ? `  ${r.error}` : '';
        out(
          `  ${r.host.padEnd(16)} ${statusStyle(style, r.status)(r.status.padEnd(11))} ${taskCounts(r).padEnd(20)} ${(r.ms / 1000).toFixed(1)}s${why}`,
        );
        if (r.hint) out(`  ${''.padEnd(16)} hint: ${r.hint}`);
      };
      if (opts.verbose > 0 || results.length <= RECAP_HOSTS_LISTED) results.forEach(row);
      else recapAtScale(results, style, row, out);
      out(
        `${results.length} host(s): ${s.changed} changed, ${s.ok} ok, ${s.failed} failed, ${s.unreachable} unreachable, ${s.skipped} skipped`,
      );
    },
  };
}
