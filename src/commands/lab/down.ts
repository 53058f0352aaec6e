import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { labDown } from '../../lab/lab.js';

export default class LabDown extends BaseCommand {
  static override description =
    'Remove every host, namespace, bridge, mount, cgroup and process the lab created (also after a crash)';

  static override flags = {
    purge: Flags.boolean({ description: 'also delete the cached base root, apt cache and SSH key' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(LabDown);
    const r = await labDown({ purge: flags.purge, log: (m) => this.log(`lab: ${m}`) });
    this.log(
      `lab: removed ${r.removed.length} host(s)${r.removed.length ? ` (${r.removed.join(', ')})` : ''} in ${r.seconds.toFixed(1)}s`,
    );
  }
}
