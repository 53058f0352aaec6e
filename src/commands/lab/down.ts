import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { labDown } from '../../lab/lab.js';
import { labDownLine } from '../../report/lab-text.js';

export default class LabDown extends BaseCommand {
  static override description =
    'Remove every host, namespace, bridge, mount, cgroup and process the lab created (also after a crash)';

  static override flags = {
    purge: Flags.boolean({ description: 'also delete the cached base root, apt cache and SSH key' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(LabDown);
    const r = await labDown({ purge: flags.purge, log: (m) => this.log(`lab: ${m}`) });
    this.log(labDownLine(r.removed, r.seconds));
  }
}
