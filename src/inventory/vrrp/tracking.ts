import { z } from 'zod';
import type {
  ClusterSpec,
  SourceLocation,
  TrackFile,
  TrackInterface,
  TrackProcess,
  TrackScript,
  Tracking,
} from '../types.js';
import { extraLines, extraSchema, lintExtraMap } from './extra.js';
import {
  ACCOUNT,
  Findings,
  LIMIT,
  SAFE_PATH,
  WORD,
  block,
  checkRange,
  hasDotDot,
  num,
  objectName,
  quoted,
  word,
} from './kit.js';

// Tracking: what moves a VIP besides a dead master. Definitions (vrrp_script, vrrp_track_process, track_file)
// are written in the cluster (or sync group) that uses them and rendered once per host; the weight belongs to
// the reference in the instance (`track_script { NAME weight W [reverse] }`), so two clusters can share a
// check with their own weights. Lint: ranges, shared definitions agree, and "this check cannot fail you over".

const trackName = z.string().min(1);
const weightFields = {
  weight: z.int().optional().describe('priority change (0 or unset: FAULT on failure)'),
  reverse: z.boolean().optional().describe('reverse the direction of the weight'),
};

export const trackScriptSchema = z.strictObject({
  script: z.string().min(1).describe('command keepalived runs (absolute path first)'),
  interval: z.int().optional().describe('seconds between runs (default 2)'),
  timeout: z.int().optional().describe('seconds after which a run counts as failed'),
  fall: z.int().optional().describe('failures before KO'),
  rise: z.int().optional().describe('successes before OK'),
  user: z.string().min(1).optional().describe('user the script runs as (default: global script_user)'),
  group: z.string().min(1).optional(),
  init_fail: z.boolean().optional().describe('start in the failed state'),
  ...weightFields,
  extra: extraSchema.optional().describe('other vrrp_script keywords, verbatim (no scripts, no include)'),
});

const SCRIPT_KEYWORDS = new Set([
  'script',
  'interval',
  'timeout',
  'weight',
  'fall',
  'rise',
  'user',
  'init_fail',
]);

export const trackInterfaceSchema = z.union([
  trackName.describe('interface name (its failure means FAULT)'),
  z.strictObject({ interface: trackName, ...weightFields }),
]);

export const trackProcessSchema = z.strictObject({
  process: z.string().min(1).describe('process name, optionally followed by its parameters'),
  param_match: z.enum(['initial', 'partial']).optional().describe('how parameters match'),
  quorum: z.int().optional().describe('minimum number of processes for success (default 1)'),
  quorum_max: z.int().optional().describe('maximum number of processes for success'),
  delay: z.number().optional().describe('seconds for both fork_delay and terminate_delay'),
  fork_delay: z.number().optional().describe('seconds after quorum gained before up'),
  terminate_delay: z.number().optional().describe('seconds after quorum lost before down'),
  full_command: z.boolean().optional().describe('match the full command line'),
  ...weightFields,
});

export const trackFileSchema = z.strictObject({
  file: z.string().min(1).describe('absolute path of the file holding a number'),
  init_file: z
    .union([z.boolean(), z.int()])
    .optional()
    .describe('create the file at startup (true: with 0, or this value)'),
  overwrite: z.boolean().optional().describe('init_file overwrites an existing file'),
  ...weightFields,
});

export const trackingShape = {
  track_interfaces: z.array(trackInterfaceSchema).optional(),
  track_scripts: z.record(objectName, trackScriptSchema).optional(),
  track_processes: z
    .record(objectName, trackProcessSchema)
    .optional()
    .describe('vrrp_track_process: watch processes without running a script (preferred over pgrep)'),
  track_files: z
    .record(objectName, trackFileSchema)
    .optional()
    .describe('track_file: a number in a file moves the priority'),
};

type RawTracking = {
  [K in keyof typeof trackingShape]?: z.infer<(typeof trackingShape)[K]>;
};

function weightOf(raw: { weight?: number; reverse?: boolean }): { weight?: number; reverse?: boolean } {
  return {
    ...(raw.weight !== undefined && { weight: raw.weight }),
    ...(raw.reverse !== undefined && { reverse: raw.reverse }),
  };
}

