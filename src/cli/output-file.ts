// Files a command writes after its run (--junit): checked before any host is touched, so a typo in the path
// cannot throw away a run's results at the end.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from './errors.js';
import { ExitCode } from './exit-codes.js';

export function assertWritableFile(path: string, flag: string): void {
  if (path.trim() === '') throw new UserError(`${flag} needs a file name`, ExitCode.USAGE);
  const full = resolve(path);
  const dir = dirname(full);
  const problem = ((): string | undefined => {
    try {
      if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
    } catch {
      return `directory ${dir} does not exist`;
    }
    try {
      if (statSync(full).isDirectory()) return `${full} is a directory`;
      accessSync(full, constants.W_OK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return `${full} is not writable`;
      try {
        accessSync(dir, constants.W_OK);
      } catch {
        return `directory ${dir} is not writable`;
      }
    }
    return undefined;
  })();
  if (problem) throw new UserError(`${flag} ${path}: ${problem}`, ExitCode.USAGE, 'nothing was run');
}
