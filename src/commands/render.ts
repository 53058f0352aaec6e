import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { inventoryFlags } from '../cli/flags.js';
import { selectHosts } from '../inventory/select.js';
import { formatFindings, hasErrors } from '../inventory/lint.js';
import { loadInventory } from '../inventory/load.js';
import { maskSecrets } from '../render/mask.js';
import { renderHostConfig, TEMPLATE_FILE } from '../render/render.js';
import type { Inventory } from '../inventory/types.js';

/**
 * A custom template can fail only on real data (a helper or partial used inside `{{#each instances}}`): that
 * is the template's fault, reported like an invalid template (exit 4), never as an internal error.
 */
function renderFor(
  inventory: Inventory,
  host: string,
  templateDir?: string,
): ReturnType<typeof renderHostConfig> {
  try {
    return renderHostConfig(inventory, host, { templateDir });
  } catch (err) {
    if (err instanceof UserError || !(err instanceof Error)) throw err;
    const dir = templateDir ?? inventory.templateDir;
    throw new UserError(
      `rendering ${host} failed: ${err.message.split('\n')[0]}`,
      ExitCode.INVENTORY,
      dir ? `the template ${dir}/${TEMPLATE_FILE} fails on this host's data` : undefined,
    );
  }
}

export default class Render extends BaseCommand {
  static override description = "Print each host's keepalived.conf as vipctl would write it (secrets masked)";

  static override examples = [
    '<%= config.bin %> render -i inventories/example.yaml --host lb-host-1',
    '<%= config.bin %> render -i inventories/multi.yaml --limit cluster-api',
    '<%= config.bin %> render -i prod.yaml --template-dir ./my-templates',
  ];

  static override flags = {
    ...inventoryFlags,
    host: Flags.string({
      description: 'only this host (same as --limit with one name)',
      exclusive: ['limit'],
    }),
    limit: Flags.string({ description: 'only these hosts or clusters (comma-separated globs)' }),
    'template-dir': Flags.string({
      description: 'directory holding keepalived.conf.hbs (default: the bundled one)',
    }),
    'show-secrets': Flags.boolean({ description: 'print auth passwords instead of ********' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Render);
    if (flags.host !== undefined && flags.host.trim() === '')
      throw new UserError('--host needs a host name', ExitCode.USAGE);
    const { inventory, findings } = await loadInventory(flags.inventory ?? []);
    if (hasErrors(findings)) {
      // Rendering still helps to see the problem; configure would refuse this inventory.
      this.logToStderr(
        `${formatFindings(findings)}\nnote: lint errors above; configure would refuse this inventory\n`,
      );
    }
    const hosts = selectHosts(inventory, flags.host ?? flags.limit);
    const several = hosts.length > 1;
    for (const host of hosts) {
      const { text, secrets } = renderFor(inventory, host.name, flags['template-dir']);
      if (several) this.log(`### ${host.name}: /etc/keepalived/keepalived.conf`);
      this.log((flags['show-secrets'] ? text : maskSecrets(text, secrets)).trimEnd());
      if (several) this.log('');
    }
  }
}
