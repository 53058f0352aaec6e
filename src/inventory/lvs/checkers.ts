import { z } from 'zod';
import type { SourceLocation } from '../types.js';
import {
  Findings,
  LIMIT,
  block,
  lintTable,
  num,
  pickTable,
  quoted,
  renderTable,
  tableShape,
  word,
  type KeywordTable,
} from '../vrrp/kit.js';
import { ipFamily } from '../ip.js';

// One health checker per real server: HTTP_GET, SSL_GET, TCP_CHECK, MISC_CHECK or DNS_CHECK (keepalived 2.2.7,
// check_http.c / check_tcp.c / check_misc.c / check_dns.c). The schema holds only the keywords keepalived
// installs for that checker, so a keyword of another checker is a schema error, not a config keepalived refuses.

/** Keywords every checker has (install_checker_common_keywords). */
const COMMON: KeywordTable = {
  retry: {
    type: 'int',
    min: 0,
    max: LIMIT.u32,
    describe: 'checks retried before the real server is taken out (default 1)',
  },
  delay_before_retry: {
    type: 'decimal',
    min: 0,
    max: LIMIT.seconds,
    describe: 'seconds between retries',
  },
  delay_loop: {
    type: 'decimal',
    min: 0.000001,
    max: LIMIT.seconds,
    describe: "seconds between checks (default: the virtual server's delay_loop)",
  },
  warmup: { type: 'decimal', min: 0, max: LIMIT.seconds, describe: 'random delay before the first check' },
  alpha: { type: 'bool', describe: 'start the real server as down until a check passes' },
  log_all_failures: { type: 'bool', describe: 'log every failed check, not only state changes' },
};

/** Connection keywords of HTTP_GET, SSL_GET, TCP_CHECK and DNS_CHECK (not MISC_CHECK). */
const CONNECTION: KeywordTable = {
  connect_ip: { type: 'word', describe: "address to check (default: the real server's)" },
  connect_port: { type: 'int', min: 1, max: 65535, describe: "port to check (default: the real server's)" },
  bindto: { type: 'word', describe: 'source address of the check' },
  bind_port: { type: 'int', min: 1, max: 65535, describe: 'source port of the check' },
  connect_timeout: {
    type: 'decimal',
    min: 0.000001,
    max: LIMIT.seconds,
    describe: 'seconds to wait for the connection (default 5)',
  },
};

const HTTP: KeywordTable = {
  virtualhost: { type: 'word', describe: 'Host: header of the request' },
  enable_sni: { type: 'flag', describe: 'send the virtualhost as SNI (SSL_GET)' },
  fast_recovery: { type: 'flag', describe: 'put a failed server back after one good check' },
};

const url = z.strictObject({
  path: z.string().min(1).describe('URL path requested, e.g. /health'),
  status_code: z
    .union([z.int(), z.string().min(1)])
    .optional()
    .describe('expected status: 200, or a list/range such as "200-299 301"'),
  digest: z.string().min(1).optional().describe('expected MD5 of the body (genhash prints it)'),
  virtualhost: z.string().min(1).optional().describe('Host: header for this URL'),
});

const misc = z.strictObject({
  type: z.literal('MISC_CHECK'),
  misc_path: z.string().min(1).describe('absolute path of the check script (script security applies)'),
  misc_timeout: z.number().optional().describe('seconds the script may run (default: delay_loop)'),
  misc_dynamic: z
    .boolean()
    .optional()
    .describe("exit status 2–255 sets the real server's weight to status − 2"),
  user: z.string().min(1).optional().describe('user (and group) the script runs as'),
  ...tableShape(COMMON),
});

export const checkerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.enum(['HTTP_GET', 'SSL_GET']),
    url: z.array(url).min(1).describe('URLs to request; each must answer as given'),
    ...tableShape(HTTP),
    ...tableShape(CONNECTION),
    ...tableShape(COMMON),
  }),
  z.strictObject({ type: z.literal('TCP_CHECK'), ...tableShape(CONNECTION), ...tableShape(COMMON) }),
  misc,
  z.strictObject({
    type: z.literal('DNS_CHECK'),
    name: z.string().min(1).optional().describe('name queried (default ".")'),
    dns_type: z
      .enum(['A', 'NS', 'CNAME', 'SOA', 'MX', 'TXT', 'AAAA', 'RRSIG', 'DNSKEY'])
      .optional()
      .describe("query type (keepalived's `type`, default SOA)"),
    ...tableShape(CONNECTION),
    ...tableShape(COMMON),
  }),
]);
export type RawChecker = z.infer<typeof checkerSchema>;

const STATUS = /^\d{3}(-\d{3})?([ ,]\d{3}(-\d{3})?)*$/;
const MD5 = /^[0-9a-fA-F]{32}$/;

