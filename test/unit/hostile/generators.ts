// Hostile inputs, generated: every one is a valid base inventory (or playbook) with exactly one thing made
// wrong, so each must be refused. Seeded (HOSTILE_SEED, or VIPCTL_HOSTILE_SEED to explore): a failure names
// its seed and path, and `VIPCTL_HOSTILE_SEED=<seed> npx vitest run --project unit test/unit/hostile` replays it.
import fc from 'fast-check';
import { stringify } from 'yaml';

export const HOSTILE_SEED = Number(process.env.VIPCTL_HOSTILE_SEED ?? 20261201);

/** The two passwords every hostile case carries: no output may ever contain them. */
export const AUTH_PASSWORD = 'Zq9xK2pA';
export const SUDO_PASSWORD = 'sudo-Wv7Lr3Qe';

/** The runbook's cluster as data: valid, lint-clean (the tests check that first). */
export function baseInventory(): Record<string, unknown> {
  return {
    defaults: {
      interface: 'eth0',
      advert_int: 1,
      ssh: { user: 'root', port: 22 },
    },
    hosts: {
      'lb-host-1': { address: '10.10.10.51/24' },
      'lb-host-2': { address: '10.10.10.52/24' },
    },
    clusters: {
      'cluster-lb': {
        virtual_router_id: 51,
        vips: ['10.10.10.50'],
        auth: { type: 'PASS', password: AUTH_PASSWORD },
        members: { 'lb-host-1': { priority: 100 }, 'lb-host-2': { priority: 90 } },
      },
    },
  };
}

type Kind = 'string' | 'int' | 'number' | 'bool' | 'array' | 'map';

/** Fields that exist in the base (or are added by the mutation), with the kind the schema wants. */
export const FIELDS: { path: string[]; kind: Kind }[] = [
  { path: ['defaults', 'interface'], kind: 'string' },
  { path: ['defaults', 'advert_int'], kind: 'number' },
  { path: ['defaults', 'ssh'], kind: 'map' },
  { path: ['defaults', 'ssh', 'user'], kind: 'string' },
  { path: ['defaults', 'ssh', 'port'], kind: 'int' },
  { path: ['hosts'], kind: 'map' },
  { path: ['hosts', 'lb-host-1'], kind: 'map' },
  { path: ['hosts', 'lb-host-1', 'address'], kind: 'string' },
  { path: ['clusters'], kind: 'map' },
  { path: ['clusters', 'cluster-lb'], kind: 'map' },
  { path: ['clusters', 'cluster-lb', 'virtual_router_id'], kind: 'int' },
  { path: ['clusters', 'cluster-lb', 'vips'], kind: 'array' },
  { path: ['clusters', 'cluster-lb', 'auth'], kind: 'map' },
  { path: ['clusters', 'cluster-lb', 'auth', 'type'], kind: 'string' },
  { path: ['clusters', 'cluster-lb', 'members'], kind: 'map' },
  { path: ['clusters', 'cluster-lb', 'members', 'lb-host-1'], kind: 'map' },
  { path: ['clusters', 'cluster-lb', 'members', 'lb-host-1', 'priority'], kind: 'int' },
  { path: ['clusters', 'cluster-lb', 'members', 'lb-host-2', 'priority'], kind: 'int' },
];

/** Control characters, unicode that looks like ASCII, bidi overrides, NUL. */
const nasty = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001b[2J',
  '\r',
  '\u2028',
  '\u202e',
  '\ufeff',
  'е', // Cyrillic e
  '０',
  '𝟘',
  '\ud83d\udca5',
  '\uffff',
);

/** Shell and keepalived-config metacharacters, and path tricks. */
export const METACHARS = [
  '; touch /tmp/vipctl-pwned',
  '$(touch /tmp/vipctl-pwned)',
  '`touch /tmp/vipctl-pwned`',
  "' ; touch /tmp/vipctl-pwned ; '",
  '"',
  '\n}\nglobal_defs {\n script_user root\n}\n#',
  '}',
  '{',
  '#',
  '!',
  '../../etc/shadow',
  '&& reboot',
  '| sh',
  '> /etc/passwd',
  '\\',
  '*',
  '$HOME',
  '-rf',
  '\t',
  ' ',
];

