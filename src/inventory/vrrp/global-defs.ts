import { z } from 'zod';
import type { GlobalDefs, HostSpec, SourceLocation } from '../types.js';
import { extraSchema, extraLines, lintExtraMap } from './extra.js';
import {
  ACCOUNT,
  Findings,
  LIMIT,
  at,
  block,
  lintTable,
  num,
  pickTable,
  renderTable,
  tableShape,
  word,
  type KeywordTable,
} from './kit.js';
import { lintScriptRef, scriptLine, scriptRef, scriptSchema } from './scripts.js';

// keepalived's global_defs: written under `defaults.global_defs` and overridden per host under
// `hosts.<name>.global_defs`, key by key. Keys are keepalived's keywords.

/** Plain keywords: one row each gives the schema, the range rule (NUM001) and the rendering. */
export const GLOBAL_KEYWORDS: KeywordTable = {
  router_id: { type: 'word', describe: 'identifies this host in emails and SNMP (default: the host name)' },
  notification_email_from: { type: 'word', describe: 'From: of notification emails' },
  smtp_helo_name: { type: 'word', describe: 'HELO name (default: the host name)' },
  smtp_connect_timeout: {
    type: 'int',
    min: 0,
    max: LIMIT.seconds,
    describe: 'seconds to wait for the SMTP server',
  },
  smtp_alert: { type: 'bool', describe: 'default for smtp_alert of every instance and sync group' },
  smtp_alert_vrrp: { type: 'bool', describe: 'default for smtp_alert of VRRP instances and sync groups' },
  no_email_faults: { type: 'flag', describe: 'no emails for FAULT transitions' },
  vrrp_garp_master_delay: {
    type: 'int',
    min: 0,
    max: LIMIT.seconds,
    describe: 'seconds before the second set of gratuitous ARPs after becoming MASTER (default 5)',
  },
  vrrp_garp_master_repeat: {
    type: 'int',
    min: 0,
    max: LIMIT.u32,
    describe: 'gratuitous ARPs sent at a time after becoming MASTER (default 5)',
  },
  vrrp_garp_master_refresh: {
    type: 'int',
    min: 0,
    max: LIMIT.u32,
    describe: 'seconds between gratuitous ARP refreshes while MASTER (default 0: none)',
  },
  vrrp_garp_master_refresh_repeat: {
    type: 'int',
    min: 0,
    max: LIMIT.u32,
    describe: 'gratuitous ARPs per refresh (default 1)',
  },
  vrrp_garp_lower_prio_delay: {
    type: 'int',
    min: 0,
    max: LIMIT.seconds,
    describe: 'seconds before the second set of gratuitous ARPs after a lower-priority advert',
  },
  vrrp_garp_lower_prio_repeat: {
    type: 'int',
    min: 0,
    max: LIMIT.i32,
    describe: 'gratuitous ARPs sent at a time after a lower-priority advert',
  },
  vrrp_garp_interval: {
    type: 'decimal',
    min: 0.000001,
    max: LIMIT.seconds,
    describe: 'seconds between gratuitous ARPs on one interface',
  },
  vrrp_gna_interval: {
    type: 'decimal',
    min: 0.000001,
    max: LIMIT.seconds,
    describe: 'seconds between unsolicited neighbour adverts on one interface',
  },
  vrrp_min_garp: { type: 'bool', describe: 'one gratuitous ARP, no repeat (modern switches)' },
  vrrp_lower_prio_no_advert: { type: 'bool', describe: 'default lower_prio_no_advert of instances' },
  vrrp_higher_prio_send_advert: { type: 'bool', describe: 'default higher_prio_send_advert of instances' },
  vrrp_version: { type: 'int', min: 2, max: 3, describe: 'default VRRP version (IPv6 instances use 3)' },
  vrrp_check_unicast_src: { type: 'flag', describe: 'accept unicast adverts only from the unicast peers' },
  vrrp_skip_check_adv_addr: {
    type: 'flag',
    describe: 'skip the address check of adverts from the same master',
  },
  vrrp_strict: { type: 'flag', describe: 'strict RFC compliance for every instance (see strict_mode)' },
  vrrp_notify_priority_changes: { type: 'bool', describe: 'send priority changes to notify FIFOs' },
  fifo_write_vrrp_states_on_reload: { type: 'flag', describe: 'write states to the FIFOs on reload' },
  max_auto_priority: {
    type: 'int',
    min: -1,
    max: 99,
    describe: 'highest realtime priority keepalived may raise itself to when late (-1: no warning)',
  },
  vrrp_startup_delay: {
    type: 'decimal',
    min: 0.001,
    max: LIMIT.seconds,
    describe: 'seconds to wait before starting VRRP (bonds settling at boot)',
  },
  log_unknown_vrids: { type: 'flag', describe: 'log adverts for VRIDs not configured here' },
  enable_traps: { type: 'flag', describe: 'send SNMP traps' },
  enable_snmp_vrrp: { type: 'flag', describe: 'SNMP for the VRRP part of the KEEPALIVED MIB' },
};

