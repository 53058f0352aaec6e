// What install, configure and run share: load and lint the inventory, select hosts, connect, run the playbook,
// report, and turn the results into the documented exit code.
import type { Interfaces } from '@oclif/core';
import { UserError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { becomeFlags, changeFlags, hostFlags } from './flags.js';
import { loadInventoryForChange } from '../inventory/load.js';
import { selectHosts } from '../inventory/select.js';
import { keepalivedMasker } from '../operations/keepalived.js';
import { createDisplay } from '../report/display.js';
import { exitCodeFor, type HostResult } from '../report/results.js';
import { wantColor } from '../report/style.js';
import { loadPlaybook } from '../runner/playbook.js';
import { runPlaybook } from '../runner/runner.js';
import { isInterrupted } from '../runner/interrupt.js';
import { openSession } from '../runner/session.js';
import { askPassword } from '../ssh/ask-password.js';

type Flags = Interfaces.InferredFlags<typeof hostFlags & typeof changeFlags & typeof becomeFlags>;

export interface PlaybookRun {
  results: HostResult[];
  exitCode: number;
}

export async function runPlaybookCommand(
  command: string,
  playbookFile: string,
  flags: Flags,
): Promise<PlaybookRun> {
  const playbook = loadPlaybook(playbookFile);
  // Commands that change hosts refuse an inventory with lint errors: nothing is touched.
  const { inventory } = await loadInventoryForChange(flags.inventory ?? []);
  const hosts = selectHosts(inventory, flags.limit);
  if (hosts.length === 0) throw new UserError(`--limit ${flags.limit} selects no host`, ExitCode.USAGE);
  const verbose = flags['very-verbose'] ? 2 : flags.verbose ? 1 : 0;
  // Asked once, before any connection, and only when a selected host has no sudo password of its own.
  const becomePassword =
    flags['ask-become-pass'] && hosts.some((h) => h.become.enabled && h.become.password === undefined)
      ? await askPassword('sudo password: ')
      : undefined;
  const mask = keepalivedMasker(
    [...(becomePassword ? [becomePassword] : [])].concat(
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
  const session = await openSession(hosts, {
    forks: flags.forks,
    acceptNewHostKeys: flags['accept-new-host-keys'],
    becomePassword,
    trace,
  });
  try {
    display.begin(hosts.map((h) => h.name));
    const results = await runPlaybook(
      playbook,
      inventory,
      session,
      {
        forks: flags.forks,
        check: flags.check,
        diff: flags.diff,
        failFast: flags['fail-fast'],
        templateDir: inventory.templateDir,
      },
      display,
    );
    await display.finish(results);
    return { results, exitCode: exitCodeFor(results) };
  } finally {
    // When interrupted, the restore hooks still need the connections; the interrupt handler closes them last.
    if (!isInterrupted()) await session.close();
  }
}
