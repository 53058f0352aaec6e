import { z } from 'zod';
import type { NotifyScript } from '../types.js';
import { ACCOUNT, Findings, SAFE_PATH, hasDotDot, quoted, word } from './kit.js';
import type { SourceLocation } from '../types.js';

// Scripts keepalived runs on events (notify_*, notify, notify_fifo_script …): one schema, one set of path
// rules (security review M1, L14), one rendering `keyword "PATH" [user [group]]`.

/** Where vipctl may write a script's content: a directory keepalived's own files live in (M1). */
export const DEPLOY_DIR = '/etc/keepalived/';
/** keepalived.conf, its vipctl temp file and its backups: never a script target. */
const CONFIG_FILES = /^\/etc\/keepalived\/keepalived\.conf/;

export const scriptSchema = z.union([
  z.string().min(1).describe('absolute path of a script already on the host'),
  z.strictObject({
    path: z.string().min(1).describe('absolute path on the host'),
    content: z
      .string()
      .optional()
      .describe('script content that vipctl deploys to path (mode 0755; path under /etc/keepalived/)'),
    args: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'arguments keepalived passes to the script (notify_master "PATH ARG…"); words of A-Z a-z 0-9 . _ / = : @ , + -',
      ),
    user: z.string().min(1).optional().describe('user the script runs as (default: global script_user)'),
    group: z.string().min(1).optional().describe("group the script runs as (default: the user's group)"),
  }),
]);

/** A script argument: a word no shell and no keepalived reading would split or expand (security review L14). */
export const SAFE_ARG = /^[A-Za-z0-9._/=:@,+-]+$/;
export type RawScript = z.infer<typeof scriptSchema>;

export function scriptRef(raw: RawScript | undefined): NotifyScript | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return { path: raw };
  const ref: NotifyScript = { path: raw.path };
  if (raw.content !== undefined) ref.content = raw.content;
  if (raw.args !== undefined && raw.args.length > 0) ref.args = raw.args;
  if (raw.user !== undefined) ref.user = raw.user;
  if (raw.group !== undefined) ref.group = raw.group;
  return ref;
}

/** NOT001 not absolute, NOT002 outside the path allow-list, NOT004 deployed outside /etc/keepalived/, NOT005 bad user. */
export function lintScriptRef(
  ref: NotifyScript,
  where: (field: 'path' | 'content' | 'args' | 'user' | 'group') => SourceLocation,
  who: string,
  f: Findings,
): void {
  if (!ref.path.startsWith('/')) {
    f.error(
      'NOT001',
      where('path'),
      `${who} path "${ref.path}" is not absolute`,
      'keepalived runs it without a working directory; write /etc/keepalived/…',
    );
  } else if (!SAFE_PATH.test(ref.path) || hasDotDot(ref.path)) {
    f.error(
      'NOT002',
      where('path'),
      `${who} path "${ref.path}" has characters outside A-Z a-z 0-9 . _ / - or a ".." segment`,
      'keepalived is given the path as one word; pass arguments inside the script',
    );
  } else if (ref.content !== undefined && (!ref.path.startsWith(DEPLOY_DIR) || CONFIG_FILES.test(ref.path))) {
    f.error(
      'NOT004',
      where('path'),
      `${who}: vipctl deploys content only under ${DEPLOY_DIR} (e.g. ${DEPLOY_DIR}scripts/), never to keepalived.conf or its backups; "${ref.path}" is outside`,
      'a deployed script overwrites the file at its path as root; keep it where keepalived files live',
    );
  }
  const bad = (ref.args ?? []).find((a) => !SAFE_ARG.test(a));
  if (bad !== undefined)
    f.error(
      'NOT002',
      where('args'),
      `${who} argument "${bad}" has characters outside A-Z a-z 0-9 . _ / = : @ , + -`,
      'keepalived splits the command at spaces and some versions hand it to a shell: keep arguments plain words',
    );
  for (const k of ['user', 'group'] as const) {
    const v = ref[k];
    if (v !== undefined && !ACCOUNT.test(v))
      f.error('NOT005', where(k), `${who}: ${k} "${v}" is not a valid account name`);
  }
  if (ref.group !== undefined && ref.user === undefined)
    f.error(
      'NOT005',
      where('group'),
      `${who}: group without user`,
      'keepalived reads "PATH user [group]": set user too',
    );
}

/** `keyword "PATH [ARG…]" [user [group]]` */
export function scriptLine(keyword: string, ref: NotifyScript): string {
  const parts = [keyword, quoted([ref.path, ...(ref.args ?? []).map(word)].join(' '))];
  if (ref.user !== undefined) parts.push(word(ref.user));
  if (ref.group !== undefined) parts.push(word(ref.group));
  return parts.join(' ');
}

// ---- notify on instances and sync groups -------------------------------------------------------------

/** Inventory key → keepalived keyword; `any` is keepalived's generic `notify` (called for every transition). */
export const NOTIFY_KEYWORDS = {
  master: 'notify_master',
  backup: 'notify_backup',
  fault: 'notify_fault',
  stop: 'notify_stop',
  master_rx_lower_pri: 'notify_master_rx_lower_pri',
  any: 'notify',
} as const;
export type NotifyKind = keyof typeof NOTIFY_KEYWORDS;
export const NOTIFY_KINDS = Object.keys(NOTIFY_KEYWORDS) as NotifyKind[];

export const notifySchema = z
  .strictObject({
    master: scriptSchema.optional(),
    backup: scriptSchema.optional(),
    fault: scriptSchema.optional(),
    stop: scriptSchema.optional(),
    master_rx_lower_pri: scriptSchema
      .optional()
      .describe('run when the master hears a lower-priority advert (keepalived notify_master_rx_lower_pri)'),
    any: scriptSchema
      .optional()
      .describe('generic notify: run on every transition with GROUP|INSTANCE, name, state, priority'),
  })
  .describe('scripts run on state changes');
export type RawNotifyMap = z.infer<typeof notifySchema>;

export type NotifyMap = Partial<Record<NotifyKind, NotifyScript>>;

export function notifyMap(raw: RawNotifyMap | undefined): NotifyMap {
  const out: NotifyMap = {};
  for (const k of NOTIFY_KINDS) {
    const ref = scriptRef(raw?.[k]);
    if (ref) out[k] = ref;
  }
  return out;
}

export function notifyLines(notify: NotifyMap, kinds: readonly NotifyKind[] = NOTIFY_KINDS): string[] {
  return kinds.flatMap((k) => {
    const ref = notify[k];
    return ref ? [scriptLine(NOTIFY_KEYWORDS[k], ref)] : [];
  });
}

/** Do keepalived scripts run on a host with these clusters and groups (so script security applies)? */
export function scriptsOnHost(
  owners: readonly { notify: NotifyMap; tracking: { scripts: readonly unknown[] } }[],
  groups: readonly { notify: NotifyMap; tracking: { scripts: readonly unknown[] } }[] = [],
): boolean {
  return [...owners, ...groups].some(
    (o) => o.tracking.scripts.length > 0 || Object.keys(o.notify).length > 0,
  );
}
