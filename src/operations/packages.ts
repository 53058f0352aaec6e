// packages.present: install what is missing with the host's package manager (apt / dnf / yum).
import { shq } from '../ssh/quote.js';
import { OperationError, stringListArg, type Change, type Operation } from './types.js';

/** apt lists older than this are refreshed before installing (never when nothing is missing). */
const APT_LISTS_MAX_AGE_S = 24 * 3600;
const DPKG_LOCK_TIMEOUT_S = 300;

export const packagesPresent: Operation = {
  name: 'packages.present',
  async plan(args, ctx) {
    const names = stringListArg(args, 'names');
    const missing = names.filter((n) => ctx.facts.packages[n] === undefined);
    if (missing.length === 0) return [];
    const pm = ctx.facts.packageManager;
    if (pm === 'none')
      throw new OperationError(`no supported package manager (apt-get, dnf, yum) on ${ctx.host.name}`);
    const list = missing.map(shq).join(' ');
    const refresh = pm === 'apt' && ctx.facts.aptListsAge > APT_LISTS_MAX_AGE_S;
    const command =
      pm === 'apt'
        ? [
            'export DEBIAN_FRONTEND=noninteractive',
            // apt waits for the dpkg lock itself (and says "Waiting for cache lock"), up to the timeout.
            `apt_opts="-o DPkg::Lock::Timeout=${DPKG_LOCK_TIMEOUT_S} -q"`,
            refresh ? 'apt-get $apt_opts update' : ':',
            `apt-get $apt_opts install -y --no-install-recommends ${list}`,
          ].join(' && ')
        : `${pm} install -y ${list}`;
    const change: Change = {
      description: `install ${missing.join(', ')} (${pm}${refresh ? ', cache refreshed' : ''})`,
      async apply(c) {
        const waiting = setTimeout(() => c.progress(`${pm} is installing ${missing.join(', ')} …`), 5000);
        const r = await c.conn
          .run(command, { become: true, timeoutMs: (DPKG_LOCK_TIMEOUT_S + 600) * 1000 })
          .finally(() => clearTimeout(waiting));
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