export function resolveTracking(raw: RawTracking): Tracking {
  return {
    interfaces: (raw.track_interfaces ?? []).map((t): TrackInterface =>
      typeof t === 'string' ? { name: t } : { name: t.interface, ...weightOf(t) },
    ),
    scripts: Object.entries(raw.track_scripts ?? {}).map(([name, t]): TrackScript => ({
      ...(t.extra !== undefined && { extra: t.extra }),
      name,
      script: t.script,
      interval: t.interval ?? 2,
      ...(t.timeout !== undefined && { timeout: t.timeout }),
      ...(t.fall !== undefined && { fall: t.fall }),
      ...(t.rise !== undefined && { rise: t.rise }),
      ...(t.user !== undefined && { user: t.user }),
      ...(t.group !== undefined && { group: t.group }),
      ...(t.init_fail !== undefined && { initFail: t.init_fail }),
      ...weightOf(t),
    })),
    processes: Object.entries(raw.track_processes ?? {}).map(([name, t]): TrackProcess => ({
      name,
      process: t.process,
      ...(t.param_match !== undefined && { paramMatch: t.param_match }),
      ...(t.quorum !== undefined && { quorum: t.quorum }),
      ...(t.quorum_max !== undefined && { quorumMax: t.quorum_max }),
      ...(t.delay !== undefined && { delay: t.delay }),
      ...(t.fork_delay !== undefined && { forkDelay: t.fork_delay }),
      ...(t.terminate_delay !== undefined && { terminateDelay: t.terminate_delay }),
      ...(t.full_command !== undefined && { fullCommand: t.full_command }),
      ...weightOf(t),
    })),
    files: Object.entries(raw.track_files ?? {}).map(([name, t]): TrackFile => ({
      name,
      file: t.file,
      ...(t.init_file !== undefined && t.init_file !== false && { initFile: t.init_file }),
      ...(t.overwrite !== undefined && { overwrite: t.overwrite }),
      ...weightOf(t),
    })),
  };
}

// ---- lint ---------------------------------------------------------------------------------------------

const TRACK_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const WEIGHT_LIMIT = { interface: 253, script: 253, process: 254, file: 254 } as const;

