import { describe, expect, it } from 'vitest';
import { onInterrupt, runInterruptHooks } from '../../../src/runner/interrupt.js';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('interrupt hooks', () => {
  it('newest first; concurrent hooks registered together run at once; the session closes last', async () => {
    const log: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const restore = (name: string) => async (): Promise<void> => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      log.push(`start ${name}`);
      await tick(20);
      inFlight--;
      log.push(`end ${name}`);
    };
    const remove = [
      onInterrupt(async () => void log.push('close session')),
      onInterrupt(restore('c1'), { concurrent: true }),
      onInterrupt(restore('c2'), { concurrent: true }),
      onInterrupt(restore('c3'), { concurrent: true }),
      onInterrupt(async () => void log.push('temp file')),
    ];
    const errors: Error[] = [];
    await runInterruptHooks((e) => errors.push(e));
    expect(log[0]).toBe('temp file');
    expect(log.slice(1, 4).sort()).toEqual(['start c1', 'start c2', 'start c3']);
    expect(peak).toBe(3);
    expect(log.at(-1)).toBe('close session');
    expect(errors).toEqual([]);
    for (const r of remove) r(); // already run: removing is a no-op
  });

  it('a failing hook is reported and the others still run', async () => {
    const ran: string[] = [];
    onInterrupt(async () => void ran.push('first'));
    onInterrupt(
      async () => {
        throw new Error('restore on lb-host-1 failed');
      },
      { concurrent: true },
    );
    onInterrupt(async () => void ran.push('sibling'), { concurrent: true });
    const errors: Error[] = [];
    await runInterruptHooks((e) => errors.push(e));
    expect(ran).toEqual(['sibling', 'first']);
    expect(errors.map((e) => e.message)).toEqual(['restore on lb-host-1 failed']);
  });
});
