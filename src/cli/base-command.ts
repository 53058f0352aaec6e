import { Command } from '@oclif/core';
import { UserError } from './errors.js';
import { labDownHint } from './lab-hint.js';
import { InventoryError } from '../inventory/findings.js';
import { ExitCode } from './exit-codes.js';
import { ignoreClosedPipes } from './pipes.js';
import { nearest } from './suggest.js';
import { installInterruptHandler } from '../runner/interrupt.js';
import { mark } from '../report/timings.js';
import { terminalSafeLines } from '../report/terminal-text.js';

/**
 * Every vipctl command extends this: user errors print as one clear message (never a stack trace)
 * and exit with their documented code; anything else is reported as a bug with exit code 1.
 */
export abstract class BaseCommand extends Command {
  /** Ctrl-C / SIGTERM always end with exit code 130, after restore hooks, whatever the command was doing. */
  override async init(): Promise<void> {
    mark('command loaded');
    ignoreClosedPipes();
    await super.init();
    installInterruptHandler();
  }

  protected override async catch(
    err: Error & { exitCode?: number; oclif?: { exit?: number } },
  ): Promise<void> {
    if (err instanceof UserError) {
      // Messages quote input (names, values, host output): no control character reaches the terminal.
      process.stderr.write(`vipctl: ${terminalSafeLines(err.message)}\n`);
      const hint = err.hint ?? (err instanceof InventoryError ? labDownHint(err.findings) : undefined);
      if (hint) process.stderr.write(`  hint: ${terminalSafeLines(hint)}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    // oclif's own parse errors (unknown flag, missing arg) are usage errors.
    if (err.oclif !== undefined || err.name === 'CLIError' || /Parse|Flag|Arg/.test(err.constructor.name)) {
      if (err.oclif?.exit === 0) return;
      const { message, hint } = this.usageError(err.message);
      process.stderr.write(`vipctl: ${terminalSafeLines(message)}\n  hint: ${terminalSafeLines(hint)}\n`);
      process.exitCode = err.oclif?.exit && err.oclif.exit !== 2 ? err.oclif.exit : ExitCode.USAGE;
      return;
    }
    process.stderr.write(`vipctl: internal error (a bug in vipctl): ${err.stack ?? err.message}\n`);
    process.exitCode = ExitCode.INTERNAL;
  }

  /** oclif's parse errors in vipctl's format: one message, a "did you mean" for a mistyped flag, --help. */
  private usageError(raw: string): { message: string; hint: string } {
    const lines = raw
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && l !== 'The following error occurred:')
      .filter((l) => !/^(See more help with|Note: |Alternatively, )/.test(l))
      .map((l) => l.replace(/\s{2,}/g, ' '));
    const help = `\`${this.config.bin} ${(this.id ?? '').replaceAll(':', ' ')} --help\` lists its flags`;
    const typed = /^Nonexistent flags?: (\S+?),?(?:\s|$)/.exec(lines[0] ?? '')?.[1];
    const flags = Object.entries(this.ctor.flags ?? {})
      .filter(([, f]) => !f.hidden)
      .map(([name]) => `--${name}`);
    const guess = typed?.startsWith('--') ? nearest(typed, flags) : undefined;
    const sep = (m: string): string => (m.endsWith(':') ? ' ' : /^Parsing \S+$/.test(m) ? ': ' : '; ');
    const message = lines.reduce((m, l) => (m === '' ? l : `${m}${sep(m)}${l}`), '');
    return { message, hint: guess ? `did you mean ${guess}? ${help}` : help };
  }
}
