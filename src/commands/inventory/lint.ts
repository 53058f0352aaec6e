import { Flags } from '@oclif/core';
import { SCHEMA_VERSION } from '../../report/schema-version.js';
import { BaseCommand } from '../../cli/base-command.js';
import { UserError } from '../../cli/errors.js';
import { ExitCode } from '../../cli/exit-codes.js';
import { inventoryFlags } from '../../cli/flags.js';
import { InventoryError, type LintFinding } from '../../inventory/findings.js';
import { formatFindings, hasErrors } from '../../inventory/lint.js';
import { loadInventory } from '../../inventory/load.js';

export default class InventoryLint extends BaseCommand {
  static override description =
    'Check inventories: schema, and whole-cluster rules (VRIDs, priorities, auth, VIPs …)';

  static override examples = ['<%= config.bin %> inventory lint -i inventories/example.yaml'];

  static override flags = {
    ...inventoryFlags,
    json: Flags.boolean({ description: 'print the findings as JSON' }),
    strict: Flags.boolean({ description: 'fail on warnings too' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(InventoryLint);
    let findings: LintFinding[];
    try {
      findings = (await loadInventory(flags.inventory ?? [])).findings;
    } catch (err) {
      if (!(flags.json && err instanceof InventoryError)) throw err;
      findings = err.findings;
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    const failed = hasErrors(findings) || (flags.strict && findings.length > 0);
    if (flags.json)
      this.log(
        JSON.stringify(
          {
            schemaVersion: SCHEMA_VERSION,
            ok: !failed,
            errors,
            warnings: findings.length - errors,
            findings,
          },
          null,
          2,
        ),
      );
    else this.log(findings.length === 0 ? 'inventory ok: no findings' : formatFindings(findings));
    if (failed) {
      if (flags.json) process.exitCode = ExitCode.INVENTORY;
      else
        throw new UserError(
          `inventory lint failed (${errors} error(s)${flags.strict ? ', warnings count as errors' : ''})`,
          ExitCode.INVENTORY,
        );
    }
  }
}
