import { describe, expect, it } from 'vitest';
import { createProgress, formatElapsed } from '../../../src/cli/progress.js';
import { debootstrapStep } from '../../../src/lab/debootstrap-step.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('progress of a long step', () => {
  it('plain (CI, pipe): a line at most every 10 s with the current step and the elapsed time', () => {
    const c = clock();
    const out: string[] = [];
    const p = createProgress('lab: debootstrap', {
      interactive: false,
      write: (t) => out.push(t),
      now: c.now,
    });
    for (let i = 0; i < 50; i++) {
      c.advance(500);
      p.update(`unpacking pkg${i}`);
    }
    p.end();
    expect(out).toEqual([
      'lab: debootstrap: unpacking pkg19 (10s)\n',
      'lab: debootstrap: unpacking pkg39 (20s)\n',
    ]);
  });

  it('terminal: one line redrawn in place, cleared at the end, never a newline', () => {
    const c = clock();
    const out: string[] = [];
    const p = createProgress('lab: debootstrap', {
      interactive: true,
      write: (t) => out.push(t),
      now: c.now,
    });
    c.advance(200);
    p.update('downloading libc6');
    c.advance(50);
    p.update('downloading libacl1'); // within 100 ms of the last redraw: not drawn
    c.advance(61_000);
    p.update('configuring systemd');
    p.end();
    expect(out).toEqual([
      '\r\x1b[2Klab: debootstrap: downloading libc6 (0s)',
      '\r\x1b[2Klab: debootstrap: configuring systemd (1m01s)',
      '\r\x1b[2K',
    ]);
    expect(out.join('')).not.toContain('\n');
  });

  it('formats elapsed time', () => {
    expect(formatElapsed(999)).toBe('0s');
    expect(formatElapsed(43_000)).toBe('43s');
    expect(formatElapsed(125_000)).toBe('2m05s');
  });
});

describe('debootstrap lines', () => {
  it('become short steps; other lines are ignored', () => {
    expect(debootstrapStep('I: Retrieving libacl1 2.3.1-3')).toBe('downloading libacl1');
    expect(debootstrapStep('I: Validating libc6 2.36-9+deb12u4')).toBe('checking libc6');
    expect(debootstrapStep('I: Unpacking libc6:amd64...')).toBe('unpacking libc6');
    expect(debootstrapStep('I: Configuring systemd...')).toBe('configuring systemd');
    expect(debootstrapStep('I: Unpacking required packages...')).toBe('unpacking required packages');
    expect(debootstrapStep('I: Base system installed successfully.')).toBe('base system installed');
    expect(debootstrapStep('W: Cannot check Release signature')).toBeUndefined();
    expect(debootstrapStep('dpkg: warning: something')).toBeUndefined();
  });
});
