// A HostConnection on this machine: commands run in a local sh, files are written for real. For operation tests
// that must see what a command really does (globs, modes, owners) rather than what a fake says it does.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import type { HostConnection, RunResult, StreamHandle } from '../../../src/ssh/types.js';

export class LocalHost implements HostConnection {
  readonly host = 'localhost';
  readonly commands: string[] = [];
  readonly puts: string[] = [];
  connected = true;

  run(command: string, options: { stdin?: string } = {}): Promise<RunResult> {
    this.commands.push(command);
    return new Promise((resolve) => {
      const child = execFile('sh', ['-c', command], (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
      child.stdin?.end(options.stdin ?? '');
    });
  }

  async put(content: string, path: string, options: { mode?: number } = {}): Promise<void> {
    this.puts.push(path);
    writeFileSync(path, content);
    chmodSync(path, options.mode ?? 0o644);
  }

  /** A local sh whose stdin stays open until stopped (as over SSH without stdin of its own). */
  stream(command: string, onLine: (line: string) => void): StreamHandle {
    const child = spawn('sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'] });
    let buf = '';
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      buf += c.toString();
      out += c.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const done = new Promise<RunResult>((resolve) =>
      child.on('close', (code) => resolve({ code, stdout: out, stderr: err })),
    );
    return {
      done,
      stop: async () => {
        child.stdin.end();
        await done;
      },
    };
  }

  onClose(): void {}

  async close(): Promise<void> {}
}
