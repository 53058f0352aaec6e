import { SCHEMA_VERSION } from '../../report/schema-version.js';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { createProgress, type Progress } from '../../cli/progress.js';
import { debootstrapStep } from '../../lab/debootstrap-step.js';
import { labUp } from '../../lab/lab.js';
import { labUpLines } from '../../report/lab-text.js';
import type { Flavour } from '../../lab/config.js';

export default class LabUp extends BaseCommand {
  static override description =
    'Bring up a local lab of real Linux hosts on a private bridge (10.10.10.0/24) and write its inventory';

  static override examples = [
    '<%= config.bin %> lab up',
    '<%= config.bin %> lab up --hosts 3',
    '<%= config.bin %> lab up --hosts 50 --flavour light',
    '<%= config.bin %> lab up --keepalived 2.1.5',
  ];

  static override flags = {
    hosts: Flags.integer({
      description: 'number of hosts (lb-host-1 = 10.10.10.51, …)',
      default: 2,
      min: 1,
      max: 150,
    }),
    flavour: Flags.string({
      description:
        'machine: systemd-nspawn containers (full Debian 12 with systemd); light: namespaces + sshd',
      options: ['machine', 'light'],
      default: 'machine',
    }),
    json: Flags.boolean({ description: 'print the result as JSON' }),
    keepalived: Flags.string({
      description:
        "run this keepalived version, built from source once and cached (1.3.5, 2.1.5, 2.3.3; default: Debian's 2.2.7 package); the source comes from the git clone in VIPCTL_KEEPALIVED_GIT",
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(LabUp);
    // debootstrap (the first run, ~45 s, minutes on a slow mirror) shows what it is doing and for how long;
    // the next message of lab up ends that line.
    let building: Progress | undefined;
    const log = flags.json
      ? () => {}
      : (m: string) => {
          building?.end();
          building = undefined;
          this.log(`lab: ${m}`);
        };
    const onBuildLine = flags.json
      ? undefined
      : (line: string) => {
          const step = debootstrapStep(line);
          if (step === undefined) return;
          building ??= createProgress('lab: debootstrap', {
            interactive: Boolean(process.stdout.isTTY) && process.env.CI !== 'true',
            write: (t) => void process.stdout.write(t),
          });
          building.update(step);
        };
    const r = await labUp({
      hosts: flags.hosts,
      flavour: flags.flavour as Flavour,
      log,
      onBuildLine,
      keepalived: flags.keepalived,
    }).finally(() => building?.end());
    if (flags.json) {
      this.log(
        JSON.stringify(
          {
            schemaVersion: SCHEMA_VERSION,
            inventory: r.inventory,
            seconds: r.seconds,
            hosts: r.state.hosts.map(({ name, address }) => ({ name, address })),
          },
          null,
          2,
        ),
      );
      return;
    }
    for (const line of labUpLines(r.state.hosts)) this.log(line);
    this.log(`lab: ${r.state.hosts.length} host(s) up in ${r.seconds.toFixed(1)}s`);
    this.log(`lab: inventory ${r.inventory}`);
  }
}
