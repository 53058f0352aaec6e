// Services: enabled at boot, running, reloaded (handler). systemd where it runs; init scripts where it does not.
import { shq } from '../ssh/quote.js';
import { OperationError, operandArg, stringArg, type Operation, type OperationContext } from './types.js';

async function must(ctx: OperationContext, command: string, what: string): Promise<void> {
  const r = await ctx.conn.run(command, { become: true, timeoutMs: 120_000 });
  if (r.code !== 0)
    throw new OperationError(`${what} failed (exit ${r.code})`, (r.stderr || r.stdout).trim());
}

export const serviceEnabled: Operation = {
  name: 'service.enabled',
  async plan(args, ctx) {
    const name = operandArg(stringArg(args, 'name'), 'service name');
    if (ctx.facts.service.enabled) return [];
    const cmd =
      ctx.facts.init === 'systemd'
        ? `systemctl enable -- ${shq(name)}`
        : `if command -v update-rc.d >/dev/null; then update-rc.d ${shq(name)} defaults; else chkconfig ${shq(name)} on; fi`;
    return [
      {
        description: `enable ${name} at boot (${ctx.facts.init})`,
        apply: (c) => must(c, cmd, `enabling ${name}`),
        effect: (f) => void (f.service.enabled = true),
      },
    ];
  },
};

/**
 * service.running: start the service if it is stopped. With `when_file`, only once that file exists and is not
 * empty (keepalived's unit will not start without a config: ConditionFileNotEmpty).
 */
export const serviceRunning: Operation = {
  name: 'service.running',
  async plan(args, ctx) {
    const name = operandArg(stringArg(args, 'name'), 'service name');
    const whenFile = typeof args.when_file === 'string' ? args.when_file : undefined;
    if (ctx.facts.service.active) return [];
    if (whenFile && !ctx.facts.files[whenFile]?.exists) return [];
    const cmd =
      ctx.facts.init === 'systemd' ? `systemctl start -- ${shq(name)}` : `service ${shq(name)} start`;
    return [
      {
        description: `start ${name}`,
        async apply(c) {
          await must(c, cmd, `starting ${name}`);
          // A service manager's word is not proof (runbook §8): the service must really be up.
          const check =
            c.facts.init === 'systemd'
              ? `sleep 0.3; systemctl is-active -- ${shq(name)}`
              : `sleep 0.3; p=$(cat ${shq(`/run/${name}.pid`)} 2>/dev/null) && kill -0 "$p" && echo active`;
          const r = await c.conn.run(check, { become: true });
          if (r.stdout.trim() !== 'active')
            throw new OperationError(`${name} did not stay running after start`, r.stderr.trim());
          c.started.add(name);
        },
        effect: (f) => void (f.service.active = true),
      },
    ];
  },
};

/** Handler: reload (SIGHUP keeps VIPs in place, unlike a restart); start instead if it is not running. */
export const serviceReloaded: Operation = {
  name: 'service.reloaded',
  async plan(args, ctx) {
    const name = operandArg(stringArg(args, 'name'), 'service name');
    if (ctx.started.has(name)) return [];
    const systemd = ctx.facts.init === 'systemd';
    if (!ctx.facts.service.active) {
      return [
        {
          description: `start ${name}`,
          apply: async (c) => {
            await must(
              c,
              systemd ? `systemctl start -- ${shq(name)}` : `service ${shq(name)} start`,
              `starting ${name}`,
            );
            c.started.add(name);
          },
          effect: (f) => void (f.service.active = true),
        },
      ];
    }
    return [
      {
        description: `reload ${name}`,
        apply: (c) =>
          must(
            c,
            systemd ? `systemctl reload -- ${shq(name)}` : `service ${shq(name)} reload`,
            `reloading ${name}`,
          ),
      },
    ];
  },
};
