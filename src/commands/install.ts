import { BaseCommand } from '../cli/base-command.js';
import { becomeFlags, changeFlags, hostFlags } from '../cli/flags.js';
import { runPlaybookCommand } from '../cli/playbook-command.js';
import { builtinPlaybookPath } from '../runner/playbook.js';

export default class Install extends BaseCommand {
  static override description = 'Install keepalived and ipset (apt / dnf / yum) and enable the service';

  static override examples = [
    '<%= config.bin %> install -i inventories/example.yaml',
    '<%= config.bin %> install -i prod.yaml --limit cluster-lb --check --diff',
  ];

  static override flags = { ...hostFlags, ...changeFlags, ...becomeFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(Install);
    const { exitCode } = await runPlaybookCommand('install', [builtinPlaybookPath('install')], flags);
    process.exitCode = exitCode;
  }
}
