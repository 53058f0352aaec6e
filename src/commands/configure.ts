import { BaseCommand } from '../cli/base-command.js';
import { becomeFlags, changeFlags, hostFlags } from '../cli/flags.js';
import { runPlaybookCommand } from '../cli/playbook-command.js';
import { builtinPlaybookPath } from '../runner/playbook.js';

export default class Configure extends BaseCommand {
  static override description =
    'Render keepalived.conf per host, test it on the host with keepalived -t, deploy it atomically with a backup, reload only on change';

  static override examples = [
    '<%= config.bin %> configure -i inventories/example.yaml',
    '<%= config.bin %> configure -i prod.yaml --limit cluster-lb --check --diff',
  ];

  static override flags = { ...hostFlags, ...changeFlags, ...becomeFlags };

  async run(): Promise<void> {
    const { flags } = await this.parse(Configure);
    const { exitCode } = await runPlaybookCommand('configure', [builtinPlaybookPath('configure')], flags);
    process.exitCode = exitCode;
  }
}
