import { BaseCommand } from '../cli/base-command.js';

export default class Version extends BaseCommand {
  static override description = 'Print the vipctl version';

  async run(): Promise<void> {
    this.log(this.config.version);
  }
}
