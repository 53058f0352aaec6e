// The module contract (Ansible's, in pyinfra's shape): an operation compares wanted state with facts and
// returns the changes needed — none means "ok". --check and a real run share this code: check mode applies
// each change's effect to the facts without running it.
import type { HostFacts } from '../runner/host-facts.js';
import type { HostSpec, Inventory } from '../inventory/types.js';
import type { HostConnection } from '../ssh/types.js';

export interface OperationContext {
  conn: HostConnection;
  host: HostSpec;
  inventory: Inventory;
  facts: HostFacts;
  check: boolean;
  wantDiff: boolean;
  templateDir?: string;
  /** a line of progress for the display (e.g. "waiting for the dpkg lock") */
  progress(message: string): void;
  /** services started during this run: a reload right after a start is pointless */
  started: Set<string>;
  /** the handlers the task being run notifies on change (the runner sets it per task) */
  taskNotify?: string[];
}

export interface Change {
  description: string;
  /** unified diff, secrets masked */
  diff?: string;
  /** handlers to run once at the end of the host's run */
  notify?: string[];
  apply(ctx: OperationContext): Promise<void>;
  /** what the change does to the facts (used in check mode and after apply) */
  effect?(facts: HostFacts): void;
}

export interface Operation {
  /** name used in playbooks, e.g. "packages.present" */
  name: string;
  plan(args: Record<string, unknown>, ctx: OperationContext): Promise<Change[]>;
}

/** An operation failed on the host; the message is for the operator. */
export class OperationError extends Error {
  constructor(
    message: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'OperationError';
  }
}

export function stringArg(args: Record<string, unknown>, key: string, fallback?: string): string {
  const v = args[key] ?? fallback;
  if (typeof v !== 'string') throw new OperationError(`argument "${key}" must be a string`);
  return v;
}

export function stringListArg(args: Record<string, unknown>, key: string): string[] {
  const v = args[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw new OperationError(`argument "${key}" must be a list of strings`);
  }
  return v as string[];
}

/**
 * A package or service name that reaches a command as an operand: never empty, never starting with "-" (it would
 * be read as an option, e.g. apt's `-o…Pre-Invoke=`), no whitespace or control characters.
 */
export function operandArg(value: string, what: string): string {
  if (!/^[A-Za-z0-9_@.+:][A-Za-z0-9_@.+:=~-]*$/.test(value))
    throw new OperationError(
      `refusing ${what} "${value}": names start with a letter or digit and hold no spaces or shell characters`,
    );
  return value;
}
