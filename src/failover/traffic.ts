// failover-test --traffic PORT: the load-balancing path as a client sees it. An HTTP GET to VIP:PORT every
// 50 ms, each on a new connection (a client that does not keep connections), from before the master fails until
// the VIP is back; answered and failed requests before, during and after the failover, and the longest gap
// between two answers. Whoever holds the VIP answers: through IPVS to a real server, or itself (as on a kernel
// without IPVS, where the holder runs the service on the VIP: docs/lvs.md).
import { request } from 'node:http';
import { z } from 'zod';

export const TRAFFIC_INTERVAL_MS = 50;
const TIMEOUT_MS = 1000;

export interface TrafficSample {
  sentAtMs: number;
  doneAtMs: number;
  /** HTTP status, or undefined when no answer came (refused, reset, timeout) */
  status?: number;
  error?: string;
}

const phase = z.strictObject({
  sent: z.number().int(),
  answered: z.number().int(),
  failed: z.number().int(),
});
export const trafficSummarySchema = z.strictObject({
  target: z.string(),
  intervalMs: z.number(),
  sent: z.number().int(),
  answered: z.number().int(),
  failed: z.number().int(),
  /** the longest time between two answered requests (ms), over the whole probe */
  longestGapMs: z.number(),
  before: phase,
  /** from the master's failure to the start of its restore */
  during: phase,
  /** from the restore to the end (the VIP's return included) */
  after: phase,
  /** the reasons requests failed, with counts ("ECONNREFUSED": 12) */
  errors: z.record(z.string(), z.number().int()),
});
export type TrafficSummary = z.infer<typeof trafficSummarySchema>;

/** One GET on a fresh connection; resolves with what happened, never rejects. */
function probeOnce(host: string, port: number): Promise<TrafficSample> {
  const sentAtMs = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (s: Omit<TrafficSample, 'sentAtMs' | 'doneAtMs'>): void => {
      if (settled) return;
      settled = true;
      resolve({ sentAtMs, doneAtMs: Date.now(), ...s });
    };
    const req = request(
      {
        host,
        port,
        path: '/',
        method: 'GET',
        agent: false,
        timeout: TIMEOUT_MS,
        headers: { connection: 'close' },
      },
      (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode }));
        res.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      done({ error: 'timeout' });
    });
    req.on('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
    req.end();
  });
}

export class TrafficProbe {
  private samples: Promise<TrafficSample>[] = [];
  private timer: NodeJS.Timeout;
  readonly target: string;

  /** maxSeconds bounds the probe, so it never outlives a run that lost track of it. */
  constructor(
    private readonly host: string,
    private readonly port: number,
    maxSeconds: number,
    readonly intervalMs = TRAFFIC_INTERVAL_MS,
  ) {
    this.target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    const until = Date.now() + maxSeconds * 1000;
    this.timer = setInterval(() => {
      if (Date.now() > until) return this.stopSending();
      this.samples.push(probeOnce(this.host, this.port));
    }, intervalMs);
  }

  private stopSending(): void {
    clearInterval(this.timer);
  }

  /** Stops sending and waits for the requests in flight (at most the request timeout). */
  async stop(): Promise<TrafficSample[]> {
    this.stopSending();
    return Promise.all(this.samples);
  }
}

/** Answered = any HTTP response (the path works; the status is the service's business). */
export function summarizeTraffic(
  samples: readonly TrafficSample[],
  target: string,
  actedAtMs: number,
  restoredAtMs: number | undefined,
  intervalMs = TRAFFIC_INTERVAL_MS,
): TrafficSummary {
  const sorted = [...samples].sort((a, b) => a.sentAtMs - b.sentAtMs);
  const count = (list: readonly TrafficSample[]) => {
    const answered = list.filter((s) => s.status !== undefined).length;
    return { sent: list.length, answered, failed: list.length - answered };
  };
  const restore = restoredAtMs ?? Number.POSITIVE_INFINITY;
  const errors: Record<string, number> = {};
  for (const s of sorted) if (s.error) errors[s.error] = (errors[s.error] ?? 0) + 1;
  // the gap a client saw: between the answers' arrival times, bounded by the probe's own span
  const answers = sorted.filter((s) => s.status !== undefined).map((s) => s.doneAtMs);
  const first = sorted[0]?.sentAtMs;
  const last = sorted.at(-1)?.doneAtMs;
  let longest = 0;
  if (first !== undefined && last !== undefined) {
    const points = [first, ...answers.sort((a, b) => a - b), last];
    for (let i = 1; i < points.length; i++) longest = Math.max(longest, points[i]! - points[i - 1]!);
  }
  return {
    target,
    intervalMs,
    ...count(sorted),
    longestGapMs: Math.round(longest),
    before: count(sorted.filter((s) => s.sentAtMs < actedAtMs)),
    during: count(sorted.filter((s) => s.sentAtMs >= actedAtMs && s.sentAtMs < restore)),
    after: count(sorted.filter((s) => s.sentAtMs >= restore)),
    errors,
  };
}

export function formatTraffic(t: TrafficSummary): string {
  const p = (x: TrafficSummary['before']) => `${x.answered}/${x.sent}`;
  const errors = Object.entries(t.errors)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    `  traffic to ${t.target}: ${t.answered} of ${t.sent} requests answered, ${t.failed} failed; longest gap ${t.longestGapMs} ms` +
    `\n    answered before ${p(t.before)}, during ${p(t.during)}, after ${p(t.after)}${errors ? `; failures: ${errors}` : ''}`
  );
}
