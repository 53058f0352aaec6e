// Files with wanted content: compared by checksum, mode and owner (facts), written atomically under a temp name
// unique to this run, optional validation on the host before the file goes live, and a bounded set of 0600
// backups of the previous version.
import { createHash, randomBytes } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { isInterrupted, onInterrupt } from '../runner/interrupt.js';
import { markPendingCommand } from '../facts/pending.js';
import { shq } from '../ssh/quote.js';
import { OperationError, type Change, type OperationContext } from './types.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Backups kept per file (the oldest go first); each holds what the file held, secrets included. */
export const BACKUPS_KEPT = 5;
export const WANTED_OWNER = 'root:root';

export interface WantedFile {
  path: string;
  content: string;
  mode: number;
  /** masks secrets in anything shown (diffs, errors) */
  mask: (text: string) => string;
  /** validates the uploaded temp file on the host; returns an error message or undefined */
  validate?: (ctx: OperationContext, tempPath: string) => Promise<string | undefined>;
  backup: boolean;
  notify?: string[];
  /**
   * An existing file at `path`: 'replace' it (a path vipctl owns by definition, e.g. keepalived.conf), or only
   * if it is 'marked' with vipctl's marker line (inventory-chosen paths): anything else there is refused and
   * never read, not even for a diff.
   */
  existing?: 'replace' | 'marked';
}

/** Sortable, unique per call: two runs in one second never share a backup name. */
function stamp(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '');
  return `${t}-${randomBytes(3).toString('hex')}`;
}

/** Absolute paths only: a value that starts with `-` can never reach a command as an option. */
export function checkPath(path: string): void {
  if (!path.startsWith('/') || path.split('/').includes('..'))
    throw new OperationError(`refusing path "${path}": files are written at absolute paths without ".."`);
}

/** Copies the live file to a new 0600 backup and drops all but the newest BACKUPS_KEPT. */
function backupCommand(path: string): string {
  const p = shq(path);
  // Stamps sort by time, so the glob lists the oldest first.
  const prune = `set -- ${p}.[0-9]*.bak; n=$#; for f; do [ "$n" -gt ${BACKUPS_KEPT} ] || break; rm -f -- "$f"; n=$((n - 1)); done`;
  return `install -m 0600 -o root -g root -- ${p} ${shq(`${path}.${stamp()}.bak`)} && { ${prune}; }`;
}

/** The change that brings a file to its wanted content, or none when checksum, mode and owner already match. */
export async function planFile(want: WantedFile, ctx: OperationContext): Promise<Change[]> {
  checkPath(want.path);
  const current = ctx.facts.files[want.path];
  const mode = want.mode.toString(8);
  const sameContent = current?.exists && current.sha256 === sha256(want.content);
  const owned = !current?.exists || current.owner === undefined || current.owner === WANTED_OWNER;
  if (sameContent && current.mode === mode && owned) return [];
  const mayTouch = !current?.exists || want.existing !== 'marked' || ctx.facts.marked?.[want.path] === true;
  if (!mayTouch) {
    throw new OperationError(
      `refusing to replace ${want.path}: a file is there that vipctl did not write (no vipctl marker line)`,
      'move it away (or remove it) if vipctl should manage this path, or choose another path in the inventory',
    );
  }
  let diff: string | undefined;
  if (ctx.wantDiff && !sameContent) {
    const old = current?.exists
      ? (await ctx.conn.run(`cat -- ${shq(want.path)}`, { become: true })).stdout
      : '';
    diff = createTwoFilesPatch(
      want.path,
      want.path,
      want.mask(old),
      want.mask(want.content),
      current?.exists ? 'on host' : '(absent)',
      'rendered',
    );
  }
  const p = shq(want.path);
  return [
    {
      description: sameContent
        ? `set ${owned ? '' : `owner ${WANTED_OWNER} and `}mode ${mode} on ${want.path}`
        : `${current?.exists ? 'update' : 'create'} ${want.path}`,
      diff,
      notify: sameContent ? [] : want.notify,
      async apply(c) {
        if (sameContent) {
          const r = await c.conn.run(`chown ${WANTED_OWNER} -- ${p} && chmod ${mode} -- ${p}`, {
            become: true,
          });
          if (r.code !== 0)
            throw new OperationError(`setting owner and mode of ${want.path} failed`, r.stderr.trim());
          return;
        }
        // A name of this run's own: a second vipctl on the same host never tests or moves our upload.
        const tmp = `${want.path}.vipctl-new-${randomBytes(4).toString('hex')}`;
        // Ctrl-C between upload and move: let the step in flight finish, stop there, and remove the temp files
        // while the connection is still open (hooks run before the session closes).
        let step: Promise<unknown> = Promise.resolve();
        const removeHook = onInterrupt(async () => {
          await Promise.race([step.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
          await c.conn.run(`rm -f -- ${shq(tmp)} ${shq(tmp)}.vipctl.*`, { become: true });
        });
        const stopIfInterrupted = (): void => {
          if (isInterrupted()) throw new OperationError(`${want.path} not changed: interrupted`);
        };
        try {
          stopIfInterrupted();
          // Temp copies an earlier run left (it died mid-upload or mid-validation: a dropped connection, a
          // powered-off host, a SIGKILLed controller). This run holds the host lock, so none is in use.
          await c.conn.run(`rm -f -- ${shq(`${want.path}.vipctl-new-`)}*`, { become: true });
          step = c.conn.put(want.content, tmp, { mode: want.mode, become: true });
          await step;
          stopIfInterrupted();
          if (want.validate) {
            const validation = want.validate(c, tmp);
            step = validation;
            const problem = await validation;
            stopIfInterrupted();
            if (problem) {
              await c.conn.run(`rm -f -- ${shq(tmp)}`, { become: true });
              throw new OperationError(
                `${want.path} not changed: the new version failed validation`,
                want.mask(problem),
              );
            }
          }
          const backup =
            want.backup && c.facts.files[want.path]?.exists ? `${backupCommand(want.path)} && ` : '';
          // mkdir for first-time files; mv within one directory is atomic. The handlers this change notifies
          // are recorded as pending on the host in the same command, before the move: if the run ends before
          // they run (dropped connection, a later failure), the next run runs them (src/facts/pending.ts).
          const notifies = want.notify ?? c.taskNotify ?? [];
          const pending = notifies.length > 0 ? `${markPendingCommand(notifies)} && ` : '';
          const r = await c.conn.run(
            `mkdir -p -- "$(dirname -- ${p})" && ${backup}${pending}chown ${WANTED_OWNER} -- ${shq(tmp)} && mv -f -- ${shq(tmp)} ${p}`,
            { become: true },
          );
          if (r.code !== 0) {
            await c.conn.run(`rm -f -- ${shq(tmp)}`, { become: true });
            throw new OperationError(`moving ${want.path} into place failed`, r.stderr.trim());
          }
        } finally {
          removeHook();
        }
      },
      effect(facts) {
        facts.files[want.path] = { exists: true, sha256: sha256(want.content), mode, owner: WANTED_OWNER };
        if (want.existing === 'marked') (facts.marked ??= {})[want.path] = true;
      },
    },
  ];
}
