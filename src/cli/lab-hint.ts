// `lab down` removes the lab's inventory with the lab: a command pointed at it afterwards should say that the
// lab is down, not only that a file is missing.
import { resolve } from 'node:path';
import { paths } from '../lab/config.js';
import { readState } from '../lab/state.js';
import type { LintFinding } from '../inventory/findings.js';

export function labDownHint(findings: readonly LintFinding[]): string | undefined {
  const missingLabInventory = findings.some(
    (f) => f.code === 'FILE001' && resolve(f.location.file) === resolve(paths.inventory),
  );
  return missingLabInventory && readState() === undefined
    ? 'the lab is not up (lab down removes its inventory): run `vipctl lab up`'
    : undefined;
}
