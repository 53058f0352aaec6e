import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { becomeFlags, changeFlags, hostFlags } from '../cli/flags.js';
import { runPlaybookCommand } from '../cli/playbook-command.js';

export default class Run extends BaseCommand {
  static override description =
    'Run a playbook (a YAML task list of vipctl operations) on the inventory hosts';

  static override examples = ['<%= config.bin %> run playbooks/install.yaml -i prod.yaml --check'];

  static override args = { playbook: Args.string({ description: 'playbook YAML file', required: true }) };

  static override flags = { ...hostFlags, ...changeFlags, ...becomeFlags };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Run);
    const { exitCode } = await runPlaybookCommand(`run ${args.playbook}`, [args.playbook], flags);
    process.exitCode = exitCode;
  }
}