/** Checks of one owner's tracking (a cluster or a sync group); `where(field)` positions findings. */
export function lintTracking(
  t: Tracking,
  where: (field: string) => SourceLocation,
  who: string,
  f: Findings,
): void {
  const weight = (
    kind: keyof typeof WEIGHT_LIMIT,
    name: string,
    w: number | undefined,
    field: string,
  ): void => {
    const limit = WEIGHT_LIMIT[kind];
    if (w !== undefined && (w < -limit || w > limit))
      f.error(
        'TRK003',
        where(field),
        `${who}: track ${kind} ${name} weight ${w} is outside -${limit}..${limit}`,
      );
  };
  t.interfaces.forEach((i, n) => weight('interface', i.name, i.weight, `track_interfaces.${n}.weight`));
  for (const s of t.scripts) {
    const at = (k: string): SourceLocation => where(`track_scripts.${s.name}.${k}`);
    if (!s.script.trimStart().startsWith('/')) {
      f.warning(
        'TRK001',
        at('script'),
        `${who}: track script ${s.name} does not start with an absolute path`,
        'keepalived searches PATH but script security prefers absolute paths',
      );
    }
    if (/["\n\r{}\\]/.test(s.script) || !TRACK_NAME.test(s.name)) {
      f.error(
        'EXT002',
        at('script'),
        `${who}: track script ${s.name} has characters that would break the config (quotes, braces, newlines)`,
      );
    }
    weight('script', s.name, s.weight, `track_scripts.${s.name}.weight`);
    checkRange(
      { type: 'int', min: 1, max: LIMIT.seconds },
      s.interval,
      at('interval'),
      `${who}: track script ${s.name} interval`,
      f,
    );
    if (s.timeout !== undefined)
      checkRange(
        { type: 'int', min: 1, max: LIMIT.seconds },
        s.timeout,
        at('timeout'),
        `${who}: track script ${s.name} timeout`,
        f,
      );
    for (const k of ['fall', 'rise'] as const) {
      const v = s[k];
      if (v !== undefined)
        checkRange(
          { type: 'int', min: 1, max: LIMIT.i32 },
          v,
          at(k),
          `${who}: track script ${s.name} ${k}`,
          f,
        );
    }
    for (const k of ['user', 'group'] as const) {
      const v = s[k];
      if (v !== undefined && !ACCOUNT.test(v))
        f.error('NOT005', at(k), `${who}: track script ${s.name} ${k} "${v}" is not a valid account name`);
    }
    if (s.group !== undefined && s.user === undefined)
      f.error('NOT005', at('group'), `${who}: track script ${s.name}: group without user`);
    if (s.extra)
      lintExtraMap(
        s.extra,
        (k) => at(`extra.${k}:key`),
        `${who}: track script ${s.name} extra`,
        SCRIPT_KEYWORDS,
        f,
      );
  }
  for (const p of t.processes) {
    const at = (k: string): SourceLocation => where(`track_processes.${p.name}.${k}`);
    const name = `track process ${p.name}`;
    if (!TRACK_NAME.test(p.name))
      f.error(
        'TRK007',
        where(`track_processes.${p.name}:key`),
        `${who}: ${name}: the name may hold only letters, digits, _ . -`,
      );
    if (
      !p.process
        .trim()
        .split(/\s+/)
        .every((w) => WORD.test(w))
    )
      f.error(
        'TRK005',
        at('process'),
        `${who}: ${name}: "${p.process}" must be a process name and parameters without quotes, braces or comment characters`,
      );
    weight('process', p.name, p.weight, `track_processes.${p.name}.weight`);
    if (p.quorum !== undefined)
      checkRange({ type: 'int', min: 1, max: 65535 }, p.quorum, at('quorum'), `${who}: ${name} quorum`, f);
    if (p.quorumMax !== undefined)
      checkRange(
        { type: 'int', min: 0, max: 65535 },
        p.quorumMax,
        at('quorum_max'),
        `${who}: ${name} quorum_max`,
        f,
      );
    if (p.quorumMax !== undefined && p.quorumMax < (p.quorum ?? 1))
      f.error(
        'TRK006',
        at('quorum_max'),
        `${who}: ${name}: quorum_max ${p.quorumMax} is below quorum ${p.quorum ?? 1}; the check can never succeed`,
      );
    for (const [k, v] of [
      ['delay', p.delay],
      ['fork_delay', p.forkDelay],
      ['terminate_delay', p.terminateDelay],
    ] as const) {
      if (v !== undefined)
        checkRange({ type: 'decimal', min: 0.000001, max: 3600 }, v, at(k), `${who}: ${name} ${k}`, f);
    }
    if (p.delay !== undefined && (p.forkDelay !== undefined || p.terminateDelay !== undefined))
      f.error(
        'TRK006',
        at('delay'),
        `${who}: ${name}: delay sets fork_delay and terminate_delay; give one or the others`,
      );
  }
  for (const file of t.files) {
    const at = (k: string): SourceLocation => where(`track_files.${file.name}.${k}`);
    const name = `track file ${file.name}`;
    if (!TRACK_NAME.test(file.name))
      f.error(
        'TRK007',
        where(`track_files.${file.name}:key`),
        `${who}: ${name}: the name may hold only letters, digits, _ . -`,
      );
    if (!SAFE_PATH.test(file.file) || hasDotDot(file.file))
      f.error(
        'TRK005',
        at('file'),
        `${who}: ${name}: "${file.file}" is not an absolute path of A-Z a-z 0-9 . _ / - without ".."`,
      );
    weight('file', file.name, file.weight, `track_files.${file.name}.weight`);
    if (typeof file.initFile === 'number')
      checkRange(
        { type: 'int', min: -LIMIT.i32, max: LIMIT.i32 },
        file.initFile,
        at('init_file'),
        `${who}: ${name} init_file`,
        f,
      );
    if (file.overwrite && file.initFile === undefined)
      f.error('TRK006', at('overwrite'), `${who}: ${name}: overwrite without init_file`);
  }
}

/** Weighted tracked objects with where their weight was written (for the failover lints). */
export function weightedTrackers(
  t: Tracking,
): { kind: string; name: string; weight: number; field: string }[] {
  const out: { kind: string; name: string; weight: number; field: string }[] = [];
  t.interfaces.forEach((i, n) => {
    if (i.weight)
      out.push({ kind: 'interface', name: i.name, weight: i.weight, field: `track_interfaces.${n}.weight` });
  });
  for (const s of t.scripts)
    if (s.weight)
      out.push({ kind: 'script', name: s.name, weight: s.weight, field: `track_scripts.${s.name}.weight` });
  for (const p of t.processes)
    if (p.weight)
      out.push({
        kind: 'process',
        name: p.name,
        weight: p.weight,
        field: `track_processes.${p.name}.weight`,
      });
  for (const file of t.files)
    if (file.weight)
      out.push({
        kind: 'file',
        name: file.name,
        weight: file.weight,
        field: `track_files.${file.name}.weight`,
      });
  return out;
}

/**
 * TRK004, the one message that matters most here: a weighted check whose failure cannot move the VIP,
 * because the master's priority minus |weight| is still not below the best backup's (or, for a positive
 * weight, the backups' bonus does not lift them above the master), or because nopreempt stops a backup
 * from taking over from a lower-priority master. Weight 0 (FAULT) always fails over.
 */
export function lintFailoverReach(
  c: ClusterSpec,
  f: Findings,
  trackers = weightedTrackers(c.tracking),
  where: (field: string) => SourceLocation = (field) => c.fieldLocations?.[field] ?? c.location,
  owner = `cluster ${c.name}`,
): void {
  if (c.members.length < 2) return;
  const sorted = [...c.members].sort((a, b) => b.priority - a.priority);
  const master = c.members.find((m) => m.state === 'MASTER' && m.fieldLocations?.['state']) ?? sorted[0]!;
  const backup = Math.max(...c.members.filter((m) => m !== master).map((m) => m.priority));
  for (const w of trackers) {
    const at = where(w.field);
    const what = `${owner}: track ${w.kind} ${w.name} (weight ${w.weight})`;
    if (!c.preempt) {
      f.warning(
        'TRK004',
        at,
        `${what} cannot fail you over: under nopreempt a backup never takes over from a lower-priority master`,
        'use weight 0 (the instance goes to FAULT and the backup takes over), or drop nopreempt',
      );
    } else if (master.priority - Math.abs(w.weight) >= backup) {
      f.warning(
        'TRK004',
        at,
        `${what} cannot fail you over: ${master.host}'s priority ${master.priority} − ${Math.abs(w.weight)} = ${master.priority - Math.abs(w.weight)} is not below the best backup's ${backup}`,
        `use a weight of at least ${master.priority - backup + 1} in absolute value, or weight 0 (FAULT)`,
      );
    }
  }
}

// ---- render -------------------------------------------------------------------------------------------

function weightSuffix(t: { weight?: number; reverse?: boolean }, explicit: boolean): string {
  const w = t.weight ?? (explicit ? 0 : undefined);
  return `${w !== undefined ? ` weight ${num(w)}` : ''}${t.reverse ? ' reverse' : ''}`;
}

/** The reference lines inside an instance or sync group: `track_script { NAME weight W }` … */
export function trackingLines(t: Tracking): string[] {
  const lines: string[] = [];
  if (t.interfaces.length > 0)
    lines.push(
      ...block(
        'track_interface',
        t.interfaces.map((i) => `${word(i.name)}${weightSuffix(i, false)}`),
      ),
    );
  if (t.scripts.length > 0)
    lines.push(
      ...block(
        'track_script',
        t.scripts.map((s) => `${word(s.name)}${weightSuffix(s, false)}`),
      ),
    );
  // keepalived's own default weight for processes and files is 1 (almost no effect): always say it.
  if (t.processes.length > 0)
    lines.push(
      ...block(
        'track_process',
        t.processes.map((p) => `${word(p.name)}${weightSuffix(p, true)}`),
      ),
    );
  if (t.files.length > 0)
    lines.push(
      ...block(
        'track_file',
        t.files.map((file) => `${word(file.name)}${weightSuffix(file, true)}`),
      ),
    );
  return lines;
}

/** A definition without what belongs to the reference (weight, reverse): equal texts mean one definition. */
export function definitionKey(d: TrackScript | TrackProcess | TrackFile): string {
  return JSON.stringify({ ...d, weight: undefined, reverse: undefined });
}

export function scriptDefinition(s: TrackScript): string[] {
  const body = [`script ${quoted(s.script)}`, `interval ${num(s.interval)}`];
  if (s.timeout !== undefined) body.push(`timeout ${num(s.timeout)}`);
  if (s.fall !== undefined) body.push(`fall ${num(s.fall)}`);
  if (s.rise !== undefined) body.push(`rise ${num(s.rise)}`);
  if (s.user !== undefined)
    body.push(`user ${word(s.user)}${s.group !== undefined ? ` ${word(s.group)}` : ''}`);
  if (s.initFail) body.push('init_fail');
  if (s.extra) body.push(...extraLines(s.extra));
  return block(`vrrp_script ${word(s.name)}`, body);
}

export function processDefinition(p: TrackProcess): string[] {
  const body = [`process ${p.process.trim().split(/\s+/).map(word).join(' ')}`];
  if (p.paramMatch !== undefined) body.push(`param_match ${p.paramMatch}`);
  if (p.quorum !== undefined) body.push(`quorum ${num(p.quorum)}`);
  if (p.quorumMax !== undefined) body.push(`quorum_max ${num(p.quorumMax)}`);
  if (p.delay !== undefined) body.push(`delay ${num(p.delay)}`);
  if (p.forkDelay !== undefined) body.push(`fork_delay ${num(p.forkDelay)}`);
  if (p.terminateDelay !== undefined) body.push(`terminate_delay ${num(p.terminateDelay)}`);
  if (p.fullCommand) body.push('full_command');
  return block(`vrrp_track_process ${word(p.name)}`, body);
}

export function fileDefinition(file: TrackFile): string[] {
  const body = [`file ${quoted(file.file)}`];
  if (file.initFile !== undefined)
    body.push(
      `init_file${typeof file.initFile === 'number' ? ` ${num(file.initFile)}` : ''}${file.overwrite ? ' overwrite' : ''}`,
    );
  return block(`track_file ${word(file.name)}`, body);
}

/** Top-level definitions for every tracking owner on one host, once per name, in inventory order. */
export function definitionLines(owners: readonly Tracking[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  const once = (kind: string, name: string, render: () => string[]): void => {
    if (seen.has(`${kind}:${name}`)) return;
    seen.add(`${kind}:${name}`);
    lines.push(...render());
  };
  for (const t of owners) for (const s of t.scripts) once('script', s.name, () => scriptDefinition(s));
  for (const t of owners) for (const p of t.processes) once('process', p.name, () => processDefinition(p));
  for (const t of owners) for (const file of t.files) once('file', file.name, () => fileDefinition(file));
  return lines;
}

/** TRK002: one name, two different definitions on one host (one keepalived.conf holds one per name). */
export function lintSharedDefinitions(
  host: string,
  owners: readonly { name: string; tracking: Tracking; where: (field: string) => SourceLocation }[],
  f: Findings,
  reported: Set<string> = new Set(),
): void {
  const first = new Map<string, { owner: string; key: string }>();
  for (const o of owners) {
    const defs: [string, string, TrackScript | TrackProcess | TrackFile][] = [
      ...o.tracking.scripts.map((d): [string, string, TrackScript] => ['script', 'track_scripts', d]),
      ...o.tracking.processes.map((d): [string, string, TrackProcess] => ['process', 'track_processes', d]),
      ...o.tracking.files.map((d): [string, string, TrackFile] => ['file', 'track_files', d]),
    ];
    for (const [kind, field, d] of defs) {
      const id = `${kind}:${d.name}`;
      const key = definitionKey(d);
      const prior = first.get(id);
      const clash = `${prior?.owner}|${o.name}|${id}`;
      if (!prior) first.set(id, { owner: o.name, key });
      else if (prior.key !== key && !reported.has(clash) && reported.add(clash))
        f.error(
          'TRK002',
          o.where(`${field}.${d.name}:key`),
          `host ${host}: track ${kind} ${d.name} is defined differently in ${prior.owner} and ${o.name}`,
          'one keepalived.conf holds one definition per name; rename one or make them identical (weights may differ)',
        );
    }
  }
}
