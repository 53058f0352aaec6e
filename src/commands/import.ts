import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { inventoryFlags } from '../cli/flags.js';
import type { SecretsMode } from '../import/emit.js';
import { formatSummary, pairs, parseAnsible, parseLocal, parseRemote, runImport } from '../import/run.js';
import type { ParsedConfig } from '../keepalived/types.js';

export default class Import extends BaseCommand {
  static override description =
    'Build an inventory from keepalived.conf files (one per host), from the hosts themselves, or from an Ansible inventory using the evrardjp keepalived role; checked by rendering it back';

  static override examples = [
    '<%= config.bin %> import --from-file lb-host-1=lb1/keepalived.conf --from-file lb-host-2=lb2/keepalived.conf -o inventory.yaml',
    '<%= config.bin %> import --from-hosts -i hosts.yaml -o inventory.yaml',
    '<%= config.bin %> import --from-ansible ansible/hosts.ini --playbook-vars ansible/vars.yml -o inventory.yaml',
  ];

  static override flags = {
    ...inventoryFlags,
    'from-file': Flags.string({
      description: 'NAME=PATH: the keepalived.conf of host NAME (repeat per host)',
      multiple: true,
      aliases: ['host'],
    }),
    'from-hosts': Flags.boolean({
      description: 'read /etc/keepalived/keepalived.conf (and its includes) from each host of -i over SSH',
    }),
    'from-ansible': Flags.string({
      description:
        'an Ansible inventory (INI or YAML; group_vars/host_vars beside it) using the evrardjp keepalived role',
    }),
    'playbook-vars': Flags.string({
      description: 'with --from-ansible: a YAML file of vars the playbook sets',
    }),
    address: Flags.string({
      description: 'NAME=IP: the address of host NAME (default: its unicast_src_ip / mcast_src_ip)',
      multiple: true,
    }),
    output: Flags.string({ char: 'o', description: 'write the inventory here (default: print it)' }),
    secrets: Flags.string({
      description:
        'where auth_pass values go: password files beside the output (0600), an env file, or inline',
      options: ['file', 'env', 'inline'],
      default: 'file',
    }),
    'config-id': Flags.string({ description: "keepalived's config id (-i) for @ID lines" }),
    'accept-new-host-keys': Flags.boolean({
      description: 'trust and record keys of hosts not yet in known_hosts',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Import);
    const files = pairs(flags['from-file'], 'from-file');
    const addresses = pairs(flags.address, 'address');
    const given = [files.size > 0, flags['from-hosts'], flags['from-ansible'] !== undefined].filter(Boolean);
    if (given.length !== 1) {
      throw new UserError(
        'give one of --from-file NAME=PATH (one per host), --from-hosts -i INVENTORY, --from-ansible INVENTORY',
        ExitCode.USAGE,
      );
    }
    let configs: { host: string; parsed: ParsedConfig; address?: string }[];
    let hostsDoc: Record<string, unknown> | undefined;
    if (flags['from-hosts']) {
      if (!flags.inventory?.length)
        throw new UserError('--from-hosts needs -i INVENTORY (its hosts: section)', ExitCode.USAGE);
      const remote = await parseRemote(flags.inventory, {
        forks: 20,
        acceptNewHostKeys: flags['accept-new-host-keys'],
        ...(flags['config-id'] !== undefined ? { configId: flags['config-id'] } : {}),
      });
      if (remote.unreachable.length > 0) {
        throw new UserError(
          `cannot read every host:\n  ${remote.unreachable.join('\n  ')}`,
          ExitCode.UNREACHABLE,
        );
      }
      configs = remote.configs;
      hostsDoc = remote.hostsDoc;
    } else if (flags['from-ansible'] !== undefined) {
      const ansible = parseAnsible(flags['from-ansible'], flags['playbook-vars']);
      for (const n of ansible.notes) this.logToStderr(`note: ${n}`);
      configs = ansible.configs;
    } else {
      configs = parseLocal(files, flags['config-id']);
    }
    for (const name of addresses.keys()) {
      if (!configs.some((c) => c.host === name)) {
        throw new UserError(`--address ${name}: no such host among the configs`, ExitCode.USAGE);
      }
    }
    const report = runImport(
      configs.map((c) => (addresses.has(c.host) ? { ...c, address: addresses.get(c.host)! } : c)),
      {
        secrets: flags.secrets as SecretsMode,
        ...(flags.output !== undefined ? { output: flags.output } : {}),
        ...(flags['config-id'] !== undefined ? { configId: flags['config-id'] } : {}),
        ...(hostsDoc ? { hostsDoc } : {}),
      },
    );
    if (flags.output === undefined) this.log(report.yaml.trimEnd());
    this.logToStderr(formatSummary(report));
  }
}
