import { SCHEMA_VERSION } from '../../report/schema-version.js';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { labStatus } from '../../lab/lab.js';
import { paths } from '../../lab/config.js';

export default class LabStatus extends BaseCommand {
  static override description = 'Show the lab hosts, their state and which VIPs each holds';

  static override flags = { json: Flags.boolean({ description: 'print JSON' }) };

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
    this.log(`${'HOST'.padEnd(12)} ${'ADDRESS'.padEnd(14)} ${'STATE'.padEnd(16)} VIPS`);
    for (const h of s.hosts) {
      this.log(
        `${h.name.padEnd(12)} ${h.address.padEnd(14)} ${h.system.padEnd(16)} ${h.vips.join(', ') || '-'}`,
      );
    }
  }
}
