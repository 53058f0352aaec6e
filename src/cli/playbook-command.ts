// What install, configure, apply and run share: load and lint the inventory, select hosts, connect, run the
// playbooks in turn on the same connections, optionally do more on them (apply's verify), report, and turn the
// results into the documented exit code.
import type { Interfaces } from '@oclif/core';
import type { becomeFlags, changeFlags, hostFlags } from './flags.js';
import { loadCheckedInventory } from '../inventory/load.js';
import { selectHosts } from '../inventory/select.js';
import { keepalivedMasker } from '../operations/keepalived.js';
import { createDisplay } from '../report/display.js';
import { exitCodeFor, type HostResult } from '../report/results.js';
import type { HostSpec, Inventory } from '../inventory/types.js';
import { wantColor } from '../report/style.js';
import { loadPlaybook } from '../runner/playbook.js';
import { readHostRunState, runPlaybooks, type HostRunState } from '../runner/runner.js';
import { isInterrupted } from '../runner/interrupt.js';
import { lockHosts } from '../runner/controller-lock.js';
import { openSession, type Session } from '../runner/session.js';
import { askPassword } from '../ssh/ask-password.js';
import { timed } from '../report/timings.js';

/** Sudo passwords of the selected hosts, for the masker (a source that cannot be read is reported elsewhere). */
export function becomePasswords(hosts: HostSpec[]): string[] {
  return hosts.flatMap((h) => {
    try {
      return h.become.password ? [h.become.password.reveal()] : [];
    } catch {
      return [];
    }
  });
}

type Flags = Interfaces.InferredFlags<typeof hostFlags & typeof changeFlags & typeof becomeFlags>;

export interface PlaybookRun {
  results: HostResult[];
  exitCode: number;
}

/** What a command does on the open session after its playbooks ran (apply: verify the clusters). */
export type AfterPlaybooks = (run: {
  inventory: Inventory;
  hosts: HostSpec[];
  session: Session;
  results: HostResult[];
  /** each host's facts as the run left them (kept current by every change's effect) */
  hostState: Map<string, HostRunState>;
}) => Promise<AfterResult>;

export interface AfterResult {
  exitCode: number;
  /** fields added to the --json document */
  json: Record<string, unknown>;
  /** printed after the recap for people */
  text: string;
}

export async function runPlaybookCommand(
  command: string,
  playbookFiles: string[],
  flags: Flags,
  after?: AfterPlaybooks,
): Promise<PlaybookRun> {
  const playbooks = playbookFiles.map(loadPlaybook);
  // Commands that change hosts refuse an inventory with lint errors: nothing is touched.
  const { inventory } = await loadCheckedInventory(flags.inventory ?? []);
  const hosts = selectHosts(inventory, flags.limit); // selecting nothing is a usage error
  const verbose = flags['very-verbose'] ? 2 : flags.verbose ? 1 : 0;
  // Asked once, before any connection, and only when a selected host has no sudo password of its own.
  const becomePassword =
    flags['ask-become-pass'] && hosts.some((h) => h.become.enabled && h.become.password === undefined)
      ? await askPassword('sudo password: ')
      : undefined;
  const mask = keepalivedMasker(
    [...(becomePassword ? [becomePassword] : []), ...becomePasswords(hosts)].concat(
      inventory.clusters.flatMap((c) => {
        if (c.auth.type !== 'PASS') return [];
        try {
          return [c.auth.password.reveal()];
        } catch {
          return [];
        }
      }),
    ),
  );
  const display = createDisplay({
    command,
    json: flags.json,
    color: wantColor(flags['no-color']),
    verbose,
    check: flags.check,
    // A terminal too narrow to draw a tree (or reporting no width at all) gets the plain lines.
    interactive:
      Boolean(process.stdout.isTTY) &&
      (process.stdout.columns ?? 0) >= 40 &&
      process.env.CI !== 'true' &&
      verbose === 0,
  });
  const trace =
    verbose > 0 && !flags.json
      ? (host: string, cmd: string, r?: { code: number | null; stdout: string; stderr: string }) => {
          process.stderr.write(`${host}$ ${mask(cmd)}\n`);
          if (verbose > 1 && r) {
            const body = `${r.stdout}${r.stderr}`.trimEnd();
            if (body) process.stderr.write(`${mask(body).replace(/^/gm, `${host}| `)}\n`);
            process.stderr.write(`${host}| exit ${r.code}\n`);
          }
        }
      : undefined;
  // A run that changes hosts holds them: on this controller (refused at once if another run has them) and on
  // each host (/run/vipctl.lock, waited for), so two runs never interleave their writes.
  const unlock = flags.check ? () => {} : lockHosts(hosts, command);
  display.begin(hosts.map((h) => h.name));
  // Each host's facts are read as soon as it is connected; the runner takes them from here.
  const pending = new Map<string, Promise<HostRunState>>();
  const session = await openSession(hosts, {
    forks: flags.forks,
    acceptNewHostKeys: flags['accept-new-host-keys'],
    becomePassword,
    trace,
    afterConnect: (host, conn) => {
      const read = readHostRunState(inventory, host.name, conn, {
        lock: !flags.check,
        onWait: (m) => display.progress(host.name, m),
      });
      pending.set(host.name, read);
      return read.then(
        () => undefined,
        () => undefined, // the runner reports it for this host
      );
    },
  });
  try {
    const hostState = new Map<string, HostRunState>();
    const results = await runPlaybooks(
      playbooks,
      inventory,
      session,
      {
        hostState,
        pending,
        forks: flags.forks,
        check: flags.check,
        diff: flags.diff,
        failFast: flags['fail-fast'],
        templateDir: inventory.templateDir,
      },
      display,
    );
    const then =
      after && !isInterrupted() ? await after({ inventory, hosts, session, results, hostState }) : undefined;
    await timed('report', () => display.finish(results, then));
    if (then && !flags.json) process.stdout.write(`\n${then.text}\n`);
    return { results, exitCode: then?.exitCode ?? exitCodeFor(results) };
  } finally {
    // When interrupted, the restore hooks still need the connections; the interrupt handler closes them last.
    if (!isInterrupted()) await session.close();
    unlock();
  }
}