const fifoSchema = z.union([
  z.string().min(1).describe('absolute path of the FIFO'),
  z.strictObject({
    path: z.string().min(1),
    user: z.string().min(1).optional(),
    group: z.string().min(1).optional(),
  }),
]);

export const globalDefsSchema = z
  .strictObject({
    ...tableShape(GLOBAL_KEYWORDS),
    notification_email: z
      .array(z.string().min(1))
      .optional()
      .describe('To: addresses of notification emails'),
    smtp_server: z.string().min(1).optional().describe('SMTP server (IP address or name)'),
    smtp_port: z.int().optional().describe('SMTP port (default 25)'),
    script_user: z
      .string()
      .min(1)
      .optional()
      .describe('user scripts run as (default root; the host prerequisites create another user)'),
    script_group: z.string().min(1).optional().describe("group scripts run as (default: the user's group)"),
    enable_script_security: z
      .boolean()
      .optional()
      .describe('refuse scripts writable by non-root users (default true whenever scripts are used)'),
    dynamic_interfaces: z
      .union([z.boolean(), z.literal('allow_if_changes')])
      .optional()
      .describe('allow interfaces that do not exist at startup (allow_if_changes: and that change type)'),
    notify_fifo: fifoSchema.optional().describe('FIFO keepalived writes every notify event to'),
    notify_fifo_script: scriptSchema.optional().describe('script keepalived starts to read notify_fifo'),
    vrrp_notify_fifo: fifoSchema.optional().describe('FIFO for VRRP notify events'),
    vrrp_notify_fifo_script: scriptSchema
      .optional()
      .describe('script keepalived starts to read vrrp_notify_fifo'),
    extra: extraSchema.optional().describe('other global_defs keywords, verbatim (no scripts, no include)'),
  })
  .describe("keepalived's global_defs (defaults level, overridden per host key by key)");
export type RawGlobalDefs = z.infer<typeof globalDefsSchema>;

