// Streaming address monitors on every member over the already open connections, started before acting, so
// takeover times come from the hosts' own event timestamps rather than from polling.
import type { HostConnection, StreamHandle } from '../ssh/types.js';
import { estimateOffset, toControllerMs, type ClockOffset, type ClockSample } from './clock.js';
import { MONITOR_READY, monitorCommand, STAMP, stopMonitorCommand } from './host-actions.js';
import { parseMonitorLine, parseNaiveTimestamp } from './monitor-events.js';
import type { TimedEvent } from './timeline.js';

export class AddressWatch {
  readonly events: TimedEvent[] = [];
  private handles: StreamHandle[] = [];
  private remote: { conn: HostConnection; pid: number }[] = [];
  private listeners: (() => void)[] = [];

  constructor(readonly offsets: Map<string, ClockOffset>) {}

  /** Starts one monitor per connection and resolves once every one of them has started. */
  async start(conns: HostConnection[], maxSeconds: number): Promise<void> {
    await Promise.all(
      conns.map(
        (conn) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`${conn.host}: address monitor did not start`)),
              15_000,
            );
            const handle = conn.stream(
              monitorCommand(maxSeconds),
              (line) => {
                if (line.startsWith(MONITOR_READY)) {
                  const pid = Number(line.slice(MONITOR_READY.length).trim());
                  if (Number.isInteger(pid) && pid > 1) this.remote.push({ conn, pid });
                  clearTimeout(timer);
                  resolve();
                  return;
                }
                const e = parseMonitorLine(conn.host, line);
                if (!e) return;
                this.events.push({
                  host: e.host,
                  kind: e.kind,
                  address: e.address,
                  atMs: toControllerMs(e.hostMs, this.offsets.get(conn.host)),
                });
                for (const l of this.listeners) l();
              },
              { become: true },
            );
            // A monitor that ends early only loses events; the missing takeover is then reported as such.
            handle.done.catch(() => undefined);
            this.handles.push(handle);
          }),
      ),
    );
    // `exec ip monitor` subscribes to netlink a moment after the marker is printed.
    await sleep(300);
  }

  /** Resolves true as soon as pred holds over the events seen, false after timeoutMs. */
  waitFor(pred: (events: TimedEvent[]) => boolean, timeoutMs: number): Promise<boolean> {
    if (pred(this.events)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = (): void => {
        if (!pred(this.events)) return;
        done(true);
      };
      const timer = setTimeout(() => done(pred(this.events)), timeoutMs);
      const done = (v: boolean): void => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve(v);
      };
      this.listeners.push(check);
    });
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.remote
        .filter((r) => r.conn.connected)
        .map((r) =>
          r.conn.run(stopMonitorCommand(r.pid), { become: true, timeoutMs: 5000 }).catch(() => undefined),
        ),
    );
    await Promise.all(this.handles.map((h) => h.stop().catch(() => undefined)));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits for `p` but at most `ms`; the timer is cleared either way so it never keeps the process alive. */
export async function atMost(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** Measures a host's clock offset to the controller (three round trips, the shortest wins). */
export async function measureOffset(conn: HostConnection): Promise<ClockOffset> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < 3; i++) {
    const sentMs = Date.now();
    const r = await conn.run(STAMP, { timeoutMs: 10_000 });
    const receivedMs = Date.now();
    const hostMs = parseNaiveTimestamp(r.stdout);
    if (hostMs !== undefined) samples.push({ sentMs, receivedMs, hostMs });
  }
  return estimateOffset(conn.host, samples);
}
