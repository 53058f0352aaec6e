#!/usr/bin/env node
// Failover benchmark, run on demand (never in CI): measured takeover per mode against the theoretical bound,
// on a fresh lab (2-member cluster, advert_int 1, priorities 100/90), and the overhead of the test itself
// (wall time minus takeover and return). Writes bench/failover/results/<date>.json and bench/failover/RESULTS.md.
//
//   bash scripts/with-lab-lock.sh node bench/failover/run.js --count 5 --modes stop,kill,pause,isolate
//
// Needs root (the lab) and a build (npm run build).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labDown, labUp, sshArgs } from '../../dist/lab/lab.js';
import { assertHoldsLabLock } from '../lab-lock.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const VIPCTL = join(ROOT, 'bin/vipctl.js');
const OUT = join(ROOT, 'bench/failover/results');

function args() {
  const out = { count: 5, modes: ['stop', 'kill', 'pause', 'isolate'], keepLab: false };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    const k = a[i].replace(/^--/, '');
    if (k === 'count') out.count = Number(a[++i]);
    else if (k === 'modes') out.modes = a[++i].split(',');
    else if (k === 'keep-lab') out.keepLab = true;
    else throw new Error(`unknown option --${k}`);
  }
  return out;
}

const log = (m) => process.stderr.write(`bench: ${m}\n`);
const ssh = (address, command) =>
  execFileSync('ssh', ['-o', 'BatchMode=yes', ...sshArgs(address, [command])], { encoding: 'utf8' });

function vipctl(argv) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [VIPCTL, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    maxBuffer: 64 << 20,
  });
  return {
    code: r.status,
    out: r.stdout,
    err: r.stderr,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

async function main() {
  const opts = args();
  assertHoldsLabLock('bash scripts/with-lab-lock.sh node bench/failover/run.js …');
  mkdirSync(OUT, { recursive: true });
  await labDown({ log });
  // Two hosts: the lab's own inventory is the runbook's cluster (lb-host-1 100, lb-host-2 90, VRID 51, .50).
  const { inventory: inv } = await labUp({ hosts: 2, flavour: 'machine', log });
  try {
    for (const a of ['10.10.10.51', '10.10.10.52']) {
      ssh(
        a,
        'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq keepalived ipset nftables tcpdump >/dev/null',
      );
    }
    const conf = vipctl(['configure', '-i', inv]);
    if (conf.code !== 0) throw new Error(`configure failed: ${conf.err}`);
    await sleep(5000);
    const results = [];
    for (const mode of opts.modes) {
      log(`mode ${mode}: ${opts.count} runs`);
      const r = vipctl([
        'failover-test',
        'cluster-lb',
        '-i',
        inv,
        '--mode',
        mode,
        '--count',
        String(opts.count),
        '--json',
      ]);
      const doc = JSON.parse(r.out);
      const runs = doc.runs.map((x) => ({
        ok: x.ok,
        takeoverMs: x.takeoverMs,
        boundMs: x.boundMs,
        gapMs: x.gapMs,
        overlapMs: x.overlapMs,
        returnMs: x.returned?.returnMs,
        wallMs: x.wallMs,
        // What the test itself costs: everything that is not the failover or the return.
        overheadMs: x.wallMs - (x.restoredAtMs - x.actedAtMs) - (x.returned?.returnMs ?? 0),
      }));
      results.push({ mode, exit: r.code, commandSeconds: r.seconds, summary: doc.summaries[0], runs });
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    writeFileSync(
      join(OUT, `${stamp}.json`),
      JSON.stringify({ date: new Date().toISOString(), count: opts.count, results }, null, 2),
    );
    const med = (s) => (s ? `${Math.round(s.min)} / ${Math.round(s.median)} / ${Math.round(s.max)}` : 'n/a');
    const medOf = (xs) => {
      const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
      return v.length ? Math.round(v[Math.floor(v.length / 2)]) : 'n/a';
    };
    const md = [
      '# Failover benchmark',
      '',
      `${new Date().toISOString()}, lab (systemd-nspawn machines), 2 members, advert_int 1, priorities 100/90, ${opts.count} runs per mode.`,
      'Takeover is measured from the action on the master (host clock, printed just before acting) to the backup adding the VIP',
      '(`ip -o -ts monitor address` on the backup). Overhead = wall time of one run − (failover window + return).',
      '',
      '| mode | bound (ms) | takeover min / median / max (ms) | gap (ms) | overlap (ms) | return (ms) | overhead median (ms) | failed |',
      '|---|---|---|---|---|---|---|---|',
      ...results.map(
        (r) =>
          `| ${r.mode} | ${r.summary?.boundMs ?? 'n/a'} | ${med(r.summary?.takeoverMs)} | ${med(r.summary?.gapMs)} | ${med(r.summary?.overlapMs)} | ${med(r.summary?.returnMs)} | ${medOf(r.runs.map((x) => x.overheadMs))} | ${r.summary?.failed ?? '?'} |`,
      ),
      '',
    ].join('\n');
    writeFileSync(join(ROOT, 'bench/failover/RESULTS.md'), md);
    process.stdout.write(md);
  } finally {
    if (!opts.keepLab) await labDown({ log });
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err.stack ?? err}\n`);
  process.exit(1);
});
