import { describe, expect, it } from 'vitest';
import { estimateOffset, toControllerMs } from '../../../src/failover/clock.js';

describe('clock offsets between a host and the controller', () => {
  it('uses the sample with the shortest round trip', () => {
    const o = estimateOffset('h', [
      { sentMs: 0, receivedMs: 100, hostMs: 5000 + 90 },
      { sentMs: 1000, receivedMs: 1010, hostMs: 6000 + 5 },
    ]);
    expect(o.offsetMs).toBe(5000);
    expect(o.uncertaintyMs).toBe(5);
    expect(toControllerMs(7000, o)).toBe(2000);
  });

  it('an offset within its own uncertainty is zero (same clock)', () => {
    const o = estimateOffset('h', [{ sentMs: 0, receivedMs: 20, hostMs: 13 }]);
    expect(o.offsetMs).toBe(0);
    expect(toControllerMs(123, o)).toBe(123);
  });

  it('a time-zone difference shows up as an offset and is corrected', () => {
    const hour = 3_600_000;
    const o = estimateOffset('h', [{ sentMs: 10_000, receivedMs: 10_004, hostMs: 10_002 + hour }]);
    expect(o.offsetMs).toBe(hour);
  });
});
