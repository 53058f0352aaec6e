#!/usr/bin/env node
// Benchmarks, run on demand (never in CI): vipctl against Ansible and a plain parallel-ssh script on the same
// fresh lab, same hosts, same parallelism. After every sample it rewrites bench/results/<label>.json (samples and
// the summary so far), so an interrupted run keeps what it measured; at the end it prints the Markdown table.
//
//   npm run bench -- --hosts 2,10 --runs 3 --tools vipctl,ansible,floor --flavour machine
//
// vipctl samples run with VIPCTL_TIMINGS=1: each keeps where its time went (load, connect, facts, tasks, verify).
//
// Needs root (the lab) and, for the Ansible side, `bash bench/install-deps.sh`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { labDown, labUp } from '../dist/lab/lab.js';
import { paths } from '../dist/lab/config.js';
import { assertHoldsLabLock } from './lab-lock.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VIPCTL = join(ROOT, 'bin/vipctl.js');
const RESULTS = join(ROOT, 'bench/results');

function args() {
  const out = {
    hosts: [2],
    runs: 3,
    tools: ['vipctl', 'ansible', 'floor'],
    flavour: 'machine',
    forks: 0,
    scenarios: ['converge', 'noop', 'change', 'verify', 'startup'],
    label: '',
  };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) {
    const [k, v] = [a[i].replace(/^--/, ''), a[i + 1]];
    if (k === 'hosts') out.hosts = v.split(',').map(Number);
    else if (k === 'runs') out.runs = Number(v);
    else if (k === 'tools') out.tools = v.split(',');
    else if (k === 'scenarios') out.scenarios = v.split(',');
    else if (k === 'flavour') out.flavour = v;
    else if (k === 'forks') out.forks = Number(v);
    else if (k === 'label') out.label = v;
    else throw new Error(`unknown option --${k}`);
  }
  return out;
}

const TIMEOUT_MS = 30 * 60_000;

/** Runs a command, returning wall seconds, peak RSS (MB, largest process of the tree) and exit code. */
function timed(cmd, argv, env = {}) {
  return new Promise((res) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', cmd, ...argv], {
      env: { ...process.env, CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: TIMEOUT_MS,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rssKb = Number(err.trim().split('\n').pop());
      res({ seconds, rssMb: Math.round(rssKb / 1024), code, out, err, phases: phasesOf(err) });
    });
  });
}

/** The VIPCTL_TIMINGS table on stderr → { phase: wall ms }. */
function phasesOf(stderr) {
  const phases = {};
  for (const m of stderr.matchAll(/^ {2}(\S.*?)\s+(\d+) → +(\d+) ms +(\d+) ms/gm)) {
    // "command loaded" is an instant: when it happened is the start-up cost (Node, oclif, the command's modules).
    if (m[1] === 'command loaded') phases.startup = Number(m[2]);
    else phases[m[1]] = Number(m[4]);
  }
  const total = stderr.match(/^timings .*total (\d+) ms/m);
  if (total) phases.total = Number(total[1]);
  return Object.keys(phases).length > 0 ? phases : undefined;
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1], n: s.length };
}

function log(m) {
  process.stderr.write(`bench: ${m}\n`);
}

/** Ansible inventory equivalent to the lab inventory (same hosts, clusters, priorities). */
function ansibleInventory(inv, pass) {
  const groups = { lb: { hosts: {} } };
  for (const [cname, c] of Object.entries(inv.clusters)) {
    const members = Object.entries(c.members);
    const top = Math.max(...members.map(([, m]) => m.priority));
    const group = cname.replace(/-/g, '_');
    groups[group] = { hosts: {} };
    for (const [h, m] of members) {
      const vars = {
        ansible_host: inv.hosts[h].address,
        ansible_user: 'root',
        ansible_ssh_private_key_file: paths.key,
        cluster: cname.replace(/-/g, '_'),
        instance: 'VI_1',
        vrrp_state: m.priority === top ? 'MASTER' : 'BACKUP',
        vrrp_interface: 'eth0',
        vrid: c.virtual_router_id,
        priority: m.priority,
        vip: c.vips[0],
        auth_pass: pass,
      };
      groups.lb.hosts[h] = vars;
      groups[group].hosts[h] = null;
    }
  }
  return stringify({ all: { children: groups } });
}

