// Connections for a run: one per host, opened in parallel (forks at a time), closed at the end and on signals.
import pLimit from 'p-limit';
import type { HostSpec } from '../inventory/types.js';
import { ConnectError, connectHost, type ConnectOptions } from '../ssh/connection.js';
import type { HostConnection } from '../ssh/types.js';
import { onInterrupt } from './interrupt.js';
import { span, timed } from '../report/timings.js';

export interface HostSession {
  host: HostSpec;
  conn?: HostConnection;
  error?: ConnectError;
  /** how long connecting took (or took to fail: a timeout shows as its length) */
  connectMs?: number;
  /** connecting plus afterConnect (reading facts): the host's share of the run before its first task */
  readyMs?: number;
}

export interface SessionOptions extends ConnectOptions {
  forks: number;
  /**
   * Work to start on a host as soon as it is connected, in the same fork slot (the runner reads facts here), so
   * a run costs the slowest connect-then-read of one host, not the slowest connect plus the slowest read.
   * Must not reject: its outcome is collected by whoever asked for it.
   */
  afterConnect?: (host: HostSpec, conn: HostConnection) => Promise<void>;
}

export class Session {
  private removeHook: () => void;

  constructor(readonly hosts: HostSession[]) {
    this.removeHook = onInterrupt(() => this.close());
  }

  get reachable(): (HostSession & { conn: HostConnection })[] {
    return this.hosts.filter((h): h is HostSession & { conn: HostConnection } => h.conn !== undefined);
  }

  conn(name: string): HostConnection | undefined {
    return this.hosts.find((h) => h.host.name === name)?.conn;
  }

  async close(): Promise<void> {
    this.removeHook();
    await timed('close', () => Promise.all(this.hosts.map((h) => h.conn?.close())));
  }
}

export async function openSession(hosts: HostSpec[], opts: SessionOptions): Promise<Session> {
  const limit = pLimit(opts.forks);
  const entries = await Promise.all(
    hosts.map((host) =>
      limit(async (): Promise<HostSession> => {
        const started = Date.now();
        const entry = await connectOne(host, opts);
        if (entry.conn && opts.afterConnect) await opts.afterConnect(host, entry.conn);
        return { ...entry, readyMs: Date.now() - started };
      }),
    ),
  );
  return new Session(entries);
}

async function connectOne(host: HostSpec, opts: ConnectOptions): Promise<HostSession> {
  const started = Date.now();
  const end = span('connect');
  try {
    return { host, conn: await connectHost(host, opts), connectMs: Date.now() - started };
  } catch (err) {
    const e =
      err instanceof ConnectError ? err : new ConnectError(host.name, 'unreachable', (err as Error).message);
    return { host, error: e, connectMs: Date.now() - started };
  } finally {
    end();
  }
}
