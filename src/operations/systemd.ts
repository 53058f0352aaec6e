// systemd.dropin: keepalived's drop-in — start after network-online.target (VRRP needs its interface up and
// addressed), optionally Restart=on-failure — with daemon-reload only when the file changed. Nothing restarts:
// ordering applies at the next start, Restart= to the running unit after daemon-reload.
import { OperationError, operandArg, stringArg, type Change, type Operation } from './types.js';
import { planPrereqFile } from './prereq-files.js';
import { wantedAdmission } from './firewall.js';
import { FIREWALL_BOOT_SCRIPT, FIREWALL_UNITS } from './firewall-boot.js';

export const dropinPath = (unit: string): string => `/etc/systemd/system/${unit}.service.d/50-vipctl.conf`;

export function dropinContent(opts: {
  networkOnline?: boolean;
  restartOnFailure?: boolean;
  /** re-admit VRRP before each start, after the host's firewall has loaded its saved rules */
  firewallScript?: string;
}): string | undefined {
  const after = [
    ...(opts.networkOnline ? ['network-online.target'] : []),
    ...(opts.firewallScript ? FIREWALL_UNITS : []),
  ];
  const unit =
    after.length > 0
      ? `[Unit]\nAfter=${after.join(' ')}\n${opts.networkOnline ? 'Wants=network-online.target\n' : ''}`
      : '';
  const service = [
    ...(opts.restartOnFailure ? ['Restart=on-failure', 'RestartSec=2s'] : []),
    // "-": keepalived still starts if the firewall cannot be changed (verify and diagnose then say so)
    ...(opts.firewallScript ? [`ExecStartPre=-${opts.firewallScript}`] : []),
  ];
  const serviceText = service.length > 0 ? `[Service]\n${service.join('\n')}\n` : '';
  return unit || serviceText ? [unit, serviceText].filter(Boolean).join('\n') : undefined;
}

export const systemdDropin: Operation = {
  name: 'systemd.dropin',
  async plan(args, ctx) {
    const unit = operandArg(stringArg(args, 'name', 'keepalived'), 'unit name');
    if (ctx.facts.init !== 'systemd') return [];
    const path = dropinPath(unit);
    // Only where the inventory asks (defaults.systemd): Debian's and RHEL's units already order after
    // network-online.target; a drop-in vipctl wrote earlier and no longer wanted is removed.
    const firewallScript = unit === 'keepalived' && wantedAdmission(ctx) ? FIREWALL_BOOT_SCRIPT : undefined;
    const changes: Change[] = await planPrereqFile(
      path,
      dropinContent({ ...ctx.host.systemd, firewallScript }),
      ctx,
    );
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