function floorHosts(inv) {
  const lines = [];
  for (const c of Object.values(inv.clusters)) {
    const members = Object.entries(c.members);
    const top = Math.max(...members.map(([, m]) => m.priority));
    for (const [h, m] of members) {
      lines.push(
        [
          h,
          inv.hosts[h].address,
          m.priority === top ? 'MASTER' : 'BACKUP',
          m.priority,
          c.virtual_router_id,
          c.vips[0],
        ].join(' '),
      );
    }
  }
  return lines.join('\n') + '\n';
}

const work = join('/tmp', 'vipctl-bench');

function tool(name, forks, flavour) {
  const invFile = join(work, 'inventory.yaml');
  const ansInv = join(work, 'ansible-inventory.yaml');
  const floorFile = join(work, 'floor-hosts.txt');
  const ansEnv = { ANSIBLE_CONFIG: join(ROOT, 'bench/ansible/ansible.cfg'), ANSIBLE_FORKS: String(forks) };
  const vip = (argv) =>
    timed(process.execPath, [VIPCTL, ...argv, '-i', invFile, '--forks', String(forks)], {
      VIPCTL_TIMINGS: '1',
    });
  const light = flavour === 'light' ? ['-e', 'apt_update_cache=false'] : [];
  const ans = (playbook) =>
    timed('ansible-playbook', ['-i', ansInv, ...light, join(ROOT, 'bench/ansible', playbook)], ansEnv);
  const seq = async (...steps) => {
    let total = { seconds: 0, rssMb: 0, code: 0, out: '', err: '', phases: undefined };
    for (const step of steps) {
      const r = await step();
      total = {
        seconds: total.seconds + r.seconds,
        rssMb: Math.max(total.rssMb, r.rssMb),
        code: total.code || r.code,
        phases: undefined,
        out: total.out + r.out,
        err: total.err + r.err,
      };
      if (r.code !== 0) break;
    }
    return total;
  };
  return {
    // apply = install + configure + verify (waiting for the election, like Ansible's retried assertion), one
    // process and one connection per host. Ansible captures no traffic, so neither does vipctl here.
    vipctl: {
      converge: () => vip(['apply', '--wait', '15']),
      change: () => vip(['apply', '--wait', '15']),
      verify: () => vip(['verify', '--no-adverts']),
      // fleet scenarios (#19): verify with the advert capture, a healthy diagnose, lint of the lab inventory
      'verify-adverts': () => vip(['verify']),
      diagnose: () => vip(['diagnose']),
      lint: () =>
        timed(process.execPath, [VIPCTL, 'inventory', 'lint', '-i', invFile], { VIPCTL_TIMINGS: '1' }),
    },
    // The same work as three commands, as before `apply` existed: three start-ups and three handshakes per host.
    'vipctl-steps': {
      converge: () =>
        seq(
          () => vip(['install']),
          () => vip(['configure']),
          () => vip(['verify', '--wait', '15', '--no-adverts']),
        ),
      change: () => vip(['configure']),
      verify: undefined,
    },
    ansible: {
      converge: () => ans('site.yml'),
      change: () => ans('site.yml'),
      verify: () => ans('verify.yml'),
    },
    floor: {
      converge: () => timed('bash', [join(ROOT, 'bench/floor/converge.sh'), floorFile]),
      change: () => timed('bash', [join(ROOT, 'bench/floor/converge.sh'), floorFile]),
      verify: undefined,
    },
  }[name];
}

/** Writes the inventories for every tool from the lab's inventory (optionally with one priority changed). */
function writeInventories(changePriority) {
  const inv = parse(readFileSync(paths.inventory, 'utf8'));
  if (changePriority) inv.clusters['cluster-lb'].members['lb-host-2'].priority = 80;
  const pass = readFileSync(paths.authPass, 'utf8').trim();
  writeFileSync(join(work, 'inventory.yaml'), stringify(inv));
  writeFileSync(join(work, 'ansible-inventory.yaml'), ansibleInventory(inv, pass));
  writeFileSync(join(work, 'floor-hosts.txt'), floorHosts(inv));
}

