import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { InputFileError, MAX_SECRET_BYTES, readRegularFile } from '../input/regular-file.js';
import type { Secret } from './types.js';

// File secrets are read when first needed (lint checks lengths and agreement, render writes them) and then
// kept for the rest of the process: lint, the output masker and every host's render see the same value, even
// if the source changes or could be read only once.

type Outcome = { value: string } | { error: UserError };
const revealed = new Map<string, Outcome>();

function once(key: string, read: () => string): string {
  let outcome = revealed.get(key);
  if (!outcome) {
    try {
      outcome = { value: read() };
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      outcome = { error: err };
    }
    revealed.set(key, outcome);
  }
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** Forget every revealed secret (tests that change a source within one process). */
export function forgetRevealedSecrets(): void {
  revealed.clear();
}

export function inlineSecret(value: string): Secret {
  return { source: 'inline', describe: 'inline', reveal: () => value };
}

export function envSecret(name: string): Secret {
  return {
    source: 'env',
    describe: `env ${name}`,
    // The environment cannot be consumed or changed under us: read it each time (tests set and unset it).
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
    reveal: () =>
      once(`file:${path}`, () => {
        let text: string;
        try {
          text = readRegularFile(path, MAX_SECRET_BYTES);
        } catch (err) {
          if (!(err instanceof InputFileError)) throw err;
          throw new UserError(
            `cannot read secret file ${path}: ${err.reason}`,
            ExitCode.INVENTORY,
            'a password_file must be a regular file of at most 4 KiB (for a pipe or a generated value, use password_env)',
          );
        }
        // Files written by `echo` end with a newline that is not part of the password.
        return text.replace(/\r?\n$/, '');
      }),
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