function valueOfKind(kind: Kind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'string':
      return fc.string({ minLength: 1, maxLength: 20 }).filter((s) => Number.isNaN(Number(s)));
    case 'int':
      return fc.integer({ min: -1000, max: 1000 });
    case 'number':
      return fc.double({ noNaN: true, min: -1e6, max: 1e6 }).filter((n) => !Number.isInteger(n));
    case 'bool':
      return fc.boolean();
    case 'array':
      return fc.array(fc.oneof(fc.integer(), fc.boolean()), { minLength: 1, maxLength: 3 });
    case 'map':
      return fc.dictionary(fc.constantFrom('zz', 'qq', 'unknown_key'), fc.integer(), {
        minKeys: 1,
        maxKeys: 2,
      });
  }
}

/** A value of any kind the schema does not accept there (an int is a number, so not "wrong" for one). */
function wrongValue(kind: Kind): fc.Arbitrary<unknown> {
  const kinds = (['string', 'int', 'number', 'bool', 'array', 'map'] as Kind[]).filter(
    (k) => k !== kind && !(kind === 'number' && k === 'int'),
  );
  return fc.oneof(fc.constant(null), ...kinds.map(valueOfKind));
}

export interface HostileCase {
  /** what was made wrong, for the failure message and RELIABILITY.md */
  kind: string;
  /** one line describing the mutation */
  label: string;
  text: string;
  /**
   * refused (the default): an error finding with a location; accepted: loads with no error; safe: either
   * refused, or accepted and the value stays inside its own word of the rendered config
   */
  expect?: 'refused' | 'accepted' | 'safe';
  /** the review finding (../shared/reviews/security-review.md) a failure of this case points to */
  finding?: string;
  /** a password this case carries besides AUTH_PASSWORD (must not be printed either) */
  secret?: string;
  /** for `safe` cases: the same inventory with a harmless value in the field, to compare renders with */
  benign?: string;
}

