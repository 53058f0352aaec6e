import { Args } from '@oclif/core';
import { spawnSync } from 'node:child_process';
import { BaseCommand } from '../../cli/base-command.js';
import { UserError } from '../../cli/errors.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { sshArgs } from '../../lab/lab.js';
import { readState } from '../../lab/state.js';

export default class LabSsh extends BaseCommand {
  static override description =
    'Open an SSH session (or run a command) on a lab host, with strict host-key checking';

  static override strict = false;

  static override args = {
    host: Args.string({ description: 'lab host name, e.g. lb-host-1', required: true }),
  };

  static override examples = [
    '<%= config.bin %> lab ssh lb-host-1',
    '<%= config.bin %> lab ssh lb-host-2 ip -o addr',
  ];

  async run(): Promise<void> {
    const { args, argv } = await this.parse(LabSsh);
    const state = readState();
    const host = state?.hosts.find((h) => h.name === args.host);
    if (!host) {
      const known = state?.hosts.map((h) => h.name).join(', ');
      throw new UserError(
        `no lab host named "${args.host}"`,
        ExitCode.USAGE,
        known ? `lab hosts: ${known}` : 'run `vipctl lab up` first',
      );
    }
    const command = (argv as string[]).slice(1);
    const r = spawnSync('ssh', sshArgs(host.address, command), { stdio: 'inherit' });
    process.exitCode = r.status ?? 1;
  }
}
