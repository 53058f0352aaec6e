// Files with wanted content: compared by checksum (facts), written atomically, optional validation on the
// host before the file goes live, timestamped backup of the previous version.
import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { isInterrupted, onInterrupt } from '../runner/interrupt.js';
import { shq } from '../ssh/quote.js';
import { OperationError, type Change, type OperationContext } from './types.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

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
}

function stamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** The change that brings a file to its wanted content, or none when checksum and mode already match. */
export async function planFile(want: WantedFile, ctx: OperationContext): Promise<Change[]> {
  const current = ctx.facts.files[want.path];
  const mode = want.mode.toString(8);
  const sameContent = current?.exists && current.sha256 === sha256(want.content);
  if (sameContent && current.mode === mode) return [];
  let diff: string | undefined;
  if (ctx.wantDiff && !sameContent) {
    const old = current?.exists ? (await ctx.conn.run(`cat ${shq(want.path)}`, { become: true })).stdout : '';
    diff = createTwoFilesPatch(
      want.path,
      want.path,
      want.mask(old),
      want.mask(want.content),
      current?.exists ? 'on host' : '(absent)',
      'rendered',
    );
  }
  return [
    {
      description: sameContent
        ? `set mode ${mode} on ${want.path}`
        : `${current?.exists ? 'update' : 'create'} ${want.path}`,
      diff,
      notify: sameContent ? [] : want.notify,
      async apply(c) {
        if (sameContent) {
          const r = await c.conn.run(`chmod ${mode} ${shq(want.path)}`, { become: true });
          if (r.code !== 0) throw new OperationError(`chmod ${want.path} failed`, r.stderr.trim());
          return;
        }
        const p = shq(want.path);
        const tmp = `${want.path}.vipctl-new`;
        // Ctrl-C between upload and move: let the step in flight finish, stop there, and remove the temp files
        // while the connection is still open (hooks run before the session closes).
        let step: Promise<unknown> = Promise.resolve();
        const removeHook = onInterrupt(async () => {
          await Promise.race([step.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
          await c.conn.run(`rm -f ${shq(tmp)} ${shq(tmp)}.vipctl.*`, { become: true });
        });
        const stopIfInterrupted = (): void => {
          if (isInterrupted()) throw new OperationError(`${want.path} not changed: interrupted`);
        };
        try {
          stopIfInterrupted();
          step = c.conn.put(want.content, tmp, { mode: want.mode, become: true });
          await step;
          stopIfInterrupted();
          if (want.validate) {
            const validation = want.validate(c, tmp);
            step = validation;
            const problem = await validation;
            stopIfInterrupted();
            if (problem) {
              await c.conn.run(`rm -f ${shq(tmp)}`, { become: true });
              throw new OperationError(
                `${want.path} not changed: the new version failed validation`,
                want.mask(problem),
              );
            }
          }
          const backup =
            want.backup && c.facts.files[want.path]?.exists
              ? `cp -p ${p} ${shq(`${want.path}.${stamp()}.bak`)} && `
              : '';
          // mkdir for first-time files; mv within one directory is atomic.
          const r = await c.conn.run(`mkdir -p "$(dirname ${p})" && ${backup}mv -f ${shq(tmp)} ${p}`, {
            become: true,
          });
          if (r.code !== 0)
            throw new OperationError(`moving ${want.path} into place failed`, r.stderr.trim());
        } finally {
          removeHook();
        }
      },
      effect(facts) {
        facts.files[want.path] = { exists: true, sha256: sha256(want.content), mode };
      },
    },
  ];
}
