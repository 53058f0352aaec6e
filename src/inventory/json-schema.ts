import { z } from 'zod';
import { inventoryFileSchema } from './schema.js';

/** JSON Schema of the inventory format, for editors (yaml-language-server) and other tools. */
export function inventoryJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(inventoryFileSchema, { target: 'draft-7', unrepresentable: 'any' });
  return {
    ...schema,
    $id: 'https://github.com/vipctl/vipctl/inventory.schema.json',
    title: 'vipctl inventory',
    description: 'Hosts and keepalived/VRRP clusters managed by vipctl',
  };
}
