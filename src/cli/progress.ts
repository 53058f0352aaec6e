// Progress of one long step (a debootstrap, an apt install): what it is doing now and for how long.
// A person at a terminal sees one line redrawn in place; a CI log or a pipe gets a plain line every few
// seconds (never one per package), so a slow mirror is never a silent minute.

export interface ProgressOptions {
  /** one line redrawn in place (a terminal), or periodic plain lines */
  interactive: boolean;
  write: (text: string) => void;
  /** plain mode: at most one line per this many ms (default 10 s) */
  everyMs?: number;
  now?: () => number;
}

export interface Progress {
  /** what the step is doing now (e.g. "unpacking systemd") */
  update(doing: string): void;
  /** clears the line on a terminal; the caller reports the outcome */
  end(): void;
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function createProgress(label: string, opts: ProgressOptions): Progress {
  const now = opts.now ?? Date.now;
  const started = now();
  const every = opts.everyMs ?? 10_000;
  let doing = 'starting';
  let shown = started; // plain: when the last line was written (the caller has just said the step starts)
  let drawn = 0;
  let ended = false;
  const line = (): string => `${label}: ${doing} (${formatElapsed(now() - started)})`;
  const draw = (): void => {
    if (ended) return;
    if (opts.interactive) {
      opts.write(`\r\x1b[2K${line()}`);
      drawn = now();
    } else if (now() - shown >= every) {
      opts.write(`${line()}\n`);
      shown = now();
    }
  };
  // Elapsed time moves even while the step prints nothing (a large download).
  const timer = setInterval(draw, opts.interactive ? 1000 : every);
  timer.unref();
  return {
    update(text: string): void {
      doing = text;
      if (!opts.interactive || now() - drawn >= 100) draw();
    },
    end(): void {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      if (opts.interactive) opts.write('\r\x1b[2K');
    },
  };
}
