// The --json documents of every command, described once with zod: the tests parse real output with these, and
// schemas/<name>.schema.json are generated from them (scripts/write-schemas.js). Every document carries
// `schemaVersion`: it changes only when a field is removed or changes meaning; new fields keep the version.
import { trafficSummarySchema } from '../failover/traffic.js';
import { z } from 'zod';

import { SCHEMA_VERSION } from './schema-version.js';

export { SCHEMA_VERSION };

const version = z.literal(SCHEMA_VERSION).describe('version of this document format (schemas/*.schema.json)');
const ms = z.number().describe('milliseconds');
const exitCode = z.number().int().describe('the exit code vipctl ends with (README: Exit codes)');

// --- apply / configure / install / run: one document from the reporting layer (src/report/display.ts)
const taskResult = z.strictObject({
  name: z.string(),
  status: z.enum(['ok', 'changed', 'failed', 'skipped']),
  changes: z.array(z.string()),
  diff: z.array(z.string()).optional().describe('unified diffs, secrets masked'),
  error: z.string().optional(),
  details: z.string().optional(),
  ms,
});
const hostResult = z.strictObject({
  host: z.string(),
  status: z.enum(['ok', 'changed', 'failed', 'unreachable', 'skipped']),
  tasks: z.array(taskResult),
  error: z.string().optional(),
  hint: z.string().optional(),
  os: z.string().optional(),
  ms,
});

// --- verify (also inside apply's document)
const check = z.strictObject({
  name: z.string().describe('stable id, e.g. "vip 10.10.10.50", "service lb-host-1"'),
  status: z.enum(['pass', 'fail', 'warn']),
  message: z.string(),
  host: z.string().optional(),
  diff: z.string().optional().describe('masked unified diff (config drift)'),
});
const clusterVerdict = z.strictObject({
  cluster: z.string(),
  ok: z.boolean(),
  holders: z.record(z.string(), z.array(z.string())).describe('VIP → members holding it'),
  checks: z.array(check),
});

export const verifyDocument = z
  .strictObject({ schemaVersion: version, ok: z.boolean(), clusters: z.array(clusterVerdict) })
  .describe('vipctl verify --json');

export const runDocument = z
  .strictObject({
    schemaVersion: version,
    command: z.enum(['apply', 'configure', 'install', 'run']),
    check: z.boolean().optional().describe('--check: nothing was changed'),
    exitCode,
    summary: z.strictObject({
      ok: z.number().int(),
      changed: z.number().int(),
      failed: z.number().int(),
      unreachable: z.number().int(),
      skipped: z.number().int(),
    }),
    hosts: z.array(hostResult),
    verify: z
      .union([
        z.strictObject({ skipped: z.string() }),
        z.strictObject({
          ok: z.boolean(),
          clusters: z.array(clusterVerdict),
          notVerified: z.array(z.string()),
        }),
      ])
      .optional()
      .describe('apply only: the verify step after the playbooks'),
  })
  .describe('vipctl apply | configure | install | run --json');

// --- failover-test
const timedEvent = z.strictObject({
  host: z.string(),
  kind: z.enum(['add', 'remove']),
  address: z.string(),
  atMs: z.number().describe('controller clock, ms since the epoch'),
  relMs: z.number().describe('ms after the action'),
});
const transition = z.strictObject({
  vip: z.string(),
  leaving: z.string(),
  releasedMs: z.number().optional(),
  takenBy: z.string().optional(),
  takenMs: z.number().optional(),
  takeoverMs: z.number().optional(),
  gapMs: ms,
  overlapMs: ms,
  overlapHosts: z.array(z.string()),
  finalHolders: z.array(z.string()),
});
const spread = z.strictObject({ min: z.number(), median: z.number(), max: z.number(), n: z.number().int() });
const failoverRun = z.strictObject({
  cluster: z.string(),
  mode: z.enum(['stop', 'kill', 'pause', 'isolate']),
  master: z.string(),
  expectedTaker: z.string(),
  actedAtMs: z.number(),
  restoredAtMs: z.number().optional(),
  boundMs: ms.describe('theoretical takeover bound'),
  boundFormula: z.string(),
  toleranceMs: ms,
  transitions: z.array(transition),
  takeoverMs: z.number().optional(),
  gapMs: ms,
  overlapMs: ms,
  staleVip: z.boolean(),
  splitBrain: z.boolean(),
  probeOutageMs: z.number().optional(),
  probe: z
    .strictObject({
      intervalMs: ms,
      fromRelMs: z.number(),
      untilRelMs: z.number(),
      answered: z.number().int(),
      sent: z.number().int(),
      silences: z.array(z.strictObject({ fromRelMs: z.number(), toRelMs: z.number() })),
    })
    .optional(),
  returned: z
    .strictObject({
      preempt: z.boolean(),
      ok: z.boolean(),
      returnMs: z.number().optional(),
      transition: transition.optional(),
      message: z.string(),
    })
    .optional(),
  traffic: trafficSummarySchema.optional(),
  wallMs: ms,
  clockOffsets: z.array(
    z.strictObject({ host: z.string(), offsetMs: z.number(), uncertaintyMs: z.number() }),
  ),
  deadman: z.strictObject({ armedSeconds: z.number(), how: z.string(), disarmed: z.boolean() }),
  events: z.array(timedEvent),
  problems: z.array(z.string()),
  notes: z.array(z.string()),
  ok: z.boolean(),
});
const runSummary = z.strictObject({
  cluster: z.string(),
  mode: z.string(),
  runs: z.number().int(),
  failed: z.number().int(),
  takeoverMs: spread.optional(),
  gapMs: spread.optional(),
  overlapMs: spread.optional(),
  returnMs: spread.optional(),
  probeOutageMs: spread.optional(),
  boundMs: ms,
});
export const failoverDocument = z
  .strictObject({
    schemaVersion: version,
    ok: z.boolean(),
    mode: z.enum(['stop', 'kill', 'pause', 'isolate']),
    runs: z.array(failoverRun),
    summaries: z.array(runSummary),
    refused: z.array(z.string()).describe('clusters not disturbed (unhealthy, or refused by the pre-check)'),
  })
  .describe('vipctl failover-test --json');

