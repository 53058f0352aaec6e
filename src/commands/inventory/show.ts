import { SCHEMA_VERSION } from '../../report/schema-version.js';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { inventoryFlags } from '../../cli/flags.js';
import { describeInventory, inventoryTables } from '../../inventory/describe.js';
import { formatFindings } from '../../inventory/lint.js';
import { loadInventory } from '../../inventory/load.js';
import { terminalSafeLines } from '../../report/terminal-text.js';

export default class InventoryShow extends BaseCommand {
  static override description =
    'Print the resolved inventory (defaults merged) as tables or JSON; secrets by source only';

  static override flags = {
    ...inventoryFlags,
    json: Flags.boolean({ description: 'print JSON' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(InventoryShow);
    const { inventory, findings } = await loadInventory(flags.inventory ?? []);
    if (flags.json) {
      this.log(
        JSON.stringify({ schemaVersion: SCHEMA_VERSION, ...describeInventory(inventory), findings }, null, 2),
      );
      return;
    }
    this.log(terminalSafeLines(inventoryTables(inventory)));
    if (findings.length > 0) this.logToStderr(`\n${formatFindings(findings)}`);
  }
}
