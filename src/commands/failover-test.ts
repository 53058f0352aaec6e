import { Args, Flags } from '@oclif/core';
import { writeFile } from 'node:fs/promises';
import { BaseCommand } from '../cli/base-command.js';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { inventoryFlags } from '../cli/flags.js';
import { assertWritableFile } from '../cli/output-file.js';
import { FAILOVER_MODES, type FailoverMode } from '../failover/bound.js';
import { formatRun, formatSummary, runsToJUnit, summarize } from '../failover/format.js';
import { assertPingAvailable } from '../failover/probe.js';
import { FailoverRefused, runFailover, type FailoverRun } from '../failover/run.js';
import { runDisjoint } from '../failover/schedule.js';
import { TrafficProbe, formatTraffic, summarizeTraffic, type TrafficSummary } from '../failover/traffic.js';
import type { ClusterSpec } from '../inventory/types.js';
import { failoverReportHtml } from '../report/failover-html.js';
import { junitXml } from '../report/junit.js';
import { SCHEMA_VERSION } from '../report/schema-version.js';
import { makeStyle, wantColor } from '../report/style.js';
import { isInterrupted } from '../runner/interrupt.js';
import { formatVerdicts } from '../verify/format.js';
import { openClusters } from '../verify/load.js';
import { verifyCluster } from '../verify/verify.js';

export default class FailoverTest extends BaseCommand {
  static override description =
    "Fail a cluster's master over on purpose (stop, kill, pause or isolate), measure the takeover against the VRRP bound, and restore it";

  static override examples = [
    '<%= config.bin %> failover-test cluster-lb -i inventory.yaml',
    '<%= config.bin %> failover-test cluster-lb -i inventory.yaml --mode kill --count 5 --junit failover.xml',
    '<%= config.bin %> failover-test --all -i inventory.yaml --probe',
    '<%= config.bin %> failover-test --all -i inventory.yaml --parallel 10',
  ];

  static override args = { cluster: Args.string({ description: 'the cluster to test (or --all)' }) };

