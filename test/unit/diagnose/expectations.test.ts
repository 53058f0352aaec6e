import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import { expectationsFrom } from '../../../src/diagnose/expectations.js';
import { diagnosisJson } from '../../../src/diagnose/report.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { host, read } from './recorded.js';

// the recorded pair: h1 ok1.conf (auth_pass secret), h2 pw2.conf (auth_pass other), VRID 51, VIP 10.99.0.50
async function inventory(): Promise<Awaited<ReturnType<typeof loadInventory>>['inventory']> {
  const file = join(mkdtempSync(join(tmpdir(), 'diag-exp-')), 'inventory.yaml');
  writeFileSync(
    file,
    `defaults:
  interface: eth0
hosts:
  lb-host-1: { address: 10.99.0.1 }
  lb-host-2: { address: 10.99.0.2 }
clusters:
  cluster-lb:
    virtual_router_id: 51
    vips: [10.99.0.50]
    auth: { type: PASS, password: secret }
    members:
      lb-host-1: { priority: 100 }
      lb-host-2: { priority: 90 }
`,
  );
  return (await loadInventory([file])).inventory;
}

const bundle = {
  hosts: [
    host('lb-host-1', { log: read('pairs/authpw-h1.log'), config: read('configs/ok1.conf') }),
    host('lb-host-2', { log: read('pairs/authpw-h2.log'), config: read('configs/pw2.conf') }),
  ],
  unreachable: [],
};

describe('comparing auth_pass with the inventory (live runs)', () => {
  it('names the host whose password differs from the inventory, never a password', async () => {
    const d = analyze(bundle, {
      expectations: expectationsFrom(await inventory(), undefined, { comparePasswords: true }),
    });
    const drift = d.findings.find((f) => f.rule === 'inventory-drift')!;
    expect(drift.hosts).toEqual(['lb-host-2']);
    expect(drift.evidence.map((e) => e.text)).toEqual([
      'auth_pass differs from the inventory’s (values not shown)',
    ]);
    expect(diagnosisJson(d)).not.toMatch(/\bsecret\b|\bother\b/);
  });

  it('offline (masked bundles) passwords are not compared with the inventory', async () => {
    const d = analyze(bundle, { expectations: expectationsFrom(await inventory()) });
    expect(d.findings.map((f) => f.rule)).not.toContain('inventory-drift');
  });
});
