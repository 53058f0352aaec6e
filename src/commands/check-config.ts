import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { checkConfigFiles } from '../keepalived/check-files.js';
import { formatFindings } from '../inventory/findings.js';

export default class CheckConfig extends BaseCommand {
  static override description =
    'Check keepalived.conf files as keepalived 2.2.7 reads them: syntax, unknown keywords, the runbook rules; several files = the members of one cluster';

  static override examples = [
    '<%= config.bin %> check-config /etc/keepalived/keepalived.conf',
    '<%= config.bin %> check-config lb1/keepalived.conf lb2/keepalived.conf --json',
  ];

  static override strict = false;

  static override args = {
    files: Args.string({ description: 'keepalived.conf files (includes are followed)', required: true }),
  };

  static override flags = {
    json: Flags.boolean({ description: 'print one JSON document with every finding' }),
    'config-id': Flags.string({ description: "keepalived's config id (-i) for @ID lines (default: none)" }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(CheckConfig);
    const files = argv as string[];
    const result = checkConfigFiles(files, { configId: flags['config-id'] });
    if (flags.json) {
      this.log(JSON.stringify(result.json, null, 2));
    } else if (result.findings.length > 0) {
      this.log(formatFindings(result.findings, result.sources));
    } else {
      this.log(`${files.length === 1 ? files[0] : `${files.length} files`}: no findings`);
    }
    if (result.errors > 0) process.exitCode = ExitCode.INVENTORY;
  }
}