function setAt(doc: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = doc;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

function renameKey(doc: Record<string, unknown>, path: readonly string[], to: string): void {
  let node: Record<string, unknown> = doc;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const from = path.at(-1) as string;
  // defineProperty: plain assignment of "__proto__" would set the prototype instead of adding a key
  Object.defineProperty(node, to, {
    value: node[from],
    enumerable: true,
    configurable: true,
    writable: true,
  });
  delete node[from];
}

const yamlOf = (doc: unknown): string => stringify(doc, { lineWidth: 0 });

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…(${s.length})` : s;
}

const wrongType: fc.Arbitrary<HostileCase> = fc
  .constantFrom(...FIELDS)
  .chain((f) => wrongValue(f.kind).map((v) => ({ f, v })))
  .map(({ f, v }) => {
    const doc = baseInventory();
    setAt(doc, f.path, v);
    return { kind: 'wrong type', label: `${f.path.join('.')} = ${short(v)}`, text: yamlOf(doc) };
  });

/** Numbers outside what each field allows: 0, negatives, fractions, 2^53+, 1e300, .inf, .nan. */
const NUMERIC: { path: string[]; bad: fc.Arbitrary<number> }[] = [
  {
    path: ['clusters', 'cluster-lb', 'virtual_router_id'],
    bad: fc.oneof(
      fc.integer({ max: 0 }),
      fc.integer({ min: 256 }),
      fc.double({ min: 1.01, max: 254.99, noNaN: true }).filter((n) => !Number.isInteger(n)),
    ),
  },
  {
    path: ['clusters', 'cluster-lb', 'members', 'lb-host-1', 'priority'],
    bad: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 255 })),
  },
  { path: ['defaults', 'ssh', 'port'], bad: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 })) },
  {
    path: ['defaults', 'advert_int'],
    bad: fc.oneof(fc.double({ max: 0, noNaN: true }), fc.double({ min: 256, noNaN: true })),
  },
  { path: ['clusters', 'cluster-lb', 'garp', 'master_repeat'], bad: fc.integer({ max: 0 }) },
  {
    path: ['clusters', 'cluster-lb', 'preempt_delay'],
    bad: fc.oneof(fc.double({ max: -0.001, noNaN: true }), fc.constant(1e300), fc.integer({ min: 1001 })),
  },
  {
    path: ['defaults', 'ssh', 'connect_timeout'],
    bad: fc.oneof(
      fc.double({ max: 0, noNaN: true }),
      fc.constant(1e300),
      fc.integer({ min: 2_147_484, max: 2 ** 31 - 1 }),
    ),
  },
];

const hugeNumber: fc.Arbitrary<HostileCase> = fc
  .constantFrom(...NUMERIC)
  .chain((f) =>
    fc
      .oneof(f.bad, fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 1e300, -1e300, Infinity, -Infinity, NaN))
      .map((v) => ({ f, v })),
  )
  .filter(({ f, v }) => !(f.path.includes('connect_timeout') && v > 0 && v < 2 ** 31 / 1000))
  .map(({ f, v }) => {
    const doc = baseInventory();
    setAt(doc, f.path, v);
    return { kind: 'huge number', label: `${f.path.join('.')} = ${v}`, finding: 'L10', text: yamlOf(doc) };
  });

/** Fields with a syntax (addresses, interface names, enum, names): a bad piece spliced into a good value. */
const SYNTAX_FIELDS: string[][] = [
  ['hosts', 'lb-host-1', 'address'],
  ['clusters', 'cluster-lb', 'vips', '0'],
  ['defaults', 'interface'],
  ['clusters', 'cluster-lb', 'auth', 'type'],
  ['clusters', 'cluster-lb', 'instance_name'],
];

function baseValueAt(path: readonly string[]): string {
  const v: unknown = path.reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | undefined)?.[key],
    baseInventory(),
  );
  return typeof v === 'string' ? v : 'VI_1';
}

const badString: fc.Arbitrary<HostileCase> = fc
  .record({
    path: fc.constantFrom(...SYNTAX_FIELDS),
    piece: fc.oneof(nasty, fc.constantFrom(...METACHARS)),
    where: fc.constantFrom('prefix', 'suffix', 'middle'),
  })
  .map(({ path, piece, where }) => {
    const good = baseValueAt(path);
    const mid = Math.floor(good.length / 2);
    const value =
      where === 'prefix'
        ? piece + good
        : where === 'suffix'
          ? good + piece
          : good.slice(0, mid) + piece + good.slice(mid);
    const doc = baseInventory();
    if (path[3] === '0') (doc.clusters as Record<string, { vips: string[] }>)['cluster-lb']!.vips = [value];
    else setAt(doc, path, value);
    return {
      kind: 'unicode/control/metachar',
      label: `${path.join('.')} = ${short(value)}`,
      expect: 'safe' as const,
      text: yamlOf(doc),
    };
  });

/**
 * Every field that reaches keepalived.conf (or a file on the host), with a metacharacter spliced into a
 * harmless value. Refused, or rendered with the same lines and the same `{ } # ! "` as the harmless value:
 * a value that can open a block, end a quote or start a comment can inject config.
 */
const INJECTABLE: { path: string[]; benign: unknown }[] = [
  { path: ['clusters', 'cluster-lb', 'track_scripts', 'chk', 'script'], benign: '/usr/bin/true' },
  { path: ['clusters', 'cluster-lb', 'notify', 'master'], benign: '/etc/keepalived/notify.sh' },
  { path: ['clusters', 'cluster-lb', 'notify', 'backup', 'path'], benign: '/etc/keepalived/backup.sh' },
  { path: ['clusters', 'cluster-lb', 'extra', 'garp_lower_prio_repeat'], benign: '5' },
  { path: ['clusters', 'cluster-lb', 'auth', 'password'], benign: 'pw' },
  { path: ['clusters', 'cluster-lb', 'track_interfaces', '0'], benign: 'eth0' },
  { path: ['clusters', 'cluster-lb', 'vips', '0', 'dev'], benign: 'eth0' },
  { path: ['clusters', 'cluster-lb', 'members', 'lb-host-1', 'interface'], benign: 'eth0' },
  { path: ['clusters', 'cluster-lb', 'instance_name'], benign: 'VI_1' },
  { path: ['defaults', 'interface'], benign: 'eth0' },
];

function withField(path: readonly string[], value: string): Record<string, unknown> {
  const doc = baseInventory();
  const c = (doc.clusters as Record<string, Record<string, unknown>>)['cluster-lb']!;
  if (path[2] === 'track_scripts') c.track_scripts = { chk: { script: value, interval: 2 } };
  else if (path[2] === 'notify' && path[3] === 'backup')
    c.notify = { backup: { path: value, content: '#!/bin/sh\nexit 0\n' } };
  else if (path[2] === 'track_interfaces') c.track_interfaces = [value];
  else if (path[2] === 'vips' && path[4] === 'dev') c.vips = [{ address: '10.10.10.50', dev: value }];
  else setAt(doc, path, value);
  return doc;
}

const injection: fc.Arbitrary<HostileCase> = fc
  .record({
    field: fc.constantFrom(...INJECTABLE),
    piece: fc.oneof(fc.constantFrom(...METACHARS), nasty),
    where: fc.constantFrom('prefix', 'suffix', 'middle'),
  })
  .map(({ field, piece, where }) => {
    const good = String(field.benign);
    const mid = Math.floor(good.length / 2);
    const value =
      where === 'prefix'
        ? piece + good
        : where === 'suffix'
          ? good + piece
          : good.slice(0, mid) + piece + good.slice(mid);
    return {
      kind: 'metachar in a rendered field',
      label: `${field.path.join('.')} = ${short(value)}`,
      expect: 'safe' as const,
      finding: field.path.includes('extra') ? 'M2' : 'H2 (template guard)',
      benign: yamlOf(withField(field.path, good)),
      text: yamlOf(withField(field.path, value)),
    };
  });

/** Host and cluster names with characters that must never reach a config or a file name (review H2). */
const badName: fc.Arbitrary<HostileCase> = fc
  .record({
    which: fc.constantFrom('host', 'cluster', 'member'),
    name: fc.oneof(
      // a leading "-" only matters at the start of a word: inside a name ("lb-rfx") it is an ordinary name
      fc.constantFrom(...METACHARS.filter((m) => !m.startsWith('-'))).map((m) => `lb${m}x`),
      fc.constantFrom(...METACHARS.filter((m) => m.startsWith('-'))),
      nasty.map((c) => `lb${c}x`),
      fc.constantFrom('__proto__', '..', '../escaped', 'a/b', '-rf', '', 'x'.repeat(300)),
    ),
  })
  .map(({ which, name }) => {
    const doc = baseInventory();
    if (which === 'cluster') renameKey(doc, ['clusters', 'cluster-lb'], name);
    else {
      renameKey(doc, ['hosts', 'lb-host-2'], name);
      if (which === 'member' || which === 'host')
        renameKey(doc, ['clusters', 'cluster-lb', 'members', 'lb-host-2'], name);
    }
    return { kind: 'bad name', label: `${which} name ${short(name)}`, finding: 'H2', text: yamlOf(doc) };
  });

const longString: fc.Arbitrary<HostileCase> = fc
  .record({
    path: fc.constantFrom(...SYNTAX_FIELDS),
    size: fc.constantFrom(256, 4096, 65_536, 1_000_000),
    ch: fc.constantFrom('a', '1', '.', 'é', ':'),
  })
  .map(({ path, size, ch }) => {
    const doc = baseInventory();
    const value = ch.repeat(size);
    if (path[3] === '0') (doc.clusters as Record<string, { vips: string[] }>)['cluster-lb']!.vips = [value];
    else setAt(doc, path, value);
    return { kind: 'very long string', label: `${path.join('.')} = ${ch} × ${size}`, text: yamlOf(doc) };
  });

/** Text-level edits: the same key twice in one map (inserted after the line that opens it). */
const duplicateKey: fc.Arbitrary<HostileCase> = fc
  .constantFrom(
    { after: 'hosts:', add: ['  lb-host-1:', '    address: 10.10.10.53/24'] },
    { after: '    virtual_router_id: 51', add: ['    virtual_router_id: 52'] },
    { after: '        priority: 100', add: ['        priority: 50'] },
    { after: '  interface: eth0', add: ['  interface: eth1'] },
    {
      after: 'clusters:',
      add: ['  cluster-lb:', '    virtual_router_id: 9', '    vips: [10.10.10.9]', '    members: {}'],
    },
    { after: '      password: Zq9xK2pA', add: ['      password: other'] },
  )
  .map(({ after, add }) => {
    const lines = yamlOf(baseInventory()).split('\n');
    const i = lines.indexOf(after);
    if (i < 0) throw new Error(`duplicateKey: "${after}" is not a line of the base`);
    lines.splice(i + 1, 0, ...add);
    return { kind: 'duplicate key', label: `duplicate of ${add[0]!.trim()}`, text: lines.join('\n') };
  });

/** Billion laughs (width × depth) and an anchor shared by many hosts (review M6). */
const aliasBomb: fc.Arbitrary<HostileCase> = fc.oneof(
  fc
    .record({ width: fc.integer({ min: 5, max: 12 }), depth: fc.integer({ min: 5, max: 12 }) })
    .map(({ width, depth }) => {
      const lines = ['defaults:', '  vars:', '    a0: &a0 [lol]'];
      for (let d = 1; d <= depth; d++)
        lines.push(`    a${d}: &a${d} [${Array.from({ length: width }, () => `*a${d - 1}`).join(', ')}]`);
      return {
        kind: 'alias bomb',
        label: `billion laughs ${width}^${depth}`,
        finding: 'M6',
        text: `${lines.join('\n')}\n${yamlOf(baseInventory()).replace(/^defaults:\n/, 'x_defaults:\n')}`,
      };
    }),
  fc.integer({ min: 101, max: 2000 }).map((n) => {
    const hosts = [
      '  h0: { address: 10.20.0.1/16, ssh: &ssh { user: root, port: 22 } }',
      ...Array.from(
        { length: n },
        (_, i) => `  h${i + 1}: { address: 10.20.${Math.floor(i / 250) + 1}.${(i % 250) + 2}/16, ssh: *ssh }`,
      ),
    ];
    // Sharing one anchor across many hosts is ordinary YAML: this one must load (review M6), not crash.
    return {
      kind: 'shared anchor',
      label: `one anchor used ${n} times (review M6)`,
      expect: 'accepted' as const,
      finding: 'M6',
      text: `hosts:\n${hosts.join('\n')}\nclusters:\n  c:\n    virtual_router_id: 51\n    vips: [10.20.0.250]\n    members: { h0: { priority: 100 }, h1: { priority: 90 } }\n`,
    };
  }),
);

/** The base with `depth` block-map levels (at most 2 000) where the value at `path` was. */
export function deepBlock(path: string[], depth: number): string {
  const marker = 'DEEP_NESTING_HERE';
  const doc = baseInventory();
  setAt(doc, path, marker);
  const nested =
    '\n' +
    Array.from({ length: Math.min(depth, 2000) }, (_, i) => `${'  '.repeat(i + 3)}k${i}:`).join('\n') +
    ' 1';
  return yamlOf(doc).replace(marker, nested);
}

const deepNesting: fc.Arbitrary<HostileCase> = fc
  .record({
    depth: fc.integer({ min: 200, max: 20_000 }),
    style: fc.constantFrom('flow-seq', 'flow-map', 'block'),
    path: fc.constantFrom(
      ['clusters', 'cluster-lb', 'vips'],
      ['hosts', 'lb-host-1', 'address'],
      ['defaults', 'interface'],
    ),
  })
  .map(({ depth, style, path }) => {
    const marker = 'DEEP_NESTING_HERE';
    const doc = baseInventory();
    setAt(doc, path, marker);
    const nested =
      style === 'flow-seq'
        ? '['.repeat(depth) + ']'.repeat(depth)
        : style === 'flow-map'
          ? '{a: '.repeat(depth) + '1' + '}'.repeat(depth)
          : '\n' +
            Array.from({ length: Math.min(depth, 2000) }, (_, i) => `${'  '.repeat(i + 3)}k${i}:`).join(
              '\n',
            ) +
            ' 1';
    return {
      kind: 'deep nesting',
      label: `${style} depth ${depth} at ${path.join('.')}`,
      // not in the review: ~2 000 block levels overflow the yaml parser's stack (flow nesting is fine)
      finding: style === 'block' ? 'new: deep block nesting' : undefined,
      text: yamlOf(doc).replace(marker, nested),
    };
  });

/** Keys the schema does not know, in unicode; a top level that is not a map; raw binary. */
const structural: fc.Arbitrary<HostileCase> = fc.oneof(
  fc
    .record({
      key: fc.string({ minLength: 1, maxLength: 12 }),
      at: fc.constantFrom(['defaults'], ['hosts', 'lb-host-1'], ['clusters', 'cluster-lb'], []),
    })
    .filter(
      ({ key, at }) =>
        ![
          'hosts',
          'clusters',
          'defaults',
          'template_dir',
          'interface',
          'advert_int',
          'ssh',
          'become',
          'vars',
          'address',
          'instance_name',
          'virtual_router_id',
          'vips',
          'auth',
          'members',
          'preempt',
          'nopreempt',
          'preempt_delay',
          'unicast',
          'track_interfaces',
          'track_scripts',
          'notify',
          'garp',
          'extra',
          'priority',
          'state',
        ].includes(key) &&
        !(at[0] === 'hosts' || at[0] === 'clusters' ? false : at.length === 0 ? false : false) &&
        !(at.length === 0 && key === '<<'),
    )
    .map(({ key, at }) => {
      const doc = baseInventory();
      setAt(doc, [...at, key], 1);
      return { kind: 'unknown key', label: `${[...at, key].join('.')} = 1`, text: yamlOf(doc) };
    }),
  fc
    .constantFrom('- a\n- b\n', '42\n', '"text"\n', 'hosts: [a, b]\n', '---\nhosts: {}\n---\nhosts: {}\n')
    .map((text) => ({
      kind: 'wrong top level',
      label: short(text),
      text,
    })),
  fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((bytes) => ({
    kind: 'binary garbage',
    label: `${bytes.length} random bytes`,
    text: `hosts: {\n${Buffer.from(bytes).toString('latin1')}`,
  })),
);

/** Every kind with a weight; ≥ 500 samples cover each many times. */
export const hostileInventory: fc.Arbitrary<HostileCase> = fc.oneof(
  { arbitrary: wrongType, weight: 6 },
  { arbitrary: hugeNumber, weight: 4 },
  { arbitrary: badString, weight: 5 },
  { arbitrary: badName, weight: 3 },
  { arbitrary: injection, weight: 5 },
  { arbitrary: longString, weight: 2 },
  { arbitrary: duplicateKey, weight: 1 },
  { arbitrary: aliasBomb, weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: structural, weight: 2 },
);

/** A valid playbook (the shape of playbooks/configure.yaml). */
export function basePlaybook(): Record<string, unknown> {
  return {
    name: 'hostile',
    tasks: [{ name: 'config', op: 'keepalived.config', args: {}, notify: ['reload'] }],
    handlers: [{ name: 'reload', op: 'service.reloaded', args: { name: 'keepalived' } }],
  };
}

const PLAYBOOK_FIELDS: { path: string[]; kind: Kind }[] = [
  { path: ['name'], kind: 'string' },
  { path: ['tasks'], kind: 'array' },
  { path: ['tasks', '0'], kind: 'map' },
  { path: ['tasks', '0', 'name'], kind: 'string' },
  { path: ['tasks', '0', 'op'], kind: 'string' },
  { path: ['tasks', '0', 'args'], kind: 'map' },
  { path: ['tasks', '0', 'notify'], kind: 'array' },
  { path: ['handlers'], kind: 'array' },
  { path: ['order'], kind: 'string' },
];

export const hostilePlaybook: fc.Arbitrary<HostileCase> = fc.oneof(
  fc
    .constantFrom(...PLAYBOOK_FIELDS)
    .chain((f) =>
      wrongValue(f.kind === 'array' ? 'array' : f.kind)
        .filter((v) => !(f.kind === 'map' && typeof v === 'object' && v !== null && !Array.isArray(v)))
        .map((v) => ({ f, v })),
    )
    .filter(({ f, v }) => !(f.kind === 'array' && Array.isArray(v)))
    .map(({ f, v }) => {
      const pb = basePlaybook();
      setAt(pb, f.path, v);
      return { kind: 'playbook wrong type', label: `${f.path.join('.')} = ${short(v)}`, text: yamlOf(pb) };
    }),
  fc.oneof(fc.constantFrom(...METACHARS), nasty, fc.string({ minLength: 1 })).map((junk) => {
    const pb = basePlaybook();
    setAt(pb, ['tasks', '0', 'op'], `keepalived.config${junk}`);
    return { kind: 'playbook unknown op', label: `op keepalived.config${short(junk)}`, text: yamlOf(pb) };
  }),
  fc.oneof(fc.constantFrom(...METACHARS), nasty).map((junk) => {
    const pb = basePlaybook();
    setAt(pb, ['tasks', '0', 'notify'], [`reload${junk}`]);
    return { kind: 'playbook unknown handler', label: `notify reload${short(junk)}`, text: yamlOf(pb) };
  }),
  fc.integer({ min: 101, max: 1000 }).map((n) => ({
    kind: 'playbook alias bomb',
    label: `one anchor used ${n} times`,
    text: `name: p\nx_args: &a {}\ntasks:\n${Array.from({ length: n }, (_, i) => `  - { name: t${i}, op: keepalived.config, args: *a }`).join('\n')}\n`,
  })),
  fc.integer({ min: 200, max: 5000 }).map((depth) => ({
    kind: 'playbook deep nesting',
    label: `depth ${depth}`,
    text: `name: p\ntasks: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
  })),
);
