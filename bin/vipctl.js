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
  const { execute } = await import('@oclif/core');
  // -vv (remote commands and their output) is spelled as two flags for oclif, which does not count repeats.
  const args = process.argv.slice(2).flatMap((a) => (a === '-vv' ? ['--verbose', '--very-verbose'] : [a]));
  await execute({ args, dir: import.meta.url });
}
