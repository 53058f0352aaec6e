// systemd.dropin: keepalived's drop-in — start after network-online.target (VRRP needs its interface up and
// addressed), optionally Restart=on-failure — with daemon-reload only when the file changed. Nothing restarts:
// ordering applies at the next start, Restart= to the running unit after daemon-reload.
import { OperationError, operandArg, stringArg, type Change, type Operation } from './types.js';
import { planPrereqFile } from './prereq-files.js';

export const dropinPath = (unit: string): string => `/etc/systemd/system/${unit}.service.d/50-vipctl.conf`;

export function dropinContent(opts: {
  networkOnline: boolean;
  restartOnFailure: boolean;
}): string | undefined {
  const unit = opts.networkOnline ? '[Unit]\nAfter=network-online.target\nWants=network-online.target\n' : '';
  const service = opts.restartOnFailure ? '[Service]\nRestart=on-failure\nRestartSec=2s\n' : '';
  return unit || service ? [unit, service].filter(Boolean).join('\n') : undefined;
}

export const systemdDropin: Operation = {
  name: 'systemd.dropin',
  async plan(args, ctx) {
    const unit = operandArg(stringArg(args, 'name', 'keepalived'), 'unit name');
    if (ctx.facts.init !== 'systemd') return [];
    const path = dropinPath(unit);
    // Only where the inventory asks (defaults.systemd): Debian's and RHEL's units already order after
    // network-online.target; a drop-in vipctl wrote earlier and no longer wanted is removed.
    const opts = ctx.host.systemd;
    const changes: Change[] = await planPrereqFile(path, opts && dropinContent(opts), ctx);
    return changes.map((change) => ({
      ...change,
      description: `${change.description} (then systemctl daemon-reload)`,
      async apply(c) {
        await change.apply(c);
        const r = await c.conn.run('systemctl daemon-reload', { become: true, timeoutMs: 60_000 });
        if (r.code !== 0) throw new OperationError('systemctl daemon-reload failed', r.stderr.trim());
      },
    }));
  },
};
