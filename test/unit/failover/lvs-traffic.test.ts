import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  TrafficProbe,
  formatTraffic,
  summarizeTraffic,
  type TrafficSample,
} from '../../../src/failover/traffic.js';

// failover-test --traffic: real requests to a real local HTTP server that stops answering for a while.

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

function listen(port = 0): Promise<number> {
  server = createServer((_req, res) => res.end('ok\n'));
  return new Promise((resolve) =>
    server!.listen(port, '127.0.0.1', () => resolve((server!.address() as AddressInfo).port)),
  );
}

describe('traffic probe', () => {
  it('counts answers and failures before, during and after, and the longest gap, against a server that goes away', async () => {
    const port = await listen();
    const probe = new TrafficProbe('127.0.0.1', port, 30, 20);
    await new Promise((r) => setTimeout(r, 300));
    const acted = Date.now();
    await new Promise<void>((r) => server!.close(() => r()));
    await new Promise((r) => setTimeout(r, 400));
    const restored = Date.now();
    await listen(port);
    await new Promise((r) => setTimeout(r, 300));
    const t = summarizeTraffic(await probe.stop(), probe.target, acted, restored, 20);
    expect(t.before.failed).toBe(0);
    expect(t.before.answered).toBeGreaterThan(5);
    expect(t.during.answered).toBe(0);
    expect(t.during.failed).toBeGreaterThan(5);
    expect(t.after.answered).toBeGreaterThan(5);
    expect(t.errors['ECONNREFUSED']).toBe(t.failed);
    // the outage was ~400 ms: the longest gap between answers spans it, and not much more
    expect(t.longestGapMs).toBeGreaterThanOrEqual(380);
    expect(t.longestGapMs).toBeLessThan(2000);
    expect(formatTraffic(t)).toMatch(/requests answered, \d+ failed; longest gap \d+ ms/);
  });

  it('summary arithmetic: phases split at the action and the restore', () => {
    const s = (sentAtMs: number, ok: boolean): TrafficSample => ({
      sentAtMs,
      doneAtMs: sentAtMs + 5,
      ...(ok ? { status: 200 } : { error: 'timeout' }),
    });
    const t = summarizeTraffic(
      [s(0, true), s(50, true), s(100, false), s(150, false), s(200, true), s(250, true)],
      'x:80',
      100,
      200,
      50,
    );
    expect(t).toMatchObject({
      sent: 6,
      answered: 4,
      failed: 2,
      longestGapMs: 150,
      before: { sent: 2, answered: 2, failed: 0 },
      during: { sent: 2, answered: 0, failed: 2 },
      after: { sent: 2, answered: 2, failed: 0 },
      errors: { timeout: 2 },
    });
  });
});
