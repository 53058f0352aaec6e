// Playbooks are data: a YAML list of tasks naming operations, plus handlers run once at the end when notified.
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputFileError, readRegularFile } from '../input/regular-file.js';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { operations } from '../operations/registry.js';

const taskSchema = z.strictObject({
  name: z.string(),
  op: z.string(),
  args: z.record(z.string(), z.unknown()).default({}),
  notify: z.array(z.string()).default([]),
});

const playbookSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  /** backups-first: hosts that are MASTER of no cluster go first, so the VIP does not flap */
  order: z.enum(['parallel', 'backups-first']).default('parallel'),
  tasks: z.array(taskSchema).min(1),
  handlers: z.array(taskSchema).default([]),
});

export type Task = z.infer<typeof taskSchema>;
export type Playbook = z.infer<typeof playbookSchema>;

export function builtinPlaybookPath(name: string): string {
  return fileURLToPath(new URL(`../../playbooks/${name}.yaml`, import.meta.url));
}

export function loadPlaybook(file: string): Playbook {
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    throw new UserError(
      `cannot read playbook ${file}: ${err.reason}`,
      ExitCode.USAGE,
      'a playbook is a regular YAML file of at most 10 MiB',
    );
  }
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 10_000 });
  } catch (err) {
    throw new UserError(`playbook ${file}: ${(err as Error).message.split('\n')[0]}`, ExitCode.USAGE);
  }
  const r = playbookSchema.safeParse(doc);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`).join('\n');
    throw new UserError(`playbook ${file} is not valid:\n${issues}`, ExitCode.USAGE);
  }
  const pb = r.data;
  const handlerNames = new Set(pb.handlers.map((h) => h.name));
  for (const t of [...pb.tasks, ...pb.handlers]) {
    if (!operations.has(t.op)) {
      throw new UserError(
        `playbook ${file}: task "${t.name}" uses unknown operation "${t.op}"`,
        ExitCode.USAGE,
        `known operations: ${[...operations.keys()].join(', ')}`,
      );
    }
    for (const n of t.notify) {
      if (!handlerNames.has(n))
        throw new UserError(
          `playbook ${file}: task "${t.name}" notifies unknown handler "${n}"`,
          ExitCode.USAGE,
        );
    }
  }
  return pb;
}
