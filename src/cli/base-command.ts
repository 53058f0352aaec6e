import { Command } from '@oclif/core';
import { UserError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { installInterruptHandler } from '../runner/interrupt.js';
import { mark } from '../report/timings.js';

/**
 * Every vipctl command extends this: user errors print as one clear message (never a stack trace)
 * and exit with their documented code; anything else is reported as a bug with exit code 1.
 */
export abstract class BaseCommand extends Command {
  /** Ctrl-C / SIGTERM always end with exit code 130, after restore hooks, whatever the command was doing. */
  override async init(): Promise<void> {
    mark('command loaded');
    await super.init();
    installInterruptHandler();
  }

  protected override async catch(
    err: Error & { exitCode?: number; oclif?: { exit?: number } },
  ): Promise<void> {
    if (err instanceof UserError) {
      process.stderr.write(`vipctl: ${err.message}\n`);
      if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    // oclif's own parse errors (unknown flag, missing arg) are usage errors.
    if (err.oclif !== undefined || err.name === 'CLIError' || /Parse|Flag|Arg/.test(err.constructor.name)) {
      if (err.oclif?.exit === 0) return;
      process.stderr.write(`vipctl: ${err.message}\n`);
      process.exitCode = err.oclif?.exit && err.oclif.exit !== 2 ? err.oclif.exit : ExitCode.USAGE;
      return;
    }
    process.stderr.write(`vipctl: internal error (a bug in vipctl): ${err.stack ?? err.message}\n`);
    process.exitCode = ExitCode.INTERNAL;
  }
}