async function freshLab(n, flavour) {
  await labDown({ log: () => {} });
  await labUp({ hosts: n, flavour, log: () => {} });
  // Ansible needs python3 (and python3-apt) on the hosts: installed before timing, for every tool alike.
  if (flavour === 'machine') {
    const inv = parse(readFileSync(paths.inventory, 'utf8'));
    await Promise.all(
      Object.values(inv.hosts).map((h) =>
        timed('ssh', [
          '-i',
          paths.key,
          '-o',
          `UserKnownHostsFile=${paths.knownHosts}`,
          '-o',
          'BatchMode=yes',
          `root@${h.address}`,
          'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-apt >/dev/null',
        ]),
      ),
    );
  }
}

let holdsLab = false;

async function main() {
  const opt = args();
  if (process.getuid() !== 0) throw new Error('benchmarks build a lab: run as root');
  assertHoldsLabLock('npm run bench -- …');
  holdsLab = true;
  mkdirSync(work, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  const machine = {
    host: hostname(),
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    flavour: opt.flavour,
  };
  const started = new Date().toISOString();
  const label = opt.label || `${started.slice(0, 16).replace(':', '')}-${opt.flavour}-${opt.hosts.join('_')}`;
  const file = join(RESULTS, `${label}.json`);
  const samples = [];
  // Rewritten after every sample: an interrupted or timed-out run keeps everything measured so far.
  const save = () =>
    writeFileSync(
      file,
      JSON.stringify(
        { date: started, machine, options: opt, results: summarize(samples), samples },
        null,
        2,
      ) + '\n',
    );
  const push = (tool, scenario, hosts, forks, r) => {
    if (r.code !== 0)
      log(`${tool} ${scenario} n=${hosts} FAILED (exit ${r.code}):\n${(r.out + r.err).slice(-3000)}`);
    samples.push({
      tool,
      scenario,
      hosts,
      forks,
      seconds: r.seconds,
      rssMb: r.rssMb,
      code: r.code,
      phases: r.phases,
      // what a person reads by default (stdout lines): the fleet target is a healthy verify in ≤ 60
      lines: r.out.trimEnd() === '' ? 0 : r.out.trimEnd().split('\n').length,
    });
    const phases = r.phases
      ? ` [${Object.entries(r.phases)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}]`
      : '';
    log(
      `${tool} ${scenario} n=${hosts}: ${r.seconds.toFixed(2)}s rss ${r.rssMb}MB${r.code ? ' FAILED' : ''}${phases}`,
    );
    save();
  };
  for (const n of opt.hosts) {
    const forks = opt.forks || n;
    for (const t of opt.tools) {
      if (t === 'ansible' && !existsSync('/usr/bin/ansible-playbook'))
        throw new Error('ansible-core missing: bash bench/install-deps.sh');
      const impl = tool(t, forks, opt.flavour);
      for (let run = 0; run < opt.runs; run++) {
        const onLab = ['converge', 'noop', 'change', 'verify', 'verify-adverts', 'diagnose', 'lint'];
        if (!opt.scenarios.some((s) => onLab.includes(s))) break;
        await freshLab(n, opt.flavour);
        writeInventories(false);
        if (opt.scenarios.includes('converge') || opt.scenarios.includes('noop'))
          push(t, 'converge', n, forks, await impl.converge());
        if (opt.scenarios.includes('noop')) push(t, 'noop', n, forks, await impl.converge());
        if (opt.scenarios.includes('change')) {
          writeInventories(true);
          push(t, 'change', n, forks, await impl.change());
        }
        if (opt.scenarios.includes('verify') && impl.verify) push(t, 'verify', n, forks, await impl.verify());
        for (const extra of ['verify-adverts', 'diagnose', 'lint'])
          if (opt.scenarios.includes(extra) && impl[extra]) push(t, extra, n, forks, await impl[extra]());
      }
    }
  }
  if (opt.scenarios.includes('startup')) {
    const big = join(work, 'inventory-100.yaml');
    writeFileSync(big, bigInventory(100));
    for (const [name, cmd, argv] of [
      ['vipctl --help', process.execPath, [VIPCTL, '--help']],
      ['vipctl inventory lint (100 hosts)', process.execPath, [VIPCTL, 'inventory', 'lint', '-i', big]],
      ['ansible-playbook --version', 'ansible-playbook', ['--version']],
    ]) {
      if (cmd === 'ansible-playbook' && !existsSync('/usr/bin/ansible-playbook')) continue;
      for (let i = 0; i < Math.max(5, opt.runs); i++)
        push(
          name.split(' ')[0],
          `startup: ${name}`,
          name.includes('100') ? 100 : 0,
          0,
          await timed(cmd, argv),
        );
    }
  }
  await labDown({ log: () => {} });
  log(`results: ${file}`);
  process.stdout.write(markdown(summarize(samples), machine) + '\n');
}

/** Samples → one row per (scenario, hosts, tool): min / median / max seconds, peak RSS, median phases. */
function summarize(samples) {
  const groups = new Map();
  for (const x of samples) {
    const key = `${x.scenario}|${x.hosts}|${x.tool}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(x);
  }
  return [...groups.values()].map((xs) => {
    const ok = xs.filter((x) => x.code === 0);
    const phaseNames = [...new Set(ok.flatMap((x) => Object.keys(x.phases ?? {})))];
    return {
      tool: xs[0].tool,
      scenario: xs[0].scenario,
      hosts: xs[0].hosts,
      forks: xs[0].forks,
      failed: xs.length - ok.length,
      seconds: stats(xs.map((x) => x.seconds)),
      rssMb: stats(xs.map((x) => x.rssMb)),
      lines: stats(xs.map((x) => x.lines ?? 0)).max,
      phasesMs:
        phaseNames.length > 0
          ? Object.fromEntries(phaseNames.map((p) => [p, stats(ok.map((x) => x.phases?.[p] ?? 0)).median]))
          : undefined,
    };
  });
}

function bigInventory(n) {
  const hosts = {};
  const clusters = {};
  for (let i = 0; i < n; i++) hosts[`lb-host-${i + 1}`] = { address: `10.10.10.${51 + i}` };
  for (let i = 0; 2 * i + 1 < n; i++) {
    clusters[`cluster-${i + 1}`] = {
      virtual_router_id: 51 + i,
      vips: [i <= 48 ? `10.10.10.${2 + i}` : `10.10.10.${152 + i}`],
      auth: { type: 'PASS', password: 'secret' },
      members: { [`lb-host-${2 * i + 1}`]: { priority: 100 }, [`lb-host-${2 * i + 2}`]: { priority: 90 } },
    };
  }
  return stringify({
    defaults: { ssh: { user: 'root' }, interface: 'eth0', advert_int: 1 },
    hosts,
    clusters,
  });
}

function markdown(results, machine) {
  const order = ['converge', 'noop', 'change', 'verify', 'verify-adverts', 'diagnose', 'lint'];
  const sorted = [...results].sort(
    (a, b) =>
      (order.indexOf(a.scenario) + 1 || 99) - (order.indexOf(b.scenario) + 1 || 99) ||
      a.hosts - b.hosts ||
      a.tool.localeCompare(b.tool),
  );
  const vipctlMedian = (r) =>
    results.find((x) => x.tool === 'vipctl' && x.scenario === r.scenario && x.hosts === r.hosts)?.seconds
      .median;
  const rows = sorted.map((r) => {
    const v = vipctlMedian(r);
    const ratio = r.tool !== 'vipctl' && v ? `${(r.seconds.median / v).toFixed(1)}×` : '';
    const phases = r.phasesMs
      ? Object.entries(r.phasesMs)
          .filter(([k]) => !['total', 'report', 'close', 'inventory'].includes(k))
          .map(([k, ms]) => `${k.replace(' (plan + apply)', '')} ${ms}`)
          .join(', ')
      : '';
    return `| ${r.scenario} | ${r.hosts} | ${r.tool} | ${r.seconds.n} | ${r.seconds.min.toFixed(2)} | ${r.seconds.median.toFixed(2)} | ${r.seconds.max.toFixed(2)} | ${r.rssMb.max} | ${r.lines ?? ''} | ${ratio} | ${phases} | ${r.failed ? `${r.failed} failed` : ''} |`;
  });
  return [
    `Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memGiB} GiB, Node ${machine.node}, lab flavour ${machine.flavour}`,
    '',
    '| scenario | hosts | tool | runs | min s | median s | max s | peak RSS MB | stdout lines | time ÷ vipctl | vipctl phases, median ms | |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** `node bench/run.js --report FILE.json` prints the table of an earlier (or interrupted) run. */
if (process.argv[2] === '--report') {
  const doc = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  process.stdout.write(markdown(summarize(doc.samples), doc.machine) + '\n');
  process.exit(0);
}

main().catch(async (err) => {
  process.stderr.write(`bench: ${err.stack ?? err}\n`);
  if (holdsLab) await labDown({ log: () => {} });
  process.exitCode = 1;
});
