// Reads a password from the terminal without echoing it (like sudo's own prompt); only for interactive use.
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';

export async function askPassword(
  prompt: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  if (!input.isTTY) {
    throw new UserError(
      'cannot ask for the sudo password: stdin is not a terminal',
      ExitCode.USAGE,
      'set become.password_env in the inventory and export that variable instead',
    );
  }
  output.write(prompt);
  input.setRawMode(true);
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            input.off('data', onData);
            return resolve(typed);
          }
          if (ch === '\u0003') {
            input.off('data', onData);
            return reject(new UserError('interrupted at the password prompt', ExitCode.INTERRUPTED));
          }
          if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    output.write('\n');
  }
}
