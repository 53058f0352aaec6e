import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { inventoryFlags } from '../cli/flags.js';
import { parseRemote } from '../import/run.js';
import { checkConfigFiles, checkParsedConfigs } from '../keepalived/check-files.js';
import { relabelHost } from '../keepalived/relabel.js';
import { formatFindings } from '../inventory/findings.js';

export default class CheckConfig extends BaseCommand {
  static override description =
    'Check keepalived.conf files as keepalived 2.2.7 reads them: syntax, unknown keywords, the runbook rules; several files = the members of one cluster';

  static override examples = [
    '<%= config.bin %> check-config /etc/keepalived/keepalived.conf',
    '<%= config.bin %> check-config lb1/keepalived.conf lb2/keepalived.conf --json',
    '<%= config.bin %> check-config -i hosts.yaml --host lb-host-1 --host lb-host-2',
  ];

  static override strict = false;

  static override args = {
    files: Args.string({ description: 'keepalived.conf files (includes are followed)' }),
  };

  static override flags = {
    ...inventoryFlags,
    host: Flags.string({
      description: 'check /etc/keepalived/keepalived.conf on this host of -i, over SSH (repeat for members)',
      multiple: true,
    }),
    json: Flags.boolean({ description: 'print one JSON document with every finding' }),
    'config-id': Flags.string({ description: "keepalived's config id (-i) for @ID lines (default: none)" }),
    'accept-new-host-keys': Flags.boolean({
      description: 'trust and record keys of hosts not yet in known_hosts',
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(CheckConfig);
    const files = argv as string[];
    const hosts = flags.host ?? [];
    if (files.length > 0 === hosts.length > 0) {
      throw new UserError('give keepalived.conf files, or --host NAME with -i INVENTORY', ExitCode.USAGE);
    }
    const configId = flags['config-id'] !== undefined ? { configId: flags['config-id'] } : {};
    let result;
    if (hosts.length > 0) {
      if (!flags.inventory?.length) throw new UserError('--host needs -i INVENTORY', ExitCode.USAGE);
      const remote = await parseRemote(flags.inventory, {
        forks: 20,
        acceptNewHostKeys: flags['accept-new-host-keys'],
        only: hosts,
        ...configId,
      });
      if (remote.unreachable.length > 0) {
        throw new UserError(
          `cannot read every host:\n  ${remote.unreachable.join('\n  ')}`,
          ExitCode.UNREACHABLE,
        );
      }
      result = checkParsedConfigs(remote.configs.map((c) => relabelHost(c.parsed, c.host)));
    } else {
      result = checkConfigFiles(files, configId);
    }
    const what = [...files, ...hosts];
    if (flags.json) this.log(JSON.stringify(result.json, null, 2));
    else if (result.findings.length > 0) this.log(formatFindings(result.findings, result.sources));
    else this.log(`${what.length === 1 ? what[0] : `${what.length} configs`}: no findings`);
    if (result.errors > 0) process.exitCode = ExitCode.INVENTORY;
  }
}