/** LVS010 bad checker value (status code, digest, address), NUM001/WORD001 for the keyword tables. */
export function lintChecker(
  c: RawChecker,
  where: (field: string) => SourceLocation,
  who: string,
  f: Findings,
): void {
  lintTable(COMMON, pickTable(COMMON, c), where, `${who} ${c.type}`, f);
  if (c.type === 'MISC_CHECK') return;
  lintTable(CONNECTION, pickTable(CONNECTION, c), where, `${who} ${c.type}`, f);
  const conn = pickTable(CONNECTION, c);
  for (const k of ['connect_ip', 'bindto'] as const) {
    const v = conn[k];
    if (typeof v === 'string' && !ipFamily(v))
      f.error('LVS010', where(k), `${who} ${c.type}: ${k} "${v}" is not an IP address`);
  }
  if (c.type === 'HTTP_GET' || c.type === 'SSL_GET') {
    lintTable(HTTP, pickTable(HTTP, c), where, `${who} ${c.type}`, f);
    if (pickTable(HTTP, c)['enable_sni'] === true && c.type === 'HTTP_GET')
      f.warning('LVS011', where('enable_sni'), `${who} HTTP_GET: enable_sni applies to SSL_GET only`);
    c.url.forEach((u, i) => {
      const status = String(u.status_code ?? '');
      if (u.status_code !== undefined && (!STATUS.test(status) || /(^|\D)(0\d\d|[6-9]\d\d)/.test(status)))
        f.error(
          'LVS010',
          where(`url.${i}.status_code`),
          `${who} ${c.type}: status_code "${status}" is not a list of HTTP codes 100–599 (e.g. 200 or "200-299")`,
        );
      if (u.digest !== undefined && !MD5.test(u.digest))
        f.error(
          'LVS010',
          where(`url.${i}.digest`),
          `${who} ${c.type}: digest must be 32 hex digits (an MD5, as genhash prints it)`,
        );
      if (!u.path.startsWith('/') || /[\s"'\\{}#!]/.test(u.path))
        f.error(
          'LVS010',
          where(`url.${i}.path`),
          `${who} ${c.type}: url path "${u.path}" must start with / and be one keepalived word`,
        );
      if (u.virtualhost !== undefined && !/^[^\s"'\\{}#!]+$/.test(u.virtualhost))
        f.error('WORD001', where(`url.${i}.virtualhost`), `${who}: virtualhost is not one keepalived word`);
    });
  }
  if (c.type === 'DNS_CHECK' && c.name !== undefined && !/^[A-Za-z0-9._-]+$/.test(c.name))
    f.error('LVS010', where('name'), `${who} DNS_CHECK: name "${c.name}" is not a DNS name`);
}

/**
 * Seconds a checker may take to mark a dead real server down: the wait for the next check, then the first
 * attempt and each retry (each up to its timeout), with delay_before_retry between them (defaults: retry 1,
 * delay_before_retry 1, connect_timeout 5; MISC_CHECK: no retry, misc_timeout = delay_loop).
 */
export function removalBound(c: RawChecker, delayLoop: number): number {
  const common = pickTable(COMMON, c);
  const n = (v: unknown, d: number): number => (typeof v === 'number' ? v : d);
  const loop = n(common['delay_loop'], delayLoop);
  const attempt =
    c.type === 'MISC_CHECK' ? (c.misc_timeout ?? loop) : n(pickTable(CONNECTION, c)['connect_timeout'], 5);
  const retry = n(common['retry'], c.type === 'MISC_CHECK' ? 0 : 1);
  return loop + (retry + 1) * attempt + retry * n(common['delay_before_retry'], 1);
}

export function checkerLines(c: RawChecker): string[] {
  const body: string[] = [];
  if (c.type === 'MISC_CHECK') {
    body.push(`misc_path ${quoted(c.misc_path)}`);
    if (c.misc_timeout !== undefined) body.push(`misc_timeout ${num(c.misc_timeout)}`);
    if (c.misc_dynamic) body.push('misc_dynamic');
    if (c.user !== undefined) body.push(`user ${word(c.user)}`);
    body.push(...renderTable(COMMON, pickTable(COMMON, c)));
    return block(c.type, body);
  }
  if (c.type === 'HTTP_GET' || c.type === 'SSL_GET') {
    for (const u of c.url) {
      const inner = [`path ${word(u.path)}`];
      if (u.digest !== undefined) inner.push(`digest ${word(u.digest)}`);
      if (u.status_code !== undefined)
        inner.push(`status_code ${String(u.status_code).split(/[ ,]+/).map(word).join(' ')}`);
      if (u.virtualhost !== undefined) inner.push(`virtualhost ${word(u.virtualhost)}`);
      body.push(...block('url', inner));
    }
    body.push(...renderTable(HTTP, pickTable(HTTP, c)));
  }
  if (c.type === 'DNS_CHECK') {
    if (c.dns_type !== undefined) body.push(`type ${c.dns_type}`);
    if (c.name !== undefined) body.push(`name ${word(c.name)}`);
  }
  body.push(...renderTable(CONNECTION, pickTable(CONNECTION, c)));
  body.push(...renderTable(COMMON, pickTable(COMMON, c)));
  return block(c.type, body);
}

/**
 * The keyword tables of one checker type (what render writes through renderTable): import reads a checker's
 * plain keywords through the same tables, so a keyword added to a table is imported and rendered alike.
 */
export function checkerTables(type: RawChecker['type']): KeywordTable[] {
  if (type === 'MISC_CHECK') return [COMMON];
  if (type === 'HTTP_GET' || type === 'SSL_GET') return [HTTP, CONNECTION, COMMON];
  return [CONNECTION, COMMON];
}
