import { describe, expect, it } from 'vitest';
import { labInventory } from '../../../src/lab/lab.js';
import { loadInventoryTexts } from '../../../src/inventory/load.js';

// The lab writes an inventory for the e2e suite; it must load and lint like any user's inventory.
describe('the lab inventory', () => {
  const hosts = [51, 52, 53, 54, 55].map((n, i) => ({
    name: `lb-host-${i + 1}`,
    address: `10.10.10.${n}`,
    hostKey: 'ssh-ed25519 AAAA',
  }));
  const { inventory, findings } = loadInventoryTexts(
    new Map([['/var/lib/vipctl-lab/inventory.yaml', labInventory(hosts, 'machine')]]),
  );

  it('loads the runbook cluster first, with distinct VRIDs per cluster', () => {
    expect(inventory.clusters.map((c) => [c.name, c.virtualRouterId, c.vips[0]?.address])).toEqual([
      ['cluster-lb', 51, '10.10.10.50'],
      ['cluster-lb-2', 52, '10.10.10.2'],
    ]);
    expect(inventory.clusters[0]?.members.map((m) => [m.host, m.priority, m.state])).toEqual([
      ['lb-host-1', 100, 'MASTER'],
      ['lb-host-2', 90, 'BACKUP'],
    ]);
    expect(inventory.hosts[0]?.ssh.knownHostsFile).toBe('/var/lib/vipctl-lab/ssh/known_hosts');
  });

  it('lints clean apart from the password file, which exists only while a lab is up', () => {
    expect(findings.filter((f) => f.code !== 'AUTH002')).toEqual([]);
  });
});