/** The merged raw global_defs of one host (host keys over defaults keys) with where each key was written. */
export function resolveGlobalDefs(
  merged: Record<string, { value: unknown; location: Record<string, SourceLocation> }>,
): GlobalDefs {
  const raw: Record<string, unknown> = {};
  const fieldLocations: Record<string, SourceLocation> = {};
  for (const [k, { value, location }] of Object.entries(merged)) {
    raw[k] = value;
    for (const [rel, loc] of Object.entries(location)) fieldLocations[rel === '' ? k : `${k}.${rel}`] = loc;
  }
  const g = raw as RawGlobalDefs;
  const defs: GlobalDefs = { keywords: pickTable(GLOBAL_KEYWORDS, g), extra: g.extra ?? {}, fieldLocations };
  if (g.notification_email) defs.notificationEmail = g.notification_email;
  if (g.smtp_server !== undefined) defs.smtpServer = g.smtp_server;
  if (g.smtp_port !== undefined) defs.smtpPort = g.smtp_port;
  if (g.script_user !== undefined) defs.scriptUser = g.script_user;
  if (g.script_group !== undefined) defs.scriptGroup = g.script_group;
  if (g.enable_script_security !== undefined) defs.enableScriptSecurity = g.enable_script_security;
  if (g.dynamic_interfaces !== undefined) defs.dynamicInterfaces = g.dynamic_interfaces;
  for (const k of ['notify_fifo', 'vrrp_notify_fifo'] as const) {
    const fifo = g[k];
    if (fifo !== undefined) defs[k] = scriptRef(fifo);
  }
  for (const k of ['notify_fifo_script', 'vrrp_notify_fifo_script'] as const) {
    const s = scriptRef(g[k]);
    if (s) defs[k] = s;
  }
  return defs;
}

