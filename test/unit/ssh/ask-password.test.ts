import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/cli/errors.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { askPassword } from '../../../src/ssh/ask-password.js';

function terminal(tty: boolean): {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  raw: boolean[];
  shown: () => string;
} {
  const input = new PassThrough() as unknown as NodeJS.ReadStream & { isTTY: boolean };
  input.isTTY = tty;
  const raw: boolean[] = [];
  input.setRawMode = (on: boolean) => {
    raw.push(on);
    return input;
  };
  let shown = '';
  const output = { write: (s: string) => ((shown += s), true) } as unknown as NodeJS.WriteStream;
  return { input, output, raw, shown: () => shown };
}

describe('askPassword', () => {
  it('reads up to Enter in raw mode without echoing, honours backspace, and restores the terminal', async () => {
    const t = terminal(true);
    const answer = askPassword('sudo password: ', t.input, t.output);
    t.input.push('s3cx\u007fret$(id)\r');
    await expect(answer).resolves.toBe('s3cret$(id)');
    expect(t.shown()).toBe('sudo password: \n');
    expect(t.raw).toEqual([true, false]);
  });

  it('Ctrl-C at the prompt is an interruption (exit 130)', async () => {
    const t = terminal(true);
    const answer = askPassword('sudo password: ', t.input, t.output);
    t.input.push('abc\u0003');
    await expect(answer).rejects.toMatchObject({ exitCode: ExitCode.INTERRUPTED });
    expect(t.raw).toEqual([true, false]);
  });

  it('refuses without a terminal, pointing at password_env', async () => {
    const t = terminal(false);
    const err = await askPassword('sudo password: ', t.input, t.output).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/not a terminal/);
    expect(t.shown()).toBe('');
  });
});
