import { describe, expect, it } from 'vitest';
import { normalizeArgv, splitLabSshArgv } from '../../../src/cli/argv.js';

// What the remote command receives for what the user typed: bin/vipctl.js's rewrite, then the command's split.
const remote = (typed: string[]) => splitLabSshArgv(normalizeArgv(typed).slice(2));

describe('lab ssh HOST CMD…: everything after HOST is the remote command', () => {
  it('keeps options, --help and repeated words in order', () => {
    expect(normalizeArgv(['lab', 'ssh', 'lb-host-2', 'ip', '-o', 'addr'])).toEqual([
      'lab',
      'ssh',
      'lb-host-2',
      '--',
      'ip',
      '-o',
      'addr',
    ]);
    expect(remote(['lab', 'ssh', 'lb-host-1', 'ls', '-vv', 'x', '--help', 'x', '-i', 'inv'])).toEqual({
      host: 'lb-host-1',
      command: ['ls', '-vv', 'x', '--help', 'x', '-i', 'inv'],
    });
  });

  it('takes a `--` after HOST as the separator, as ssh does', () => {
    expect(remote(['lab', 'ssh', 'lb-host-1', '--', 'ip', '-br', 'a'])).toEqual({
      host: 'lb-host-1',
      command: ['ip', '-br', 'a'],
    });
    expect(remote(['lab', 'ssh', 'lb-host-1', 'echo', '--', 'x'])).toEqual({
      host: 'lb-host-1',
      command: ['echo', '--', 'x'],
    });
  });

  it('leaves `lab ssh`, `lab ssh --help` and a host alone to oclif', () => {
    expect(normalizeArgv(['lab', 'ssh'])).toEqual(['lab', 'ssh']);
    expect(normalizeArgv(['lab', 'ssh', '--help'])).toEqual(['lab', 'ssh', '--help']);
    expect(normalizeArgv(['lab:ssh', 'lb-host-1'])).toEqual(['lab:ssh', 'lb-host-1']);
    expect(remote(['lab', 'ssh', 'lb-host-1'])).toEqual({ host: 'lb-host-1', command: [] });
  });
});

describe('-vv', () => {
  it('is --verbose --very-verbose before a `--`, and untouched after it', () => {
    expect(normalizeArgv(['apply', '-vv', '-i', 'x.yaml'])).toEqual([
      'apply',
      '--verbose',
      '--very-verbose',
      '-i',
      'x.yaml',
    ]);
    expect(normalizeArgv(['run', 'p.yaml', '--', '-vv'])).toEqual(['run', 'p.yaml', '--', '-vv']);
  });
});
