import { describe, expect, it } from 'vitest';
import { INOTIFY_PER_MACHINE, inotifyShortfall } from '../../../src/lab/lab.js';

describe('inotifyShortfall (machine hosts share one fs.inotify.max_user_instances)', () => {
  it('lets a small lab boot under Debian’s default of 128', () => {
    expect(inotifyShortfall(128, 2)).toBeUndefined();
    expect(inotifyShortfall(128, 10)).toBeUndefined();
  });

  it('refuses 50 hosts under 128, saying how many fit and how to raise it', () => {
    const problem = inotifyShortfall(128, 50);
    expect(problem?.message).toContain('50 machine hosts need about 416 inotify instances');
    expect(problem?.message).toContain('max_user_instances is 128 (14 hosts at most)');
    expect(problem?.hint).toContain('sysctl -w fs.inotify.max_user_instances=1024');
    expect(problem?.hint).toContain('--flavour light');
  });

  it('is satisfied exactly at the need, and suggests more than 1024 when 1024 is not enough', () => {
    expect(inotifyShortfall(INOTIFY_PER_MACHINE * 50 + 16, 50)).toBeUndefined();
    expect(inotifyShortfall(1024, 150)?.hint).toContain(
      `max_user_instances=${INOTIFY_PER_MACHINE * 150 + 16}`,
    );
  });
});
