// apply's last step: verify, over the connections apply already holds, every cluster whose members it touched.
import type { AfterPlaybooks } from '../cli/playbook-command.js';
import { ExitCode } from '../cli/exit-codes.js';
import { exitCodeFor } from '../report/results.js';
import { makeStyle } from '../report/style.js';
import { formatVerdicts } from './format.js';
import { verifyClustersWaiting } from './verify.js';

export interface VerifyStepOptions {
  waitSeconds: number;
  adverts: boolean;
  forks: number;
  color: boolean;
}

export function verifyAfterApply(opts: VerifyStepOptions): AfterPlaybooks {
  return async ({ inventory, hosts, session, results }) => {
    const style = makeStyle(opts.color);
    const playbooks = exitCodeFor(results);
    if (playbooks !== ExitCode.OK) {
      const why = 'not run: a host failed or was unreachable above';
      return { exitCode: playbooks, json: { verify: { skipped: why } }, text: `verify: ${why}` };
    }
    // A cluster is verified only when every member was selected: the others are not connected.
    const selected = new Set(hosts.map((h) => h.name));
    const touched = inventory.clusters.filter((c) => c.members.some((m) => selected.has(m.host)));
    const clusters = touched.filter((c) => c.members.every((m) => selected.has(m.host)));
    const partial = touched.filter((c) => !clusters.includes(c)).map((c) => c.name);
    const verdicts = await verifyClustersWaiting(inventory, clusters, session, opts);
    const ok = verdicts.every((v) => v.ok);
    const note =
      partial.length > 0
        ? `\nnot verified (--limit selects only some of their members): ${partial.join(', ')}`
        : '';
    return {
      exitCode: ok ? ExitCode.OK : ExitCode.FAILED,
      json: { verify: { ok, clusters: verdicts, notVerified: partial } },
      text: `${formatVerdicts(verdicts, style, true, true)}${note}`,
    };
  };
}
