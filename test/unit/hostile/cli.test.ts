// The built CLI on a representative subset of the hostile inputs, and on special files (FIFO, /dev/zero, a
// directory, oversized files) as inventory, password_file and playbook: the documented exit code, a location,
// no stack trace, no password, no raw terminal control characters, within bounded time and memory. Each child is
// ended by its PID when over its bound (SIGINT first: Ctrl-C must work too).
import fc from 'fast-check';
import pLimit from 'p-limit';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { describeRun, runCli, type CliRun } from './cli-run.js';
import {
  AUTH_PASSWORD,
  HOSTILE_SEED,
  SUDO_PASSWORD,
  baseInventory,
  basePlaybook,
  hostileInventory,
  hostilePlaybook,
} from './generators.js';
import { hasStackTrace, record, type ReliabilityMeta } from './reliability-meta.js';

const dir = mkdtempSync(join(tmpdir(), 'vipctl-hostile-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLI_RUNS = Number(process.env.VIPCTL_HOSTILE_CLI_RUNS ?? 48);
/** bounds for one CLI run on a small hostile input; special files get the same */
const MAX_MS = 20_000; // the CI machine may be busy: a hang, not a slow start, is what this catches
const MAX_MB = 512;

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Everything wrong with one run's output, or undefined. */
function outputProblem(r: CliRun, expectCodes: number[], file?: string): string | undefined {
  const out = r.stdout + r.stderr;
  if (r.timedOut || r.killed || r.overMemory) return describeRun(r);
  if (hasStackTrace(out)) return `stack trace: ${describeRun(r)}`;
  if (out.includes(AUTH_PASSWORD) || out.includes(SUDO_PASSWORD))
    return `a password in the output: ${describeRun(r)}`;
  if (r.code === null || !expectCodes.includes(r.code))
    return `wanted exit ${expectCodes.join('|')}: ${describeRun(r)}`;
  if (r.peakMb > MAX_MB) return `peak ${r.peakMb.toFixed(0)} MB`;
  if (
    file &&
    r.code === ExitCode.INVENTORY &&
    !new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+:\\d+)?`).test(out)
  )
    return `the error does not name ${file}: ${describeRun(r)}`;
  // NO_COLOR is set: an escape or a carriage return in the output came from the input (review L8)
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u001b\r\u0007\u0000]/.test(out))
    return `a raw control character from the input reached the terminal: ${describeRun(r)}`;
  return undefined;
}

function bump(meta: ReliabilityMeta, r: CliRun): void {
  const out = r.stdout + r.stderr;
  meta.inputs = (meta.inputs ?? 0) + 1;
  if (hasStackTrace(out)) meta.stackTraces = (meta.stackTraces ?? 0) + 1;
  if (out.includes(AUTH_PASSWORD) || out.includes(SUDO_PASSWORD))
    meta.secretsLeaked = (meta.secretsLeaked ?? 0) + 1;
}

/** CLI children at once: enough to be quick, few enough that timings stay meaningful */
const limit = pLimit(4);

const base = (): string => stringify(baseInventory(), { lineWidth: 0 });

describe('the built CLI on hostile inputs', () => {
  it(`${CLI_RUNS} generated inventories × lint / lint --json / show / render (seed ${HOSTILE_SEED + 1})`, async (ctx) => {
    const meta = record(ctx, {
      suite: 'hostile-input',
      inputs: 0,
      stackTraces: 0,
      secretsLeaked: 0,
      covers: ['H2', 'M6', 'L1', 'L8', 'L10'],
      rerun: `VIPCTL_HOSTILE_SEED=${HOSTILE_SEED} npx vitest run --project unit test/unit/hostile/cli.test.ts`,
    });
    const cases = fc.sample(hostileInventory, { seed: HOSTILE_SEED + 1, numRuns: CLI_RUNS });
    // (review L8 covers host text; the same rule holds for input echoed in errors)
    const commands = [
      ['inventory', 'lint'],
      ['inventory', 'lint', '--json'],
      ['inventory', 'show'],
      ['render', '--host', 'lb-host-1'],
    ];
    const failures: string[] = [];
    await Promise.all(
      cases.map((c, i) =>
        limit(async () => {
          const file = write(`inv-${i}.yaml`, c.text);
          const cmd = commands[i % commands.length] as string[];
          const r = await runCli([...cmd, '-i', file], { timeoutMs: MAX_MS, maxMb: MAX_MB * 2 });
          bump(meta, r);
          const want =
            c.expect === 'accepted'
              ? [0]
              : c.expect === 'safe'
                ? [0, ExitCode.INVENTORY]
                : [ExitCode.INVENTORY];
          // render and show of an inventory lint accepts exit 0; a refused one is exit 4 for every command
          // render prints lint errors (located) and still renders, exit 0: a preview, configure refuses
          // (show likewise: a view of the inventory with its lint findings, exit 0)
          const renderShown =
            (cmd[0] === 'render' || cmd[1] === 'show') &&
            r.code === 0 &&
            /:\d+:\d+: error /.test(r.stdout + r.stderr);
          const problem = outputProblem(r, renderShown ? [0] : want, file);
          if (problem)
            failures.push(
              `#${i} [${c.kind}${c.finding ? `, review ${c.finding}` : ''}] ${c.label} — vipctl ${cmd.join(' ')}: ${problem}`,
            );
        }),
      ),
    );
    expect(failures, `${failures.length} of ${cases.length}:\n${failures.sort().join('\n')}`).toEqual([]);
  }, 180_000);

  it('generated playbooks through `vipctl run`', async (ctx) => {
    const meta = record(ctx, {
      suite: 'hostile-input',
      inputs: 0,
      stackTraces: 0,
      secretsLeaked: 0,
      covers: ['M6'],
      rerun: 'npx vitest run --project unit test/unit/hostile/cli.test.ts -t playbooks',
    });
    const inv = write('base-for-run.yaml', base());
    const cases = fc.sample(hostilePlaybook, { seed: HOSTILE_SEED + 2, numRuns: 12 });
    const failures: string[] = [];
    await Promise.all(
      cases.map((c, i) =>
        limit(async () => {
          const pb = write(`pb-${i}.yaml`, c.text);
          const r = await runCli(['run', pb, '-i', inv], { timeoutMs: MAX_MS });
          bump(meta, r);
          const problem = outputProblem(r, [ExitCode.USAGE]);
          if (problem) failures.push(`#${i} [${c.kind}] ${c.label}: ${problem}`);
        }),
      ),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);

  describe('special files are refused at once, Ctrl-C works, memory stays bounded (review M4)', () => {
    const fifo = join(dir, 'fifo');
    const subdir = join(dir, 'a-directory');
    mkdirSync(subdir, { recursive: true });
    execFileSync('mkfifo', [fifo]);
    const withPasswordFile = (p: string): string => {
      const doc = baseInventory();
      (doc.clusters as Record<string, { auth: unknown }>)['cluster-lb']!.auth = {
        type: 'PASS',
        password_file: p,
      };
      return write(`pwfile-${p.replace(/\W/g, '_')}.yaml`, stringify(doc));
    };
    const bigComments = (): string => {
      const file = join(dir, 'big-comments.yaml');
      const line = `# ${'x'.repeat(1021)}\n`;
      writeFileSync(file, base() + line.repeat(64 * 1024)); // 64 MB
      return file;
    };
    const bigString = (): string => {
      const doc = baseInventory();
      (doc.defaults as Record<string, unknown>).vars = { blob: 'y'.repeat(50 * 1024 * 1024) };
      return write('big-string.yaml', stringify(doc, { lineWidth: 0 }));
    };
    const cases: { name: string; args: () => string[]; codes: number[] }[] = [
      {
        name: 'FIFO as inventory',
        args: () => ['inventory', 'lint', '-i', fifo],
        codes: [ExitCode.INVENTORY],
      },
      {
        name: '/dev/zero as inventory',
        args: () => ['inventory', 'lint', '-i', '/dev/zero'],
        codes: [ExitCode.INVENTORY],
      },
      {
        name: 'a directory as inventory',
        args: () => ['inventory', 'lint', '-i', subdir],
        codes: [ExitCode.INVENTORY],
      },
      {
        name: '/dev/zero as inventory of configure',
        args: () => ['configure', '--check', '-i', '/dev/zero'],
        codes: [ExitCode.INVENTORY],
      },
      {
        name: 'FIFO as password_file',
        args: () => ['inventory', 'lint', '-i', withPasswordFile(fifo)],
        codes: [ExitCode.INVENTORY],
      },
      {
        name: '/dev/zero as password_file',
        args: () => ['render', '-i', withPasswordFile('/dev/zero')],
        codes: [ExitCode.INVENTORY],
      },
      {
        name: 'a directory as password_file',
        args: () => ['render', '-i', withPasswordFile(subdir)],
        codes: [ExitCode.INVENTORY],
      },
      {
        name: 'FIFO as playbook',
        args: () => ['run', fifo, '-i', write('base-fifo.yaml', base())],
        codes: [ExitCode.USAGE],
      },
      {
        name: '/dev/zero as playbook',
        args: () => ['run', '/dev/zero', '-i', write('base-zero.yaml', base())],
        codes: [ExitCode.USAGE],
      },
      {
        name: 'a directory as playbook',
        args: () => ['run', subdir, '-i', write('base-dir.yaml', base())],
        codes: [ExitCode.USAGE],
      },
      {
        name: 'a 64 MB inventory (over the size cap)',
        args: () => ['inventory', 'lint', '-i', bigComments()],
        codes: [ExitCode.INVENTORY],
      },
      {
        name: 'a 50 MB string in vars (over the size cap)',
        args: () => ['inventory', 'lint', '-i', bigString()],
        codes: [ExitCode.INVENTORY],
      },
      {
        name: 'a 1 MB playbook task name',
        args: () => {
          const pb = basePlaybook();
          (pb.tasks as { name: string }[])[0]!.name = 'n'.repeat(1024 * 1024);
          (pb.tasks as { op: string }[])[0]!.op = 'no.such-op';
          return [
            'run',
            write('long-task.yaml', stringify(pb, { lineWidth: 0 })),
            '-i',
            write('base-long.yaml', base()),
          ];
        },
        codes: [ExitCode.USAGE],
      },
    ];
    it.for(cases)('$name', { timeout: 30_000 }, async ({ args, codes }, ctx) => {
      const meta = record(ctx, {
        suite: 'hostile-input',
        inputs: 0,
        stackTraces: 0,
        secretsLeaked: 0,
        covers: ['M4'],
        rerun: 'npx vitest run --project unit test/unit/hostile/cli.test.ts -t "special files"',
      });
      const r = await runCli(args(), { timeoutMs: 12_000, graceMs: 3000, maxMb: MAX_MB });
      bump(meta, r);
      const problem = outputProblem(r, codes);
      // when it hung, say whether Ctrl-C at least ended it
      const ctrlC = r.timedOut && !r.killed ? ` (Ctrl-C ended it: exit ${r.code ?? r.signal})` : '';
      expect(problem === undefined ? 'ok' : `${problem}${ctrlC}`).toBe('ok');
    });
  });

  describe('no password in any offline output mode (auth inline, sudo from the environment)', () => {
    const doc = baseInventory();
    (doc.defaults as Record<string, unknown>).become = { enabled: true, password_env: 'VIPCTL_HOSTILE_SUDO' };
    const clean = write('secrets.yaml', stringify(doc));
    // a finding on the password's own line (VRRPv3 has no auth) and a password of the wrong type (review L1)
    const v6 = baseInventory();
    (v6.clusters as Record<string, { vips: string[] }>)['cluster-lb']!.vips = ['fd00::50'];
    const onPasswordLine = write('secrets-v6.yaml', stringify(v6));
    const numeric = write(
      'secrets-number.yaml',
      base().replace(`password: ${AUTH_PASSWORD}`, 'password: 73519246'),
    );
    const env = { VIPCTL_HOSTILE_SUDO: SUDO_PASSWORD };
    const modes: [string, string[]][] = [
      ['inventory lint', ['inventory', 'lint', '-i', clean]],
      ['inventory lint --json', ['inventory', 'lint', '--json', '-i', clean]],
      ['inventory show', ['inventory', 'show', '-i', clean]],
      ['inventory show --json', ['inventory', 'show', '--json', '-i', clean]],
      ['render', ['render', '-i', clean]],
      ['render --host', ['render', '--host', 'lb-host-2', '-i', clean]],
      ['lint error on the password line', ['inventory', 'lint', '-i', onPasswordLine]],
      ['lint --json error on the password line', ['inventory', 'lint', '--json', '-i', onPasswordLine]],
      ['configure refusing on the password line', ['configure', '--check', '--diff', '-i', onPasswordLine]],
      ['render refusing on the password line', ['render', '-i', onPasswordLine]],
      ['a numeric password (schema error)', ['inventory', 'lint', '-i', numeric]],
      ['a numeric password, --json', ['inventory', 'lint', '--json', '-i', numeric]],
    ];
    it.for(modes)('%s', { timeout: 30_000 }, async ([, args], ctx) => {
      const meta = record(ctx, {
        suite: 'hostile-input',
        inputs: 0,
        stackTraces: 0,
        secretsLeaked: 0,
        covers: ['L1'],
        rerun: 'npx vitest run --project unit test/unit/hostile/cli.test.ts -t "no password"',
      });
      const r = await runCli(args, { env, timeoutMs: MAX_MS });
      bump(meta, r);
      const out = r.stdout + r.stderr;
      const secret = args.includes(numeric) ? '73519246' : AUTH_PASSWORD;
      if (out.includes(secret)) meta.secretsLeaked = Math.max(meta.secretsLeaked ?? 0, 1);
      expect(
        out.includes(secret) || out.includes(SUDO_PASSWORD) ? `leaked: ${out.slice(0, 2000)}` : 'no password',
      ).toBe('no password');
      expect(hasStackTrace(out), out).toBe(false);
      expect([0, ExitCode.INVENTORY]).toContain(r.code);
    });
  });
});
