// A HostConnection on this machine: commands run in a local sh, files are written for real. For operation tests
// that must see what a command really does (globs, modes, owners) rather than what a fake says it does.
import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import type { HostConnection, RunResult } from '../../../src/ssh/types.js';

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

  stream(): never {
    throw new Error('not used here');
  }

  onClose(): void {}

  async close(): Promise<void> {}
}
