#!/usr/bin/env node
// Start-up benchmark (no lab, no root): a hyperfine-like loop over vipctl commands that do no remote work, under
// each Node major given (binaries from scripts/node-bin.sh). Wall time per run from spawn to exit, and the CPU
// time the run used (user + sys, from /usr/bin/time), so a busy machine shows up as wall ≫ CPU instead of as a
// slower vipctl. Writes bench/results/startup-<date>.json and prints a Markdown table.
//
//   node bench/startup.js [--runs 30] [--warmup 3] [--node 20,22,24] [--label NAME]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VIPCTL = join(ROOT, 'bin/vipctl.js');
const EXAMPLE = join(ROOT, 'inventories/example.yaml');
const TIME = '/usr/bin/time';

const opts = { runs: 30, warmup: 3, node: ['20', '22', '24'], label: '' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const [k, v] = [argv[i].replace(/^--/, ''), argv[i + 1]];
  if (k === 'runs' || k === 'warmup') opts[k] = Number(v);
  else if (k === 'node') opts.node = v.split(',');
  else if (k === 'label') opts.label = v;
  else throw new Error(`unknown option --${k}`);
}

/** name, arguments after `node`, extra environment */
const CASES = [
  ['node -e 0 (the floor)', ['-e', '0'], {}],
  ['vipctl --version', [VIPCTL, '--version'], {}],
  ['vipctl --help', [VIPCTL, '--help'], {}],
  ['vipctl --help through oclif', [VIPCTL, '--help'], { VIPCTL_NO_FAST_PATH: '1' }],
  ['vipctl inventory lint', [VIPCTL, 'inventory', 'lint', '-i', EXAMPLE], {}],
  [
    'vipctl inventory lint, no compile cache',
    [VIPCTL, 'inventory', 'lint', '-i', EXAMPLE],
    { NODE_DISABLE_COMPILE_CACHE: '1' },
  ],
  ['vipctl render', [VIPCTL, 'render', '-i', EXAMPLE], {}],
];

function once(node, args, env) {
  const withTime = existsSync(TIME);
  const [cmd, cmdArgs] = withTime ? [TIME, ['-f', '%U %S', node, ...args]] : [node, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, {
    cwd: ROOT,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', VIPCTL_AUTH_PASS: 'bench-pw', ...env },
    encoding: 'utf8',
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${node} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = withTime ? r.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [NaN, NaN];
  return { wallMs, cpuMs: (cpu[0] + cpu[1]) * 1000 };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return {
    min: s[0],
    median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    max: s.at(-1),
  };
};

const rows = [];
for (const major of opts.node) {
  const dir = execFileSync('bash', [join(ROOT, 'scripts/node-bin.sh'), major], { encoding: 'utf8' }).trim();
  const node = join(dir, 'node');
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  for (const [name, args, env] of CASES) {
    for (let i = 0; i < opts.warmup; i++) once(node, args, env); // also fills the compile cache on Node ≥ 22.1
    const samples = Array.from({ length: opts.runs }, () => once(node, args, env));
    const wall = stats(samples.map((s) => s.wallMs));
    const cpu = stats(samples.map((s) => s.cpuMs));
    rows.push({ node: version, name, runs: opts.runs, wall, cpu, samples });
    process.stderr.write(
      `${version} ${name}: median ${wall.median.toFixed(0)} ms (cpu ${cpu.median.toFixed(0)} ms)\n`,
    );
  }
}

const f = (x) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const table = [
  '| node | command | runs | min ms | median ms | mean ms | max ms | CPU median ms |',
  '| ---- | ------- | ---- | ------ | --------- | ------- | ------ | ------------- |',
  ...rows.map(
    (r) =>
      `| ${r.node} | ${r.name} | ${r.runs} | ${f(r.wall.min)} | ${f(r.wall.median)} | ${f(r.wall.mean)} | ${f(r.wall.max)} | ${f(r.cpu.median)} |`,
  ),
].join('\n');
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, loadavg: loadavg() };
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const file = join(
  ROOT,
  'bench/results',
  `startup-${new Date().toISOString().slice(0, 16).replace(/:/g, '-')}${opts.label ? `-${opts.label}` : ''}.json`,
);
writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine, opts, rows }, null, 1)}\n`);
console.log(
  `load average at the end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} on ${machine.cpus} cores\n`,
);
console.log(table);
console.log(`\nraw samples: ${file}`);
