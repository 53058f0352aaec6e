// The connector contract: everything that talks to a host goes through a HostConnection.
// Implemented in src/ssh/connection.ts on node-ssh; one connection per host, reused for a whole run.

export interface RunResult {
  code: number | null;
  signal?: string | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** data written to the command's stdin (e.g. a file's content, a sudo password) */
  stdin?: string;
  /** run as root through sudo when the login user is not root (host.become) */
  become?: boolean;
  /** kill the remote command after this long */
  timeoutMs?: number;
}

export interface StreamHandle {
  /** ends the remote command (closes the channel) */
  stop(): Promise<void>;
  /** resolves when the remote command exits */
  done: Promise<RunResult>;
}

export interface HostConnection {
  readonly host: string;
  /** run one shell command (a string already built with shq() for every inventory value) */
  run(command: string, options?: RunOptions): Promise<RunResult>;
  /** write content to a path on the host (atomically: temp file + rename), with mode */
  put(content: string, path: string, options?: { mode?: number; become?: boolean }): Promise<void>;
  /** run a long-lived command and receive its stdout line by line as it arrives */
  stream(command: string, onLine: (line: string) => void, options?: RunOptions): StreamHandle;
  /** true until the connection drops */
  readonly connected: boolean;
  /** called once if the connection drops unexpectedly */
  onClose(listener: (err?: Error) => void): void;
  close(): Promise<void>;
}
