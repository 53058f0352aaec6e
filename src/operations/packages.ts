// packages.present: install what is missing with the host's package manager (apt / dnf / yum).
import { shq } from '../ssh/quote.js';
import { OperationError, operandArg, stringListArg, type Change, type Operation } from './types.js';

/** apt lists older than this are refreshed before installing (never when nothing is missing). */
const APT_LISTS_MAX_AGE_S = 24 * 3600;
const DPKG_LOCK_TIMEOUT_S = 300;
/** apt's words for lists that no longer match the mirror */
const STALE_LISTS = /Unable to locate package|Failed to fetch|404\s+Not Found|has no installation candidate/;

export const packagesPresent: Operation = {
  name: 'packages.present',
  async plan(args, ctx) {
    const names = stringListArg(args, 'names').map((n) => operandArg(n, 'package name'));
    const missing = names.filter((n) => ctx.facts.packages[n] === undefined);
    if (missing.length === 0) return [];
    const pm = ctx.facts.packageManager;
    if (pm === 'none')
      throw new OperationError(`no supported package manager (apt-get, dnf, yum) on ${ctx.host.name}`);
    const list = missing.map(shq).join(' ');
    const refresh = pm === 'apt' && ctx.facts.aptListsAge > APT_LISTS_MAX_AGE_S;
    const aptCommand = (update: boolean): string =>
      [
        'export DEBIAN_FRONTEND=noninteractive',
        // apt waits for the dpkg lock itself (and says "Waiting for cache lock"), up to the timeout.
        `apt_opts="-o DPkg::Lock::Timeout=${DPKG_LOCK_TIMEOUT_S} -q"`,
        update ? 'apt-get $apt_opts update' : ':',
        `apt-get $apt_opts install -y --no-install-recommends -- ${list}`,
      ].join(' && ');
    const command = pm === 'apt' ? aptCommand(refresh) : `${pm} install -y -- ${list}`;
    const change: Change = {
      description: `install ${missing.join(', ')} (${pm}${refresh ? ', cache refreshed' : ''})`,
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
        for (const n of missing) facts.packages[n] = 'installed';
      },
    };
    return [change];
  },
};