// --- diagnose
const evidenceLine = z.strictObject({
  host: z.string(),
  source: z.string(),
  line: z.number().int().optional(),
  time: z.string().optional(),
  lastTime: z.string().optional(),
  text: z.string(),
  count: z.number().int(),
});
export const diagnoseDocument = z
  .strictObject({
    schemaVersion: version,
    verdict: z.enum(['healthy', 'problems', 'warnings']),
    findings: z.array(
      z.strictObject({
        rule: z.string(),
        title: z.string(),
        severity: z.enum(['error', 'warning']),
        hosts: z.array(z.string()),
        cause: z.string(),
        fix: z.array(z.string()),
        evidence: z.array(evidenceLine),
        verified: z.boolean().describe('false: the log wording was not reproduced with a real keepalived'),
        causedBy: z
          .array(z.string())
          .optional()
          .describe(
            'rules of the findings this one is a consequence of (split brain caused by an auth mismatch…)',
          ),
      }),
    ),
    notes: z.array(z.string()),
    hosts: z.array(z.string()),
    unreachable: z.array(z.strictObject({ host: z.string(), reason: z.string() })),
    unexplained: z
      .array(evidenceLine)
      .describe(
        'keepalived lines no finding explains and that are not normal operation: every one, none hidden',
      ),
    lines: z
      .array(
        z.strictObject({
          host: z.string(),
          lines: z.number().int().describe('lines of the latest run and of keepalived -t'),
          explained: z.number().int(),
          benign: z.number().int().describe('normal operation'),
          unexplained: z.number().int(),
          history: z.number().int().describe("lines before keepalived's last start or reload (not analysed)"),
        }),
      )
      .describe('per host: how many lines were read and what became of each'),
    summary: z
      .array(z.string())
      .describe('what was seen: VIP holders since when, last state changes, evidence read'),
  })
  .describe('vipctl diagnose --json');

// --- inventory lint / show, lab up / status
const lintFinding = z.strictObject({
  code: z.string().describe('stable code, e.g. VIP003 (docs/inventory.md)'),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  location: z.strictObject({ file: z.string(), line: z.number().int(), column: z.number().int() }),
  hint: z.string().optional(),
});
export const lintDocument = z
  .strictObject({
    schemaVersion: version,
    ok: z.boolean(),
    errors: z.number().int(),
    warnings: z.number().int(),
    findings: z.array(lintFinding),
  })
  .describe('vipctl inventory lint --json');

export const inventoryShowDocument = z
  .looseObject({
    schemaVersion: version,
    files: z.array(z.string()),
    hosts: z.array(z.looseObject({ name: z.string() })),
    clusters: z.array(z.looseObject({ name: z.string() })),
    findings: z.array(lintFinding),
  })
  .describe('vipctl inventory show --json: the resolved inventory (hosts and clusters as vipctl uses them)');

export const labUpDocument = z
  .strictObject({
    schemaVersion: version,
    inventory: z.string(),
    seconds: z.number(),
    hosts: z.array(z.strictObject({ name: z.string(), address: z.string() })),
  })
  .describe('vipctl lab up --json');

export const labStatusDocument = z
  .strictObject({
    schemaVersion: version,
    up: z.boolean(),
    flavour: z.enum(['machine', 'light']).optional(),
    inventory: z.string().optional(),
    hosts: z.array(
      z.strictObject({
        name: z.string(),
        address: z.string(),
        running: z.boolean(),
        system: z.string(),
        vips: z.array(z.string()),
      }),
    ),
  })
  .describe('vipctl lab status --json');

/** schemas/<name>.schema.json ← each of these */
export const OUTPUT_SCHEMAS = {
  run: runDocument,
  verify: verifyDocument,
  'failover-test': failoverDocument,
  diagnose: diagnoseDocument,
  'inventory-lint': lintDocument,
  'inventory-show': inventoryShowDocument,
  'lab-up': labUpDocument,
  'lab-status': labStatusDocument,
} as const;

export type OutputName = keyof typeof OUTPUT_SCHEMAS;

export function outputJsonSchema(name: OutputName): Record<string, unknown> {
  const schema = z.toJSONSchema(OUTPUT_SCHEMAS[name], { target: 'draft-7', io: 'output' });
  return {
    ...schema,
    $id: `https://github.com/vipctl/vipctl/schemas/${name}.schema.json`,
    title: `vipctl ${name} --json`,
  };
}
