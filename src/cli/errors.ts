import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * An error meant for the person at the terminal: a clear message, an optional hint, a documented exit code.
 * Anything thrown that is not a UserError is a bug and exits with ExitCode.INTERNAL.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.USAGE,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
