#!/usr/bin/env node
// Entry point: oclif loads commands from dist/commands (see package.json "oclif").
import './early-signals.js';
import { execute } from '@oclif/core';
import { normalizeArgv } from '../dist/cli/argv.js';

// -vv, and `lab ssh HOST CMD…` with options in CMD: see src/cli/argv.ts.
await execute({ args: normalizeArgv(process.argv.slice(2)), dir: import.meta.url });
