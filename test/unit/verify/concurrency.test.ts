// verify at fleet scale: every host's advert capture is in flight at once (one capture window per run), while
// --forks still bounds the observe round trips. Connections are stand-ins that count what is in flight.
import { describe, expect, it } from 'vitest';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { Session } from '../../../src/runner/session.js';
import type { HostConnection, RunResult } from '../../../src/ssh/types.js';
import { verifyClusters } from '../../../src/verify/verify.js';

const N = 8;
const hosts = Array.from({ length: N }, (_, i) => `  lb-${i + 1}: { address: 10.10.10.${51 + i} }`);
const clusters = Array.from(
  { length: N / 2 },
  (_, i) =>
    `  c${i + 1}:\n    virtual_router_id: ${51 + i}\n    vips: [10.10.10.${2 + i}]\n    members: { lb-${2 * i + 1}: { priority: 100 }, lb-${2 * i + 2}: { priority: 90 } }`,
);
const { inventory } = loadInventoryTexts(
  new Map([['inv.yaml', `hosts:\n${hosts.join('\n')}\nclusters:\n${clusters.join('\n')}\n`]]),
);

/** Captures resolve only once every host's capture has started: with captures in waves this never ends. */
function fleet() {
  const inFlight = { capture: 0, observe: 0, maxCapture: 0, maxObserve: 0 };
  let started = 0;
  let allStarted: () => void = () => undefined;
  const everyCaptureStarted = new Promise<void>((r) => (allStarted = r));
  const conn = (host: string): HostConnection => ({
    host,
    connected: true,
    async run(command: string): Promise<RunResult> {
      const kind = command.includes('tcpdump') ? 'capture' : 'observe';
      inFlight[kind]++;
      if (kind === 'capture') {
        inFlight.maxCapture = Math.max(inFlight.maxCapture, inFlight.capture);
        if (++started === N) allStarted();
        await Promise.race([everyCaptureStarted, new Promise((r) => setTimeout(r, 200))]);
      } else {
        inFlight.maxObserve = Math.max(inFlight.maxObserve, inFlight.observe);
        await new Promise((r) => setTimeout(r, 5));
      }
      inFlight[kind]--;
      return { code: 0, stdout: '', stderr: '' };
    },
    put: async () => undefined,
    stream: () => ({
      stop: async () => undefined,
      done: Promise.resolve({ code: 0, stdout: '', stderr: '' }),
    }),
    onClose: () => undefined,
    close: async () => undefined,
  });
  const session = new Session(inventory.hosts.map((host) => ({ host, conn: conn(host.name) })));
  return { session, inFlight, everyCaptureStarted };
}

describe('verify at fleet scale', () => {
  it('starts every host’s advert capture at once, whatever --forks; --forks bounds the observe round trips', async () => {
    const { session, inFlight } = fleet();
    const verdicts = await verifyClusters(inventory, inventory.clusters, session, { forks: 2 });
    expect(verdicts).toHaveLength(N / 2);
    expect(inFlight.maxCapture).toBe(N);
    expect(inFlight.maxObserve).toBeLessThanOrEqual(2);
    await session.close();
  });

  it('without adverts nothing is captured', async () => {
    const { session, inFlight } = fleet();
    await verifyClusters(inventory, inventory.clusters, session, { forks: 3, adverts: false });
    expect(inFlight.maxCapture).toBe(0);
    expect(inFlight.maxObserve).toBeLessThanOrEqual(3);
    await session.close();
  });
});
