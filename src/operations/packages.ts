// packages.present: install what is missing with the host's package manager (apt / dnf / yum).
import { shq } from '../ssh/quote.js';
import {
  OperationError,
  operandArg,
  stringListArg,
  type Change,
  type Operation,
  type OperationContext,
} from './types.js';

/** apt lists older than this are refreshed before installing (never when nothing is missing). */
const APT_LISTS_MAX_AGE_S = 24 * 3600;
const DPKG_LOCK_TIMEOUT_S = 300;
/** apt's words for lists that no longer match the mirror */
const STALE_LISTS = /Unable to locate package|Failed to fetch|404\s+Not Found|has no installation candidate/;

export const packagesPresent: Operation = {
  name: 'packages.present',
  async plan(args, ctx) {
    const names = stringListArg(args, 'names').map((n) => operandArg(n, 'package name'));
    const pin = names.includes('keepalived') ? ctx.host.keepalivedVersion : undefined;
    const pinMet = pin === undefined || (await keepalivedPinMet(pin, ctx));
    // a pinned keepalived is judged by the pin alone (in the lab its source build needs no package)
    const missing = names.filter((n) =>
      n === 'keepalived' && pin !== undefined ? !pinMet : ctx.facts.packages[n] === undefined,
    );
    if (missing.length === 0) return [];
    const pm = ctx.facts.packageManager;
    if (pm === 'none')
      throw new OperationError(`no supported package manager (apt-get, dnf, yum) on ${ctx.host.name}`);
    const spec = (n: string): string =>
      n === 'keepalived' && pin !== undefined
        ? `${n}${pm === 'apt' ? '=' : '-'}${operandArg(pin, 'version')}`
        : n;
    const list = missing.map((n) => shq(spec(n))).join(' ');
    const refresh = pm === 'apt' && ctx.facts.aptListsAge > APT_LISTS_MAX_AGE_S;
    const aptCommand = (update: boolean): string =>
      [
        'export DEBIAN_FRONTEND=noninteractive',
        // apt waits for the dpkg lock itself (and says "Waiting for cache lock"), up to the timeout.
        `apt_opts="-o DPkg::Lock::Timeout=${DPKG_LOCK_TIMEOUT_S} -q"`,
        update ? 'apt-get $apt_opts update' : ':',
        `apt-get $apt_opts install -y --no-install-recommends${pin !== undefined ? ' --allow-downgrades' : ''} -- ${list}`,
      ].join(' && ');
    const command = pm === 'apt' ? aptCommand(refresh) : `${pm} install -y -- ${list}`;
    const change: Change = {
      description: `install ${missing.map(spec).join(', ')} (${pm}${refresh ? ', cache refreshed' : ''})`,
      async apply(c) {
        // every 5 s while it lasts, with the time so far: on the host's line (TTY), as a plain line (CI)
        const started = Date.now();
        const busy = () =>
          `${pm} is installing ${missing.join(', ')} … ${Math.round((Date.now() - started) / 1000)}s`;
        const waiting = setInterval(() => c.progress(busy()), 5000);
        const install = (cmd: string) =>
          c.conn.run(cmd, { become: true, timeoutMs: (DPKG_LOCK_TIMEOUT_S + 600) * 1000 });
        let r = await install(command).finally(() => clearInterval(waiting));
        // Lists younger than a day can still be outdated (a mirror moved on): refresh once and retry.
        if (r.code !== 0 && pm === 'apt' && !refresh && STALE_LISTS.test(r.stderr + r.stdout)) {
          c.progress('package lists out of date: apt-get update, then install again');
          r = await install(aptCommand(true));
        }
        if (/Waiting for cache lock|Could not get lock/.test(r.stderr + r.stdout))
          c.progress('waited for the dpkg lock held by another process');
        if (r.code !== 0) {
          const tail = (r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n');
          throw new OperationError(`${pm} could not install ${missing.join(', ')} (exit ${r.code})`, tail);
        }
      },
      effect(facts) {
        for (const n of missing)
          facts.packages[n] = n === 'keepalived' && pin !== undefined ? pin : 'installed';
      },
    };
    return [change];
  },
};

/** "1:2.2.7-1+b2" → "2.2.7": the upstream part of a package version (epoch and packaging revision off). */
export function upstreamVersion(v: string): string {
  return v.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
}

/** The installed package is the pinned version (exactly, or its upstream part when the pin gives only that). */
export function pinSatisfied(pin: string, installed: string | undefined): boolean {
  if (installed === undefined) return false;
  return (
    installed === pin ||
    upstreamVersion(installed) === pin ||
    upstreamVersion(installed) === upstreamVersion(pin)
  );
}

/**
 * The pin holds when the package is that version or, in vipctl's lab only, when that version's source build
 * (`vipctl lab up --keepalived VERSION`, /usr/local/keepalived-VERSION) is what the host runs.
 */
async function keepalivedPinMet(pin: string, ctx: OperationContext): Promise<boolean> {
  if (pinSatisfied(pin, ctx.facts.packages.keepalived)) return true;
  const v = operandArg(pin, 'version');
  const r = await ctx.conn.run(
    `test -x ${shq(`/usr/local/keepalived-${v}/sbin/keepalived`)} && grep -qx ${shq(v)} /etc/vipctl-lab-keepalived`,
  );
  return r.code === 0;
}
