// Every unit test file runs this first (vitest.config.ts, project "unit"). A passing run reads clean:
// - what a test writes to the real stdout/stderr (listr2's renderer in display tests prints "✖ lb-host-2:
//   failed …" fixtures) is held and shown only when that test fails;
// - the SIGINT/SIGTERM handler vipctl installs (src/runner/interrupt.ts) is removed after each file, so the
//   worker's teardown is not reported as "vipctl: SIGTERM: stopping; restoring what is in flight".
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

// Test files run in parallel and several start the CLI against the same unreachable 127.0.0.x hosts: each file
// gets its own controller-lock directory (src/runner/controller-lock.ts), inherited by the CLIs it starts, so
// one file's run never finds another's lock ("another vipctl run holds these hosts", exit 6). Under the run's
// own temp directory, removed with it.
process.env.VIPCTL_LOCK_DIR = mkdtempSync(join(tmpdir(), 'vipctl-locks-test-'));

type Write = typeof process.stdout.write;
const streams = [process.stdout, process.stderr] as const;
const realWrite = streams.map((s) => s.write) as [Write, Write];
let held: { stream: 0 | 1; chunk: string | Uint8Array }[] = [];

function hold(index: 0 | 1): Write {
  return ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    held.push({ stream: index, chunk });
    const done = rest.find((r): r is () => void => typeof r === 'function');
    if (done) queueMicrotask(done);
    return true;
  }) as Write;
}

beforeEach(() => {
  held = [];
  process.stdout.write = hold(0);
  process.stderr.write = hold(1);
});

afterEach((ctx) => {
  process.stdout.write = realWrite[0];
  process.stderr.write = realWrite[1];
  const failed = ctx.task.result?.state === 'fail' || (ctx.task.result?.errors?.length ?? 0) > 0;
  if (failed) for (const { stream, chunk } of held) realWrite[stream].call(streams[stream], chunk);
  held = [];
});

const signals = ['SIGINT', 'SIGTERM'] as const;
let before = new Map<string, Set<(...args: unknown[]) => void>>();

beforeAll(() => {
  before = new Map(signals.map((s) => [s, new Set(process.listeners(s) as never[])]));
});

afterAll(() => {
  for (const s of signals)
    for (const l of process.listeners(s)) if (!before.get(s)?.has(l as never)) process.removeListener(s, l);
});