  static override flags = {
    ...inventoryFlags,
    all: Flags.boolean({ description: 'test every cluster, one after another (see --parallel)' }),
    parallel: Flags.integer({
      description: 'test up to N clusters at once (--all or a glob), never two that share a host',
      default: 1,
      min: 1,
    }),
    mode: Flags.string({
      description: 'how the master fails',
      options: [...FAILOVER_MODES],
      default: 'stop',
    }),
    count: Flags.integer({ description: 'repeat the test N times (min / median / max)', default: 1, min: 1 }),
    tolerance: Flags.integer({
      description: 'ms allowed above the theoretical takeover bound',
      default: 500,
      min: 0,
    }),
    hold: Flags.integer({ description: 'ms a pause/isolate lasts (default: bound + 2000)', min: 0 }),
    deadman: Flags.integer({
      description: "seconds after which the host's dead man's switch restores it on its own",
      min: 5,
    }),
    probe: Flags.boolean({
      description: 'ping the VIP from the controller every 10 ms: the client-visible outage',
    }),
    traffic: Flags.integer({
      description:
        'also send HTTP requests to the first VIP on this port every 50 ms: answered/failed and the longest gap',
      min: 1,
      max: 65535,
    }),
    force: Flags.boolean({ description: 'test even when verify finds the cluster unhealthy' }),
    json: Flags.boolean({ description: 'print one JSON document' }),
    junit: Flags.string({ description: 'also write JUnit XML to this file' }),
    report: Flags.string({
      description: 'also write a self-contained HTML report (timeline per run) to this file',
    }),
    forks: Flags.integer({ description: 'hosts connected in parallel', default: 20, min: 1 }),
    'accept-new-host-keys': Flags.boolean({
      description: 'trust and record keys of hosts not yet in known_hosts',
    }),
    'no-color': Flags.boolean({ description: 'no colours' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(FailoverTest);
    if (!args.cluster && !flags.all) throw new UserError('name a cluster or use --all', ExitCode.USAGE);
    if (args.cluster && flags.all)
      throw new UserError('name a cluster or use --all, not both', ExitCode.USAGE);
    if (flags.junit !== undefined) assertWritableFile(flags.junit, '--junit');
    if (flags.report !== undefined) assertWritableFile(flags.report, '--report');
    if (flags.probe) assertPingAvailable();
    const mode = flags.mode as FailoverMode;
    const style = makeStyle(wantColor(flags['no-color']));
    const { inventory, clusters, session } = await openClusters(
      flags.inventory ?? [],
      args.cluster ? [args.cluster] : undefined,
      {
        forks: flags.forks,
        acceptNewHostKeys: flags['accept-new-host-keys'],
      },
    );
    const parallel = flags.parallel;
    const progress = flags.json
      ? undefined
      : (line: string): void => void process.stderr.write(`vipctl: ${line}\n`);
    // per cluster, so that concurrent tests print whole blocks and the JSON keeps the inventory's order
    const runsOf = new Map<string, FailoverRun[]>();
    const refused: string[] = [];
    const testCluster = async (cluster: ClusterSpec): Promise<void> => {
      const say = progress && parallel > 1 ? (l: string) => progress(`${cluster.name}: ${l}`) : progress;
      const verdict = await verifyCluster(inventory, cluster, session, { adverts: false });
      if (!verdict.ok && !flags.force) {
        refused.push(
          `${cluster.name}: unhealthy, not disturbed (use --force to test anyway)\n${formatVerdicts([verdict], style, false)}`,
        );
        return;
      }
      const mine: FailoverRun[] = [];
      runsOf.set(cluster.name, mine);
      const text: string[] = [];
      for (let i = 0; i < flags.count && !isInterrupted(); i++) {
        try {
          // --traffic: requests to VIP:PORT the whole time, answered or not (src/failover/traffic.ts)
          const vip = cluster.vips[0]?.address.replace(/\/\d+$/, '');
          const traffic =
            flags.traffic !== undefined && vip ? new TrafficProbe(vip, flags.traffic, 900) : undefined;
          const run: FailoverRun & { traffic?: TrafficSummary } = await runFailover(
            inventory,
            cluster,
            session,
            {
              mode,
              toleranceMs: flags.tolerance,
              holdMs: flags.hold,
              deadmanSeconds: flags.deadman,
              probe: flags.probe,
              progress: say,
            },
          ).finally(() => traffic?.stop());
          if (traffic)
            run.traffic = summarizeTraffic(
              await traffic.stop(),
              traffic.target,
              run.actedAtMs,
              run.restoredAtMs,
            );
          mine.push(run);
          text.push(
            `${formatRun(run, style, flags.count > 1 ? `${i + 1}/${flags.count}` : undefined)}${run.traffic ? `\n${formatTraffic(run.traffic)}` : ''}\n`,
          );
          if (parallel === 1 && !flags.json) this.log(text.pop()!);
        } catch (err) {
          if (!(err instanceof FailoverRefused)) throw err;
          refused.push(`${cluster.name}: ${err.message}; not disturbed`);
          break;
        }
      }
      if (flags.count > 1 && mine.length > 0) text.push(`${formatSummary(summarize(mine))}\n`);
      if (!flags.json && text.length > 0) this.log(text.join('\n'));
    };
    try {
      await runDisjoint(
        clusters.map((c) => ({ item: c, hosts: c.members.map((m) => m.host) })),
        parallel,
        testCluster,
        isInterrupted,
      );
      const runs = clusters.flatMap((c) => runsOf.get(c.name) ?? []);
      // concurrent tests refuse in any order: report them in the inventory's
      const order = (r: string): number => clusters.findIndex((c) => r.startsWith(`${c.name}: `));
      refused.sort((a, b) => order(a) - order(b));
      if (flags.json) {
        const byCluster = [...new Set(runs.map((r) => r.cluster))].map((c) =>
          summarize(runs.filter((r) => r.cluster === c)),
        );
        this.log(
          JSON.stringify(
            {
              schemaVersion: SCHEMA_VERSION,
              ok: refused.length === 0 && runs.every((r) => r.ok),
              mode,
              runs,
              summaries: byCluster,
              refused,
            },
            null,
            2,
          ),
        );
      }
      for (const r of refused) process.stderr.write(`vipctl: ${r}\n`);
      // after the results are shown: a write that still fails loses nothing
      if (flags.junit) {
        const suites = runsToJUnit(runs);
        for (const r of refused)
          suites.push({
            name: `failover-test ${r.split(':')[0]}`,
            cases: [{ name: 'pre-check', classname: 'vipctl.failover', status: 'fail', message: r }],
          });
        await writeFile(flags.junit, junitXml(suites, 'vipctl failover-test'));
      }
      if (flags.report) {
        const summaries = [...new Set(runs.map((r) => r.cluster))].map((c) =>
          summarize(runs.filter((r) => r.cluster === c)),
        );
        const meta = { generatedAt: new Date(), vipctlVersion: this.config.version, mode };
        await writeFile(flags.report, failoverReportHtml(runs, summaries, meta));
      }
      // README's table: an unreachable member (3) wins over a failed check (2)
      if (refused.length > 0 || runs.some((r) => !r.ok))
        process.exitCode = session.hosts.some((h) => h.error) ? ExitCode.UNREACHABLE : ExitCode.FAILED;
    } finally {
      await session.close();
    }
  }
}
