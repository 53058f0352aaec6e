// Ctrl-C / SIGTERM: the first signal stops new work and runs the registered restore hooks (in reverse order),
// then exits 130; a second signal while restoring is reported and ignored until the hooks are done.
import { ExitCode } from '../cli/exit-codes.js';

type Hook = () => Promise<void>;
const hooks: Hook[] = [];
let interrupted = false;
let installed = false;

export function isInterrupted(): boolean {
  return interrupted;
}

/** Registers a hook that runs on interrupt; returns its removal. */
export function onInterrupt(hook: Hook): () => void {
  installInterruptHandler();
  hooks.push(hook);
  return () => {
    const i = hooks.indexOf(hook);
    if (i >= 0) hooks.splice(i, 1);
  };
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
      // Newest first, and hooks registered while restoring are run too.
      for (let h = hooks.pop(); h; h = hooks.pop()) {
        try {
          await h();
        } catch (err) {
          process.stderr.write(`vipctl: restore step failed: ${(err as Error).message}\n`);
        }
      }
      process.exit(ExitCode.INTERRUPTED);
    })();
  };
  // Replaces bin/vipctl.js's early "exit 130" listeners.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
