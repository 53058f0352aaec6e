import { BaseCommand } from '../../cli/base-command.js';
import { inventoryJsonSchema } from '../../inventory/json-schema.js';

export default class InventorySchema extends BaseCommand {
  static override description =
    'Print the JSON Schema of the inventory format (for editors: `# yaml-language-server: $schema=FILE`)';

  async run(): Promise<void> {
    await this.parse(InventorySchema);
    this.log(JSON.stringify(inventoryJsonSchema(), null, 2));
  }
}
