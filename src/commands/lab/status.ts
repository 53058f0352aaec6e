import { SCHEMA_VERSION } from '../../report/schema-version.js';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { labStatus } from '../../lab/lab.js';
import { paths } from '../../lab/config.js';
import { labStatusLines } from '../../report/lab-text.js';

export default class LabStatus extends BaseCommand {
  static override description = 'Show the lab hosts, their state and which VIPs each holds';

  static override flags = {
    json: Flags.boolean({ description: 'print JSON' }),
    verbose: Flags.boolean({ char: 'v', description: 'one line per host even in a large lab' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(LabStatus);
    const s = await labStatus();
    if (flags.json) {
      this.log(
        JSON.stringify(
          {
            schemaVersion: SCHEMA_VERSION,
            up: Boolean(s.state),
            flavour: s.state?.flavour,
            inventory: s.state ? paths.inventory : undefined,
            hosts: s.hosts,
          },
          null,
          2,
        ),
      );
      return;
    }
    if (!s.state) {
      this.log('lab: not up (run `vipctl lab up`)');
      return;
    }
    this.log(`lab: flavour ${s.state.flavour}, inventory ${paths.inventory}`);
    for (const line of labStatusLines(s.hosts, flags.verbose)) this.log(line);
  }
}
