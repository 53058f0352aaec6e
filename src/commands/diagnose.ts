import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { inventoryFlags } from '../cli/flags.js';
import { analyze } from '../diagnose/analyze.js';
import { freshDirectory, readBundle, writeBundle } from '../diagnose/bundle.js';
import { expectationsFrom } from '../diagnose/expectations.js';
import type { Diagnosis } from '../diagnose/findings.js';
import { gatherLive } from '../diagnose/live.js';
import { maskBundle } from '../diagnose/mask.js';
import { diagnosisJson, formatDiagnosis } from '../diagnose/report.js';
import { loadCheckedInventory } from '../inventory/load.js';
import { selectHosts } from '../inventory/select.js';
import { diagnosisToJUnit } from '../report/diagnose-junit.js';
import { junitXml } from '../report/junit.js';
import { wantColor } from '../report/style.js';
import { writeFile } from 'node:fs/promises';

export default class Diagnose extends BaseCommand {
  static override description =
    'Explain what is wrong with keepalived on hosts or clusters: cause, fix and evidence (live over SSH, or offline from a saved bundle)';

  static override strict = false;

  static override args = {
    target: Args.string({
      description: 'hosts or clusters to diagnose (globs; default: all)',
      required: false,
    }),
  };

  static override examples = [
    '<%= config.bin %> diagnose cluster-lb -i inventory.yaml --since 10m',
    '<%= config.bin %> diagnose lb-host-1 -i inventory.yaml --since "2 hours ago" --save ./bundle',
    '<%= config.bin %> diagnose --from ./bundle --json',
  ];

  static override flags = {
    ...inventoryFlags,
    since: Flags.string({
      description: 'log window: a span (10m, 2h, 1d) or anything journalctl --since takes',
      default: '1 hour ago',
    }),
    save: Flags.string({
      description: 'write everything gathered to this directory (auth passwords masked)',
    }),
    from: Flags.string({ description: 'analyse a saved bundle directory instead of connecting to hosts' }),
    capture: Flags.integer({
      description: 'seconds of VRRP capture with tcpdump per host',
      default: 4,
      min: 0,
    }),
    forks: Flags.integer({ description: 'hosts handled in parallel', default: 20, min: 1 }),
    json: Flags.boolean({ description: 'print the diagnosis as one JSON document' }),
    junit: Flags.string({ description: 'also write JUnit XML to this file (one suite per host)' }),
    'no-color': Flags.boolean({ description: 'no colours (also NO_COLOR)' }),
    verbose: Flags.boolean({
      char: 'v',
      description:
        'name every host and cluster (default: host lists folded, notes grouped, quiet clusters counted)',
    }),
    'accept-new-host-keys': Flags.boolean({
      description: 'trust and record keys of hosts not yet in known_hosts',
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Diagnose);
    const targets = (argv as string[]).join(',');
    const files = flags.inventory ?? [];
    // The inventory is optional with --from (it only adds expectations), required live.
    const loaded =
      files.length > 0 || flags.from === undefined ? await loadCheckedInventory(files) : undefined;
    // --save's directory is made (or refused) before anything is gathered: a refusal loses no work
    if (flags.save) await freshDirectory(flags.save);
    let diagnosis: Diagnosis;
    if (flags.from !== undefined) {
      const bundle = await readBundle(flags.from);
      const names = bundle.hosts.map((h) => h.host);
      diagnosis = analyze(bundle, {
        expectations: loaded ? expectationsFrom(loaded.inventory, names) : undefined,
      });
      if (flags.save) await writeBundle(flags.save, maskBundle(bundle));
    } else {
      const inventory = loaded!.inventory;
      const hosts = selectHosts(inventory, targets === '' ? undefined : targets);
      const bundle = await gatherLive(inventory, hosts, {
        forks: flags.forks,
        acceptNewHostKeys: flags['accept-new-host-keys'],
        since: flags.since,
        captureSeconds: flags.capture,
      });
      // analysed unmasked (passwords are compared, never shown); saved masked
      diagnosis = analyze(bundle, {
        expectations: expectationsFrom(
          inventory,
          hosts.map((h) => h.name),
          { comparePasswords: true },
        ),
      });
      if (flags.save) await writeBundle(flags.save, maskBundle(bundle));
    }
    if (flags.junit) await writeFile(flags.junit, junitXml(diagnosisToJUnit(diagnosis), 'vipctl diagnose'));
    this.log(
      flags.json
        ? diagnosisJson(diagnosis)
        : formatDiagnosis(diagnosis, wantColor(flags['no-color']), flags.verbose === true),
    );
    process.exitCode =
      diagnosis.unreachable.length > 0
        ? ExitCode.UNREACHABLE
        : diagnosis.findings.some((f) => f.severity === 'error')
          ? ExitCode.FAILED
          : ExitCode.OK;
  }
}
