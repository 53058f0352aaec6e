#!/usr/bin/env node
// Entry point: oclif loads commands from dist/commands (see package.json "oclif").
import './early-signals.js';
import './check-node.js';
import { execute } from '@oclif/core';

// -vv (remote commands and their output) is spelled as two flags for oclif, which does not count repeats.
const args = process.argv.slice(2).flatMap((a) => (a === '-vv' ? ['--verbose', '--very-verbose'] : [a]));
await execute({ args, dir: import.meta.url });
