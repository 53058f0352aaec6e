import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/load.js';
import { renderHostConfig } from '../../../src/render/render.js';
import { keepalivedTest, removeNamespace } from './keepalived-t.js';

// inventories/lvs.yaml: the LVS side (virtual_server_group, virtual servers on an address, a group and a
// firewall mark, every checker). Each host's render passes the real keepalived -t and equals its golden file.

afterAll(removeNamespace);

const FILE = 'inventories/lvs.yaml';

describe('inventories/lvs.yaml', () => {
  it('lints clean (no errors, no warnings)', async () => {
    const { findings } = await loadInventory([FILE]);
    expect(findings.map((f) => `${f.code}@${f.location.line}:${f.location.column}`)).toEqual([]);
  });

  it("keepalived -t accepts every host's config, and both members carry the same LVS blocks", async () => {
    const { inventory } = await loadInventory([FILE]);
    const lvs: string[] = [];
    for (const host of inventory.hosts) {
      const { text } = renderHostConfig(inventory, host.name);
      expect({ host: host.name, ...keepalivedTest(text) }).toEqual({
        host: host.name,
        status: 'valid',
        stderr: '',
      });
      lvs.push(text.slice(text.indexOf('virtual_server_group')));
    }
    expect(lvs).toHaveLength(2);
    expect(lvs[0]).toBe(lvs[1]);
    for (const keyword of ['HTTP_GET {', 'SSL_GET {', 'TCP_CHECK {', 'MISC_CHECK {', 'DNS_CHECK {'])
      expect(lvs[0]).toContain(keyword);
    // MISC_CHECK runs a script: script security is switched on with it
    expect(renderHostConfig(inventory, 'lb-host-1').text).toMatch(/enable_script_security/);
  });

  it('every host renders exactly its golden file (regenerate with UPDATE_GOLDEN=1)', async () => {
    const { inventory } = await loadInventory([FILE]);
    const dir = 'test/fixtures/inventory/golden/lvs';
    for (const host of inventory.hosts) {
      const { text } = renderHostConfig(inventory, host.name);
      const golden = join(dir, `${host.name}.conf`);
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(golden, text);
      }
      expect(text, golden).toBe(readFileSync(golden, 'utf8'));
    }
  });
});
