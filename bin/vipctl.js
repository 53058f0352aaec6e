#!/usr/bin/env node
// Entry point: --version and --help from bin/fast-path.js, everything else through oclif, which loads commands
// from dist/commands (see package.json "oclif").
import './early-signals.js';
import './check-node.js';
import module from 'node:module';
import { fastAnswer } from './fast-path.js';

const answer = fastAnswer(process.argv.slice(2));
if (answer !== undefined) {
  process.stdout.write(answer);
} else {
  // Node ≥ 22.1 keeps compiled modules on disk between runs (os.tmpdir()/node-compile-cache): a third off start-up.
  module.enableCompileCache?.();
  const [{ execute }, { normalizeArgv }] = await Promise.all([
    import('@oclif/core'),
    import('../dist/cli/argv.js'),
  ]);
  // -vv, and `lab ssh HOST CMD…` with options in CMD: see src/cli/argv.ts.
  await execute({ args: normalizeArgv(process.argv.slice(2)), dir: import.meta.url });
}
