import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../../src/inventory/types.js';
import { UserError } from '../../../src/cli/errors.js';
import { describeInventory, inventoryTables } from '../../../src/inventory/describe.js';
import { canonicalAddress, inSubnet, networkKey, parseCidr } from '../../../src/inventory/ip.js';
import { inventoryJsonSchema } from '../../../src/inventory/json-schema.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { selectClusters, selectHosts } from '../../../src/inventory/select.js';
import { nearest } from '../../../src/inventory/suggest.js';

describe('--limit selection', () => {
  let inventory: Inventory;
  beforeAll(async () => {
    inventory = (await loadInventory(['inventories/multi.yaml'])).inventory;
  });
  const names = (hosts: { name: string }[]): string[] => hosts.map((h) => h.name);

  it('selects every host without a limit', () => {
    expect(names(selectHosts(inventory))).toEqual([
      'lb-host-1',
      'lb-host-2',
      'lb-host-3',
      'db-host-1',
      'db-host-2',
    ]);
  });
  it('matches host globs and keeps inventory order', () => {
    expect(names(selectHosts(inventory, 'lb-host-[3], db-*,lb-host-1'))).toEqual([
      'lb-host-1',
      'db-host-1',
      'db-host-2',
    ]);
    expect(names(selectHosts(inventory, 'lb-host-?'))).toEqual(['lb-host-1', 'lb-host-2', 'lb-host-3']);
  });
  it('a cluster name selects its members', () => {
    expect(names(selectHosts(inventory, 'cluster-api'))).toEqual(['lb-host-2', 'lb-host-3']);
    expect(names(selectHosts(inventory, 'cluster-db,lb-host-1'))).toEqual([
      'lb-host-1',
      'db-host-1',
      'db-host-2',
    ]);
  });
  it('a limit matching nothing is a usage error', () => {
    expect(() => selectHosts(inventory, 'nope*')).toThrow(UserError);
  });
  it('selects clusters by glob', () => {
    expect(names(selectClusters(inventory, ['cluster-*b']))).toEqual(['cluster-web', 'cluster-db']);
    expect(selectClusters(inventory)).toHaveLength(3);
    expect(() => selectClusters(inventory, ['x'])).toThrow(/no cluster matches x/);
  });
});

describe('inventory schema and show', () => {
  it('emits a JSON Schema that closes every object and describes the keys', () => {
    const schema = inventoryJsonSchema() as {
      properties: {
        clusters: {
          additionalProperties: {
            properties: Record<string, { description?: string }>;
            additionalProperties: boolean;
            required: string[];
          };
        };
      };
      additionalProperties: boolean;
    };
    expect(schema.additionalProperties).toBe(false);
    const cluster = schema.properties.clusters.additionalProperties;
    expect(cluster.additionalProperties).toBe(false);
    expect(cluster.required).toEqual(expect.arrayContaining(['virtual_router_id', 'vips', 'members']));
    expect(cluster.properties.virtual_router_id?.description).toMatch(/1–255/);
  });

  it('show describes secrets by source only and resolves defaults', async () => {
    const { inventory } = await loadInventory(['inventories/example.yaml']);
    const data = JSON.stringify(describeInventory(inventory));
    expect(data).not.toMatch(/"secret"/);
    expect(data).toMatch(/PASS \(file [^"]*inventories\/example-secrets\/lb\.pass\)/);
    const table = inventoryTables(inventory);
    expect(table).toMatch(/^cluster-lb\s+51\s+10\.10\.10\.50\/32\s+lb-host-1\s+100\s+MASTER\s+eth0\s+1s/m);
    expect(table).toMatch(/^cluster-lb\s+51\s+10\.10\.10\.50\/32\s+lb-host-2\s+90\s+BACKUP/m);
  });
});

describe('address helpers', () => {
  it('parses and compares IPv4 and IPv6', () => {
    expect(parseCidr('10.0.0.1/24')).toEqual({ address: '10.0.0.1', family: 4, prefix: 24 });
    expect(parseCidr('10.0.0.1/33')).toBeUndefined();
    expect(parseCidr('fd00::1')).toEqual({ address: 'fd00::1', family: 6 });
    expect(parseCidr('host.example')).toBeUndefined();
    expect(canonicalAddress('fd00:0::0:1')).toBe(canonicalAddress('fd00::1'));
    expect(inSubnet('10.0.0.200', '10.0.0.1', 24)).toBe(true);
    expect(inSubnet('10.0.1.1', '10.0.0.1', 24)).toBe(false);
    expect(inSubnet('fd00::ffff', 'fd00::1', 64)).toBe(true);
    expect(inSubnet('fd01::1', 'fd00::1', 64)).toBe(false);
    expect(networkKey('::ffff:10.0.0.1', 120)).toBe(networkKey('::ffff:10.0.0.99', 120));
  });
  it('suggests the nearest key only for plausible typos', () => {
    expect(nearest('prority', ['priority', 'state'])).toBe('priority');
    expect(nearest('vip', ['vips', 'members'])).toBe('vips');
    expect(nearest('completely', ['vips', 'members'])).toBeUndefined();
  });
});

describe('the committed schema file', () => {
  it('inventories/schema.json is what `vipctl inventory schema` prints (regenerate it when the format changes)', () => {
    const committed: unknown = JSON.parse(readFileSync('inventories/schema.json', 'utf8'));
    expect(committed).toEqual(inventoryJsonSchema());
  });
});
