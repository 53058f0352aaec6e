import { Args } from '@oclif/core';
import { spawnSync } from 'node:child_process';
import { splitLabSshArgv } from '../../cli/argv.js';
import { BaseCommand } from '../../cli/base-command.js';
import { UserError } from '../../cli/errors.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { sshArgs } from '../../lab/lab.js';
import { readState } from '../../lab/state.js';

export default class LabSsh extends BaseCommand {
  static override description = `Open an SSH session (or run a command) on a lab host, with strict host-key checking

Everything after HOST is the remote command, passed to ssh untouched: options included (\`ip -o addr\`), and
\`--help\` too. The exit code is the remote command's.`;

  static override usage = 'lab ssh HOST [COMMAND...]';

  static override args = {
    host: Args.string({ description: 'lab host name, e.g. lb-host-1', required: true }),
    command: Args.string({ description: 'the remote command and its options, untouched (default: a shell)' }),
  };

  static override examples = [
    '<%= config.bin %> lab ssh lb-host-1',
    '<%= config.bin %> lab ssh lb-host-2 ip -o addr',
    '<%= config.bin %> lab ssh lb-host-1 journalctl -u keepalived -n 20 --no-pager',
  ];

  async run(): Promise<void> {
    // The raw words, never oclif's parse: it reorders repeated words and takes dash-words as its own flags
    // (bin/vipctl.js puts a `--` after HOST so that oclif does not even look for --help there).
    const { host: name, command } = splitLabSshArgv(this.argv);
    if (name === undefined)
      throw new UserError('name a lab host', ExitCode.USAGE, 'vipctl lab ssh HOST [COMMAND…]');
    const state = readState();
    if (!state) throw new UserError('the lab is not up', ExitCode.ENVIRONMENT, 'run `vipctl lab up` first');
    const host = state.hosts.find((h) => h.name === name);
    if (!host) {
      throw new UserError(
        `no lab host named "${name}"`,
        ExitCode.USAGE,
        `lab hosts: ${state.hosts.map((h) => h.name).join(', ')}`,
      );
    }
    const r = spawnSync('ssh', sshArgs(host.address, command), { stdio: 'inherit' });
    process.exitCode = r.status ?? 1;
  }
}
