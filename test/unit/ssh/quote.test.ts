// shq() against a real shell: whatever the value, the shell sees exactly one word with exactly that content.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shCommand, shq } from '../../../src/ssh/quote.js';

const hostile = [
  '',
  'plain',
  'two words',
  "it's",
  '"double"',
  '$(touch /tmp/vipctl-pwned)',
  '`touch /tmp/vipctl-pwned`',
  '${HOME}',
  'a;rm -rf /',
  'line1\nline2',
  '-n',
  '--help',
  '*',
  '~root',
  'back\\slash',
  "'; echo injected; '",
  'tab\there',
  'ünïcödé',
];

describe('shq', () => {
  it.each(hostile)('passes %j through sh unchanged as one argument', (value) => {
    const out = execFileSync('sh', ['-c', `printf '%s\\0' ${shq(value)}`], { encoding: 'utf8' });
    expect(out).toBe(`${value}\0`);
  });

  it('leaves simple words unquoted and quotes leading dashes', () => {
    expect(shq('/etc/keepalived/keepalived.conf')).toBe('/etc/keepalived/keepalived.conf');
    expect(shq('-rf')).toBe("'-rf'");
    expect(shq(42)).toBe('42');
  });

  it('builds a command line of separately quoted words', () => {
    const out = execFileSync('sh', ['-c', `${shCommand('printf', '%s|', 'a b', "c'd")}`], {
      encoding: 'utf8',
    });
    expect(out).toBe("a b|c'd|");
  });
});
