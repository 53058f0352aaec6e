import { Args, Flags } from '@oclif/core';
import { writeFile } from 'node:fs/promises';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { inventoryFlags } from '../cli/flags.js';
import { assertWritableFile } from '../cli/output-file.js';
import { junitXml } from '../report/junit.js';
import { makeStyle, wantColor } from '../report/style.js';
import { formatVerdicts, formatVerdictsSummary, verdictsJson } from '../verify/format.js';
import { openClusters } from '../verify/load.js';
import { verdictsToJUnit } from '../verify/model.js';
import { verifyClustersWaiting } from '../verify/verify.js';

export default class Verify extends BaseCommand {
  static override description =
    'Check each cluster: exactly one member holds each VIP, keepalived active and enabled, config as rendered, adverts on the wire';

  static override examples = [
    '<%= config.bin %> verify -i inventory.yaml',
    '<%= config.bin %> verify cluster-lb -i inventory.yaml --junit verify.xml',
    '<%= config.bin %> verify -i inventory.yaml -v',
  ];

  static override strict = false;
  static override args = { clusters: Args.string({ description: 'cluster names or globs (default: all)' }) };

  static override flags = {
    ...inventoryFlags,
    json: Flags.boolean({ description: 'print one JSON document' }),
    junit: Flags.string({ description: 'also write JUnit XML to this file' }),
    'no-adverts': Flags.boolean({ description: 'skip the VRRP advert capture (tcpdump)' }),
    forks: Flags.integer({ description: 'hosts connected in parallel', default: 20, min: 1 }),
    'accept-new-host-keys': Flags.boolean({
      description: 'trust and record keys of hosts not yet in known_hosts',
    }),
    'no-color': Flags.boolean({ description: 'no colours' }),
    verbose: Flags.boolean({
      char: 'v',
      description: 'every check of every cluster (default: problems, then one count per cluster state)',
    }),
    wait: Flags.integer({
      description:
        'seconds to keep re-checking a failing cluster (e.g. right after configure, while VRRP elects a master)',
      default: 0,
      min: 0,
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Verify);
    if (flags.junit !== undefined) assertWritableFile(flags.junit, '--junit');
    const { inventory, clusters, session } = await openClusters(flags.inventory ?? [], argv as string[], {
      forks: flags.forks,
      acceptNewHostKeys: flags['accept-new-host-keys'],
    });
    try {
      const verdicts = await verifyClustersWaiting(inventory, clusters, session, {
        adverts: !flags['no-adverts'],
        forks: flags.forks,
        waitSeconds: flags.wait,
      });
      const style = makeStyle(wantColor(flags['no-color']));
      this.log(
        flags.json
          ? verdictsJson(verdicts)
          : flags.verbose
            ? formatVerdicts(verdicts, style)
            : formatVerdictsSummary(verdicts, style),
      );
      // after the results are shown: a write that still fails loses nothing
      if (flags.junit) await writeFile(flags.junit, junitXml(verdictsToJUnit(verdicts), 'vipctl verify'));
      const unreachable = session.hosts.some((h) => h.error);
      if (verdicts.some((v) => !v.ok))
        process.exitCode = unreachable ? ExitCode.UNREACHABLE : ExitCode.FAILED;
    } finally {
      await session.close();
    }
  }
}
