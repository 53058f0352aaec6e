import { stripVTControlCharacters } from 'node:util';
import { defineConfig } from 'vitest/config';

// Colour only for a person at a terminal: vitest turns colours on whenever CI is set or TERM is not "dumb",
// decided before this file is read, so a `CI=true` log was full of escape codes. Off a terminal (unless
// FORCE_COLOR), what vitest prints is written without them.
if (!process.stdout.isTTY && process.env.FORCE_COLOR === undefined) {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(
        typeof chunk === 'string' ? stripVTControlCharacters(chunk) : chunk,
        ...rest,
      )) as typeof stream.write;
  }
}

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // passing tests print nothing; vipctl's signal handler does not outlive a file (see the file)
          setupFiles: ['test/unit/setup.ts'],
          // temp files in one directory per run, removed; a run that leaves any elsewhere fails
          globalSetup: ['test/tmp-guard.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // One lab for the whole run: brought up once, torn down at the end, even on failure.
          // The temp-file guard after it: it starts counting once this run holds the lab lock (other runs make
          // files while it waits), and checks before lab down (its /run baseline is removed there).
          globalSetup: ['test/e2e/global-setup.ts', 'test/tmp-guard.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