const EMAIL = /^[^\s"'\\{}#!@]+@[^\s"'\\{}#!@]+$/;

/** The user scripts run as on this host (keepalived's script_user; vipctl's default is root). */
export function scriptUser(host: HostSpec): string {
  return host.globalDefs?.scriptUser ?? 'root';
}

export function lintGlobalDefs(h: HostSpec, usesScripts: boolean, f: Findings): void {
  const g = h.globalDefs;
  if (!g) return;
  const where = (k: string): SourceLocation => at(g, k, at(h, 'global_defs'));
  const who = `host ${h.name}: global_defs`;
  lintTable(GLOBAL_KEYWORDS, g.keywords, where, who, f);
  g.notificationEmail?.forEach((e, i) => {
    if (!EMAIL.test(e))
      f.error('GDEF001', where(`notification_email.${i}`), `${who}: "${e}" is not an email address`);
  });
  const from = g.keywords['notification_email_from'];
  if (typeof from === 'string' && !EMAIL.test(from))
    f.error('GDEF001', where('notification_email_from'), `${who}: "${from}" is not an email address`);
  if (g.smtpServer !== undefined && !/^[A-Za-z0-9.:_-]+$/.test(g.smtpServer))
    f.error(
      'GDEF001',
      where('smtp_server'),
      `${who}: smtp_server "${g.smtpServer}" is not an address or name`,
    );
  if (g.smtpPort !== undefined && (g.smtpPort < 1 || g.smtpPort > 65535))
    f.error('NUM001', where('smtp_port'), `${who}: smtp_port ${g.smtpPort} is outside 1–65535`);
  if (g.smtpPort !== undefined && g.smtpServer === undefined)
    f.error('GDEF002', where('smtp_port'), `${who}: smtp_port without smtp_server`);
  const alerts = g.keywords['smtp_alert'] === true || g.keywords['smtp_alert_vrrp'] === true;
  if (alerts && (g.smtpServer === undefined || !g.notificationEmail?.length)) {
    f.warning(
      'GDEF002',
      where(g.keywords['smtp_alert'] === true ? 'smtp_alert' : 'smtp_alert_vrrp'),
      `${who}: smtp alerts are on but ${g.smtpServer === undefined ? 'smtp_server' : 'notification_email'} is not set; no email can be sent`,
    );
  }
  for (const k of ['script_user', 'script_group'] as const) {
    const v = k === 'script_user' ? g.scriptUser : g.scriptGroup;
    if (v !== undefined && !ACCOUNT.test(v))
      f.error('GDEF003', where(k), `${who}: ${k} "${v}" is not a valid account name`);
  }
  if (g.scriptGroup !== undefined && g.scriptUser === undefined)
    f.error('GDEF003', where('script_group'), `${who}: script_group without script_user`);
  if (g.enableScriptSecurity === false && usesScripts) {
    f.warning(
      'GDEF004',
      where('enable_script_security'),
      `${who}: enable_script_security is off while scripts run${scriptUser(h) === 'root' ? ' as root' : ''}`,
      'keepalived then runs scripts that non-root users can modify; keep it on (the default) unless you have a reason',
    );
  }
  for (const k of [
    'notify_fifo',
    'vrrp_notify_fifo',
    'notify_fifo_script',
    'vrrp_notify_fifo_script',
  ] as const) {
    const ref = g[k];
    if (!ref) continue;
    lintScriptRef(ref, (field) => where(field === 'path' ? k : `${k}.${field}`), `${who}: ${k}`, f);
  }
  for (const [fifo, script] of [
    ['notify_fifo', 'notify_fifo_script'],
    ['vrrp_notify_fifo', 'vrrp_notify_fifo_script'],
  ] as const) {
    if (g[script] && !g[fifo])
      f.error('GDEF002', where(script), `${who}: ${script} without ${fifo} (the script reads that FIFO)`);
  }
  if (g.notify_fifo && g.vrrp_notify_fifo && g.notify_fifo.path === g.vrrp_notify_fifo.path)
    f.error(
      'GDEF002',
      where('vrrp_notify_fifo'),
      `${who}: notify_fifo and vrrp_notify_fifo must be different FIFOs`,
    );
  lintExtraMap(
    g.extra,
    (k) => where(`extra.${k}:key`),
    `${who} extra`,
    new Set(Object.keys(globalDefsSchema.shape)),
    f,
  );
}

/** Does global_defs name a script keepalived runs (so script security applies)? */
export function globalScripts(host: HostSpec): boolean {
  const g = host.globalDefs;
  return Boolean(g?.notify_fifo_script || g?.vrrp_notify_fifo_script);
}

/** The body lines of global_defs for a host; empty when nothing needs saying. */
export function globalDefsLines(host: HostSpec, usesScripts: boolean): string[] {
  const g = host.globalDefs;
  const lines: string[] = [];
  if (g?.notificationEmail?.length) lines.push(...block('notification_email', g.notificationEmail.map(word)));
  if (g?.smtpServer !== undefined)
    lines.push(`smtp_server ${word(g.smtpServer)}${g.smtpPort !== undefined ? ` ${num(g.smtpPort)}` : ''}`);
  if (g) lines.push(...renderTable(GLOBAL_KEYWORDS, g.keywords).filter((l) => !l.startsWith('router_id ')));
  if (g?.dynamicInterfaces !== undefined && g.dynamicInterfaces !== false)
    lines.push(g.dynamicInterfaces === true ? 'dynamic_interfaces' : 'dynamic_interfaces allow_if_changes');
  for (const k of [
    'notify_fifo',
    'notify_fifo_script',
    'vrrp_notify_fifo',
    'vrrp_notify_fifo_script',
  ] as const) {
    const ref = g?.[k];
    if (ref)
      lines.push(k.endsWith('_script') ? scriptLine(k, ref) : fifoLine(k, ref.path, ref.user, ref.group));
  }
  const scripts = usesScripts || globalScripts(host);
  if (scripts || g?.scriptUser !== undefined) {
    const user = g?.scriptUser ?? 'root';
    lines.push(`script_user ${word(user)}${g?.scriptGroup !== undefined ? ` ${word(g.scriptGroup)}` : ''}`);
  }
  if (scripts && g?.enableScriptSecurity !== false) lines.push('enable_script_security');
  if (g) lines.push(...extraLines(g.extra));
  // router_id: the inventory's host name unless set, so emails and traps name hosts as the inventory does.
  const routerId = g?.keywords['router_id'];
  if (lines.length === 0 && routerId === undefined) return [];
  return [`router_id ${word(typeof routerId === 'string' ? routerId : host.name)}`, ...lines];
}

function fifoLine(keyword: string, path: string, user?: string, group?: string): string {
  return [keyword, word(path), ...(user ? [word(user)] : []), ...(group ? [word(group)] : [])].join(' ');
}
