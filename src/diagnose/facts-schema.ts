// facts.json of a saved bundle, checked before use: bundles come from tickets and may be truncated, edited or
// hostile. Unknown keys are dropped; wrong types are a usage error naming the key.
import { z } from 'zod';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import type { HostFacts } from './evidence.js';

const text = z.string().max(1_000_000);

const HostFactsSchema = z.object({
  service: z.object({ active: text.optional(), vrrpProcess: z.boolean().optional() }).optional(),
  version: text.optional(),
  sysctl: z.record(z.string().max(256), text).optional(),
  maddr: text.optional(),
  ipsetInstalled: z.boolean().optional(),
  missingTools: z.array(z.string().max(256)).max(100).optional(),
  cluster: z.string().max(256).optional(),
});

const FactsFileSchema = z.object({
  hosts: z.record(z.string().min(1).max(256), HostFactsSchema).optional(),
  unreachable: z.array(z.object({ host: z.string().max(256), reason: text })).optional(),
});

export interface FactsFile {
  hosts?: Record<string, HostFacts>;
  unreachable?: { host: string; reason: string }[];
}

export function parseFactsFile(path: string, json: string): FactsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new UserError(`${path} is not valid JSON: ${(err as Error).message}`, ExitCode.USAGE);
  }
  const r = FactsFileSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues
      .slice(0, 10)
      .map((i) => `  ${i.path.map(String).join('.') || '(top)'}: ${i.message}`)
      .join('\n');
    throw new UserError(
      `${path} does not hold diagnose facts:\n${issues}`,
      ExitCode.USAGE,
      'facts.json is written by diagnose --save: {"hosts": {"<host>": {…}}, "unreachable": [{"host", "reason"}]}',
    );
  }
  return r.data as FactsFile;
}
