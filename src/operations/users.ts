// users.script_user: the user keepalived runs scripts as (global_defs script_user) exists on the host. Stock
// Debian has no keepalived_script user, and keepalived then refuses to run any script.
import { renderHostConfig } from '../render/render.js';
import { shq } from '../ssh/quote.js';
import { OperationError, type Operation } from './types.js';

/** The script_user the rendered config names, if any. */
export function scriptUserOf(config: string): string | undefined {
  return /^\s*script_user\s+(\S+)/m.exec(config)?.[1];
}

export const scriptUser: Operation = {
  name: 'users.script_user',
  async plan(_args, ctx) {
    const { text } = renderHostConfig(ctx.inventory, ctx.host.name, { templateDir: ctx.templateDir });
    const user = scriptUserOf(text);
    if (!user || user === 'root') return [];
    if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user))
      throw new OperationError(`refusing script_user "${user}": not a valid user name`);
    const known = await ctx.conn.run(`getent passwd -- ${shq(user)} >/dev/null`);
    if (known.code === 0) return [];
    return [
      {
        description: `create system user ${user} (keepalived's script user)`,
        async apply(c) {
          const r = await c.conn.run(
            `useradd --system --user-group --no-create-home --home-dir /nonexistent --shell "$(command -v nologin || echo /bin/false)" -- ${shq(user)}`,
            { become: true },
          );
          if (r.code !== 0) throw new OperationError(`creating user ${user} failed`, r.stderr.trim());
        },
      },
    ];
  },
};
