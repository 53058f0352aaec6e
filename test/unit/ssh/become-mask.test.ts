// Regression test for the security review's L2 (second half): the inventory's sudo passwords are masked in -v/-vv
// output like the auth passwords, not only the one typed at -K.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { becomePasswords } from '../../../src/cli/playbook-command.js';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { keepalivedMasker } from '../../../src/operations/keepalived.js';

describe('sudo passwords in the masker', () => {
  it('every selected host with a become password contributes it; an unreadable source is skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-become-'));
    writeFileSync(join(dir, 'sudo'), 'Sud0-s3cret\n');
    const { inventory } = loadInventoryTexts(
      new Map([
        [
          join(dir, 'inv.yaml'),
          `hosts:
  lb1: { address: 10.10.10.51, ssh: { user: ops }, become: { password_file: sudo } }
  lb2: { address: 10.10.10.52, ssh: { user: ops }, become: { password_file: missing } }
  lb3: { address: 10.10.10.53 }
`,
        ],
      ]),
    );
    const passwords = becomePasswords(inventory.hosts);
    expect(passwords).toEqual(['Sud0-s3cret']);
    expect(keepalivedMasker(passwords)('lb1| sudo said Sud0-s3cret')).not.toContain('Sud0-s3cret');
  });
});
