import { z } from 'zod';
import { canonicalAddress, ipFamily } from '../ip.js';
import type { SourceLocation } from '../types.js';
import { lintScriptRef, scriptLine, scriptRef, scriptSchema } from '../vrrp/scripts.js';
import { Findings, LIMIT, block, num, word } from '../vrrp/kit.js';
import { checkerLines, checkerSchema, lintChecker } from './checkers.js';

// real_server: one backend of a virtual server, with its weight and the one health checker that decides
// whether it is in the IPVS table (check_parser.c rs_handler and its keywords in keepalived 2.2.7).

export const realServerSchema = z.strictObject({
  address: z.string().min(1).describe('IP address of the backend'),
  port: z
    .int()
    .optional()
    .describe("port of the backend (default: the virtual server's; DR and TUN cannot change it)"),
  weight: z.int().optional().describe('IPVS weight 0–2147483647 (default 1; 0 = no new connections)'),
  inhibit_on_failure: z
    .boolean()
    .optional()
    .describe('on a failed check set the weight to 0 instead of removing the server'),
  notify_up: scriptSchema.optional().describe('script run when the checker puts the server in'),
  notify_down: scriptSchema.optional().describe('script run when the checker takes the server out'),
  uthreshold: z.int().optional().describe('most connections the server takes (0 = no limit)'),
  lthreshold: z.int().optional().describe('connections under which it takes new ones again'),
  check: checkerSchema
    .optional()
    .describe('the health checker: {type: HTTP_GET | SSL_GET | TCP_CHECK | MISC_CHECK | DNS_CHECK, …}'),
});
export type RawRealServer = z.infer<typeof realServerSchema>;

/** The plain keywords of a real_server, as import reads them (see VIRTUAL_SERVER_KEYWORDS). */
export const REAL_SERVER_KEYWORDS: Record<string, 'int' | 'flag'> = {
  weight: 'int',
  inhibit_on_failure: 'flag',
  uthreshold: 'int',
  lthreshold: 'int',
};

/** Where a field of this real server was written (dotted path relative to it). */
export type Where = (field: string) => SourceLocation;

export function lintRealServer(rs: RawRealServer, where: Where, who: string, f: Findings): void {
  if (!ipFamily(rs.address) || rs.address.includes('/'))
    f.error('LVS003', where('address'), `${who}: "${rs.address}" is not an IP address (no /prefix)`);
  if (rs.port !== undefined && (rs.port < 1 || rs.port > 65535))
    f.error('LVS004', where('port'), `${who}: port ${rs.port} is outside 1–65535`);
  if (rs.weight !== undefined && (rs.weight < 0 || rs.weight > LIMIT.i32))
    f.error(
      'LVS005',
      where('weight'),
      `${who}: weight ${rs.weight} is outside keepalived's range 0–${LIMIT.i32}`,
    );
  for (const k of ['uthreshold', 'lthreshold'] as const) {
    const v = rs[k];
    if (v !== undefined && (v < 0 || v > LIMIT.u32))
      f.error('NUM001', where(k), `${who}: ${k} ${v} is outside keepalived's range 0–${LIMIT.u32}`);
  }
  for (const k of ['notify_up', 'notify_down'] as const) {
    const ref = scriptRef(rs[k]);
    if (ref) lintScriptRef(ref, (field) => where(`${k}.${field}`), `${who}: ${k}`, f);
  }
  if (!rs.check) {
    const ignored = (['inhibit_on_failure', 'notify_up', 'notify_down'] as const).filter(
      (k) => rs[k] !== undefined && rs[k] !== false,
    );
    if (ignored.length > 0)
      f.warning(
        'LVS012',
        where(ignored[0]!),
        `${who} has no check: keepalived never takes it out, so ${ignored.join(' and ')} never take effect`,
        'give it a check (TCP_CHECK at least), or remove these keys',
      );
    return;
  }
  lintChecker(rs.check, (field) => where(`check.${field}`), who, f);
  if (rs.check.type === 'MISC_CHECK') {
    lintScriptRef(
      { path: rs.check.misc_path },
      () => where('check.misc_path'),
      `${who}: MISC_CHECK misc_path`,
      f,
    );
  }
}

/** Canonical `address:port` of a real server, for duplicate detection. */
export function realServerKey(rs: RawRealServer, port: number | undefined): string {
  const a = ipFamily(rs.address) ? canonicalAddress(rs.address) : rs.address;
  return `${a}:${rs.port ?? port ?? 0}`;
}

/** The `real_server ADDRESS PORT { … }` block; `port` is the virtual server's (for fwmark services: none). */
export function realServerLines(rs: RawRealServer, port: number | undefined): string[] {
  const body: string[] = [];
  if (rs.weight !== undefined) body.push(`weight ${num(rs.weight)}`);
  if (rs.inhibit_on_failure) body.push('inhibit_on_failure');
  if (rs.uthreshold !== undefined) body.push(`uthreshold ${num(rs.uthreshold)}`);
  if (rs.lthreshold !== undefined) body.push(`lthreshold ${num(rs.lthreshold)}`);
  const up = scriptRef(rs.notify_up);
  const down = scriptRef(rs.notify_down);
  if (up) body.push(scriptLine('notify_up', up));
  if (down) body.push(scriptLine('notify_down', down));
  if (rs.check) body.push(...checkerLines(rs.check));
  const p = rs.port ?? port;
  return block(`real_server ${word(rs.address)}${p === undefined ? '' : ` ${num(p)}`}`, body);
}
