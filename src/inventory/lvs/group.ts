import { z } from 'zod';
import { canonicalAddress, ipFamily, parseCidr } from '../ip.js';
import type { ClusterSpec } from '../types.js';
import { Findings, LIMIT, OBJECT_NAME, at, block, num, objectName, word } from '../vrrp/kit.js';

// virtual_server_group: several addresses (and/or firewall marks) served by one virtual_server block
// (`virtual_server group NAME`). Written under the cluster whose VIPs it groups.

const entrySchema = z.union([
  z.strictObject({
    address: z.string().min(1).describe('a VIP of this cluster'),
    port: z.int().describe('service port'),
  }),
  z.strictObject({ fwmark: z.int().describe('firewall mark') }),
]);
export type RawGroupEntry = z.infer<typeof entrySchema>;

export const virtualServerGroupsShape = {
  virtual_server_groups: z
    .record(objectName, z.array(entrySchema))
    .optional()
    .describe('virtual_server_group: named sets of VIP:port and fwmark entries, used as `group: NAME`'),
};

/** LVS001 an address that is not a VIP of the cluster, LVS004 port, LVS015 mixed families / empty group. */
export function lintVirtualServerGroups(c: ClusterSpec, f: Findings): void {
  const vips = new Set(c.vips.map((v) => canonicalAddress(parseCidr(v.address)?.address ?? v.address)));
  for (const [name, entries] of Object.entries(c.virtualServerGroups ?? {})) {
    const base = `virtual_server_groups.${name}`;
    const who = `cluster ${c.name} virtual_server_group ${name}`;
    if (!OBJECT_NAME.test(name)) f.error('LVS015', at(c, `${base}:key`), `${who}: name must be a word`);
    if (entries.length === 0)
      f.error('LVS015', at(c, `${base}:key`), `${who} has no entries: keepalived removes it`);
    const families = new Set<number>();
    entries.forEach((e, i) => {
      const where = (field: string) => at(c, `${base}.${i}.${field}`, at(c, `${base}.${i}`));
      if ('fwmark' in e) {
        if (e.fwmark < 1 || e.fwmark > LIMIT.u32)
          f.error('NUM001', where('fwmark'), `${who}: fwmark ${e.fwmark} is outside 1–${LIMIT.u32}`);
        return;
      }
      const family = ipFamily(e.address);
      if (!family || e.address.includes('/')) {
        f.error('LVS003', where('address'), `${who}: "${e.address}" is not an IP address (no /prefix)`);
        return;
      }
      families.add(family);
      if (!vips.has(canonicalAddress(e.address)))
        f.error('LVS001', where('address'), `${who}: ${e.address} is not a VIP of cluster ${c.name}`);
      if (e.port < 0 || e.port > 65535)
        f.error('LVS004', where('port'), `${who}: port ${e.port} is outside 0–65535`);
    });
    if (families.size > 1)
      f.error('LVS015', at(c, `${base}:key`), `${who} mixes IPv4 and IPv6: keepalived refuses the group`);
  }
}

export function virtualServerGroupLines(name: string, entries: readonly RawGroupEntry[]): string[] {
  return block(
    `virtual_server_group ${word(name)}`,
    entries.map((e) => ('fwmark' in e ? `fwmark ${num(e.fwmark)}` : `${word(e.address)} ${num(e.port)}`)),
  );
}
