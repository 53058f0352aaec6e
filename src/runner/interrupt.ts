// Ctrl-C / SIGTERM: the first signal stops new work and runs the registered restore hooks (in reverse order),
// then exits 130; a second signal while restoring is reported and ignored until the hooks are done.
import { ExitCode } from '../cli/exit-codes.js';

type Hook = (() => Promise<void>) & { concurrent?: boolean };
const hooks: Hook[] = [];
let interrupted = false;
let installed = false;

export function isInterrupted(): boolean {
  return interrupted;
}

/**
 * Registers a hook that runs on interrupt; returns its removal. `concurrent` hooks registered one after another
 * run together (failover-test --parallel: every cluster in flight restores at once, not one after another).
 */
export function onInterrupt(hook: () => Promise<void>, opts: { concurrent?: boolean } = {}): () => void {
  installInterruptHandler();
  const entry: Hook = () => hook();
  entry.concurrent = opts.concurrent;
  hooks.push(entry);
  return () => {
    const i = hooks.indexOf(entry);
    if (i >= 0) hooks.splice(i, 1);
  };
}

/** The next hooks to run: the newest, with the concurrent ones registered just before it when it is one. */
function nextBatch(): Hook[] {
  const last = hooks.pop();
  if (!last) return [];
  const batch = [last];
  while (last.concurrent && hooks.at(-1)?.concurrent) batch.push(hooks.pop()!);
  return batch;
}

/** Runs the registered hooks, newest first (hooks registered meanwhile too); a failing one does not stop the rest. */
export async function runInterruptHooks(onError: (err: Error) => void): Promise<void> {
  for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
    const results = await Promise.allSettled(batch.map((h) => h()));
    for (const r of results) if (r.status === 'rejected') onError(r.reason as Error);
  }
}

export function installInterruptHandler(): void {
  if (installed) return;
  installed = true;
  const handler = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      process.stderr.write(`vipctl: ${signal} again: still restoring, please wait\n`);
      return;
    }
    interrupted = true;
    process.stderr.write(`vipctl: ${signal}: stopping; restoring what is in flight\n`);
    void (async () => {
      await runInterruptHooks((err) => process.stderr.write(`vipctl: restore step failed: ${err.message}\n`));
      process.exit(ExitCode.INTERRUPTED);
    })();
  };
  // Replaces bin/vipctl.js's early "exit 130" listeners.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
