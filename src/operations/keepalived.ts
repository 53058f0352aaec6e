// keepalived.config: the host's keepalived.conf rendered from the inventory, tested with `keepalived -t` on the
// host before it replaces the working one. notify.scripts: notify scripts whose content the inventory gives.
import { withMarker } from '../facts/managed.js';
import { judgeConfigTest } from '../render/config-test.js';
import { maskKeepalivedConfig } from '../render/mask.js';
import { notifyScriptsFor } from '../render/notify.js';
import { renderHostConfig } from '../render/render.js';
import { shq } from '../ssh/quote.js';
import { checkPath, planFile } from './files.js';
import { stringArg, type Change, type Operation, type OperationContext } from './types.js';

export const KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';

/** The masker for everything shown from keepalived configs (diffs, errors, -vv output). */
export function keepalivedMasker(secrets: string[]): (text: string) => string {
  return (text) => maskKeepalivedConfig(text, secrets);
}

/** Runs `keepalived -t -f FILE` on the host; an error message with the offending lines, or undefined if valid. */
async function keepalivedTest(
  ctx: OperationContext,
  file: string,
  rendered: string,
): Promise<string | undefined> {
  const r = await ctx.conn.run(`keepalived -t -f ${shq(file)}`, { become: true, timeoutMs: 30_000 });
  const verdict = judgeConfigTest(r.code, r.stderr);
  if (verdict.status === 'valid') return undefined;
  if (verdict.status === 'unavailable') {
    ctx.progress(`keepalived -t unavailable (${verdict.reason}); config not tested`);
    return undefined;
  }
  const lines = rendered.split('\n');
  const shown = verdict.messages.map((m) => {
    const at = /\(.*?: Line (\d+)\)/.exec(m);
    const n = at ? Number(at[1]) : undefined;
    return n && lines[n - 1] !== undefined ? `${m}\n    line ${n}: ${lines[n - 1]!.trim()}` : m;
  });
  return `keepalived -t says:\n  ${shown.join('\n  ')}`;
}

export const keepalivedConfig: Operation = {
  name: 'keepalived.config',
  async plan(args, ctx): Promise<Change[]> {
    const path = stringArg(args, 'path', KEEPALIVED_CONF);
    checkPath(path);
    const { text, secrets } = renderHostConfig(ctx.inventory, ctx.host.name, {
      templateDir: ctx.templateDir,
    });
    return planFile(
      {
        path,
        content: text,
        mode: 0o600,
        mask: keepalivedMasker(secrets),
        backup: true,
        validate: (c, tmp) => keepalivedTest(c, tmp, text),
        notify: Array.isArray(args.notify) ? (args.notify as string[]) : undefined,
      },
      ctx,
    );
  },
};

export const notifyScripts: Operation = {
  name: 'notify.scripts',
  async plan(_args, ctx) {
    const changes: Change[] = [];
    for (const s of notifyScriptsFor(ctx.inventory, ctx.host.name)) {
      changes.push(
        ...(await planFile(
          {
            path: s.path,
            content: withMarker(s.content),
            mode: 0o755,
            mask: (t) => t,
            backup: false,
            existing: 'marked',
          },
          ctx,
        )),
      );
    }
    return changes;
  },
};
