import { readFileSync } from 'node:fs';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import type { Secret } from './types.js';

// Secrets are read only when needed (render, lint of lengths), so `inventory show` works without them.

export function inlineSecret(value: string): Secret {
  return { source: 'inline', describe: 'inline', reveal: () => value };
}

export function envSecret(name: string): Secret {
  return {
    source: 'env',
    describe: `env ${name}`,
    reveal: () => {
      const value = process.env[name];
      if (value === undefined) {
        throw new UserError(
          `environment variable ${name} is not set`,
          ExitCode.INVENTORY,
          `export ${name}=…`,
        );
      }
      return value;
    },
  };
}

export function fileSecret(path: string): Secret {
  return {
    source: 'file',
    describe: `file ${path}`,
    reveal: () => {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (err) {
        const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
        throw new UserError(`cannot read secret file ${path} (${reason})`, ExitCode.INVENTORY);
      }
      // Files written by `echo` end with a newline that is not part of the password.
      return text.replace(/\r?\n$/, '');
    },
  };
}

/** The value of a secret, or the reason it is unavailable (for lint, which must not crash). */
export function tryReveal(secret: Secret): { value: string } | { error: string } {
  try {
    return { value: secret.reveal() };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
