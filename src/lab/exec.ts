// Local command execution for the lab (never a shell string: arguments are passed as an array).
import { execFile, spawn } from 'node:child_process';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';

export interface LocalResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; resolves with its exit code and output whatever the code. */
export function runLocal(cmd: string, args: string[], input?: string): Promise<LocalResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
        reject(new UserError(`${cmd} is not available: ${err.message}`, ExitCode.ENVIRONMENT));
        return;
      }
      const code = err ? Number((err as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Runs a command and fails with its stderr when it exits non-zero. */
export async function mustRun(cmd: string, args: string[], input?: string): Promise<string> {
  const r = await runLocal(cmd, args, input);
  if (r.code !== 0) {
    throw new UserError(
      `lab: \`${cmd} ${args.join(' ')}\` failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`,
      ExitCode.ENVIRONMENT,
    );
  }
  return r.stdout;
}

/** Runs a long command with its output streamed to a callback (for debootstrap progress). */
export function runStreaming(cmd: string, args: string[], onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    const feed = (chunk: Buffer): void => {
      buf += chunk.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    };
    child.stdout.on('data', feed);
    child.stderr.on('data', feed);
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
