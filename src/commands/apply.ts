import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { becomeFlags, changeFlags, hostFlags } from '../cli/flags.js';
import { runPlaybookCommand } from '../cli/playbook-command.js';
import { wantColor } from '../report/style.js';
import { builtinPlaybookPath } from '../runner/playbook.js';
import { verifyAfterApply } from '../verify/after-apply.js';

export default class Apply extends BaseCommand {
  static override description =
    'Install, then configure, then verify, in one run over one connection per host: the whole converge';

  static override examples = [
    '<%= config.bin %> apply -i inventories/example.yaml',
    '<%= config.bin %> apply -i prod.yaml --limit cluster-lb --check --diff',
  ];

  static override flags = {
    ...hostFlags,
    ...changeFlags,
    ...becomeFlags,
    wait: Flags.integer({
      description: 'seconds verify keeps re-checking a failing cluster (VRRP elects a master after a start)',
      default: 15,
      min: 0,
    }),
    adverts: Flags.boolean({ description: 'verify also captures VRRP adverts (tcpdump, ≥ 3 s)' }),
    'no-verify': Flags.boolean({ description: 'install and configure only' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Apply);
    // --check changes nothing, so there is nothing new to verify.
    const verify =
      flags['no-verify'] || flags.check
        ? undefined
        : verifyAfterApply({
            waitSeconds: flags.wait,
            adverts: flags.adverts === true, // unset is undefined, and verify captures unless told false
            forks: flags.forks,
            color: wantColor(flags['no-color']),
            verbose: flags.verbose,
          });
    const playbooks = [builtinPlaybookPath('install'), builtinPlaybookPath('configure')];
    const { exitCode } = await runPlaybookCommand('apply', playbooks, flags, verify);
    process.exitCode = exitCode;
  }
}
