#!/usr/bin/env node
// Inventory loading at scale (security review M5: loading was quadratic, 10k hosts × 5k clusters took 51 s).
// Generates the review's inventories, runs `vipctl inventory lint` on each (the path every command takes), and
// records wall time and peak memory in bench/results/inventory-load.json. No lab needed.
//
//   node bench/inventory-load.js            # goal: 10k hosts × 5k clusters under 2 s
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VIPCTL = join(ROOT, 'bin/vipctl.js');

/**
 * A VRID is unique per segment, so every 255 clusters get their own /16: host i lives in segment
 * floor(i / 510), the VIP of cluster c in segment floor(c / 255), next to its two members.
 */
function hostAddr(i) {
  const n = (i % 510) + 1;
  return `10.${16 + Math.floor(i / 510)}.${n >> 8}.${n & 255}/16`;
}
function vipAddr(c) {
  return `10.${16 + Math.floor(c / 255)}.200.${(c % 255) + 1}`;
}

function inventory(hosts, clusters, varsKeys = 0) {
  const vars = varsKeys
    ? `, vars: { ${Array.from({ length: varsKeys }, (_, k) => `k${k}: ${k}`).join(', ')} }`
    : '';
  const lines = ['hosts:'];
  for (let i = 0; i < hosts; i++) lines.push(`  h${i}: { address: ${hostAddr(i)}${i === 0 ? vars : ''} }`);
  if (clusters) lines.push('clusters:');
  for (let c = 0; c < clusters; c++) {
    lines.push(
      `  c${c}:`,
      `    virtual_router_id: ${(c % 255) + 1}`,
      `    vips: [${vipAddr(c)}]`,
      `    members: { h${2 * c}: { priority: 100 }, h${2 * c + 1}: { priority: 90 } }`,
    );
  }
  return lines.join('\n') + '\n';
}

const cases = [
  { label: '2k hosts, 1k clusters', hosts: 2000, clusters: 1000 },
  { label: '10k hosts, no clusters', hosts: 10000, clusters: 0 },
  { label: '20k hosts, no clusters', hosts: 20000, clusters: 0 },
  { label: 'one host, 20k-key vars', hosts: 1, clusters: 0, vars: 20000 },
  { label: '10k hosts, 5k clusters', hosts: 10000, clusters: 5000 },
];

const dir = mkdtempSync(join(tmpdir(), 'vipctl-bench-load-'));
const results = [];
try {
  for (const c of cases) {
    const file = join(dir, 'inv.yaml');
    writeFileSync(file, inventory(c.hosts, c.clusters, c.vars));
    const run = spawnSync(
      '/usr/bin/time',
      ['-f', '%e %M %U %S', process.execPath, VIPCTL, 'inventory', 'lint', '-i', file],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 1 << 30,
      },
    );
    // lint exits 4 on errors: the inventories are built to have none, so say so if they do
    if (run.status !== 0)
      throw new Error(`${c.label}: lint exit ${run.status}: ${run.stderr.split('\n').slice(-4).join('\n')}`);
    const out = run.stderr.trim().split('\n').at(-1);
    const [wall, rssKb, user, sys] = out.split(' ').map(Number);
    const cpu = user + sys; // less sensitive than wall time to a busy machine
    results.push({ ...c, seconds: wall, cpuSeconds: cpu, maxRssMb: Math.round(rssKb / 1024) });
    console.log(
      `| ${c.label.padEnd(24)} | ${wall.toFixed(2).padStart(6)} s | ${cpu.toFixed(2).padStart(6)} s CPU | ${String(Math.round(rssKb / 1024)).padStart(5)} MB |`,
    );
  }
} catch (err) {
  // lint exits 4 when it finds errors; time still prints its line on stderr
  console.error(
    String(err.stderr ?? err)
      .split('\n')
      .slice(-3)
      .join('\n'),
  );
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench/results/inventory-load.json'),
  JSON.stringify({ node: process.version, date: new Date().toISOString(), results }, null, 2) + '\n',
);
