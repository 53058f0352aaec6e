// The bad input for check-config and import, through the built CLI as a user runs it: a binary file, a
// directory, a missing file, a missing include, an include cycle, a 50 MB file, a config with no vrrp_instance.
// Each gives a clear finding at file:line with the documented exit code (4: the config has an error), never a
// stack trace, and import writes nothing from a config it could not read whole.
import { mkdirSync, openSync, writeFileSync, writeSync, closeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { runCli, tempDir } from '../cli/run-cli.js';
import { hasStackTrace } from '../hostile/reliability-meta.js';

const INSTANCE = [
  'vrrp_instance A {',
  '  interface eth0',
  '  virtual_router_id 5',
  '  virtual_ipaddress { 10.0.0.1 }',
  '}',
  '',
].join('\n');

const tmp = tempDir();
const at = (name: string): string => join(tmp.dir, name);

beforeAll(() => {
  writeFileSync(at('binary.conf'), Buffer.from([0x76, 0x72, 0x72, 0x70, 0x00, 0xff, 0xfe, 0x0a]));
  mkdirSync(at('dir.conf'));
  writeFileSync(at('missing-include.conf'), `include ${at('nowhere/extra.conf')}\n${INSTANCE}`);
  writeFileSync(at('empty-glob.conf'), `include ${at('nowhere')}/*.conf\n${INSTANCE}`);
  writeFileSync(at('cycle-a.conf'), `include cycle-b.conf\n${INSTANCE}`);
  writeFileSync(at('cycle-b.conf'), '! b\ninclude cycle-a.conf\n');
  writeFileSync(at('no-instance.conf'), 'global_defs {\n  router_id lb1\n}\n');
  // 50 MB of comment lines, written in chunks
  const fd = openSync(at('huge.conf'), 'w');
  const chunk = Buffer.from(`! ${'x'.repeat(1021)}\n`.repeat(1024));
  for (let i = 0; i < 50; i++) writeSync(fd, chunk);
  closeSync(fd);
});
afterAll(() => tmp.remove());

// [file, what the finding says (after FILE:LINE:COL: error CODE), the file:line it is at]
const unreadable: [string, RegExp, string][] = [
  ['binary.conf', /error KC009 .*is not a text file/, 'binary.conf:1:1'],
  ['dir.conf', /error KC009 .*is a directory/, 'dir.conf:1:1'],
  ['absent.conf', /error KC009 .*no such file/, 'absent.conf:1:1'],
  ['missing-include.conf', /error KC007 include .*extra\.conf: no matching file/, 'missing-include.conf:1:1'],
  ['cycle-a.conf', /error KC008 include cycle/, 'cycle-b.conf:2:1'],
  ['huge.conf', /error KC009 .*larger than 4 MiB/, 'huge.conf:1:1'],
];

describe('check-config on bad input', () => {
  it.each(unreadable)('%s: a finding at file:line, exit 4', async (file, finding, where) => {
    const r = await runCli(['check-config', at(file)]);
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(ExitCode.INVENTORY);
    expect(out).toMatch(finding);
    expect(out).toContain(`${where}: error`);
    expect(hasStackTrace(out), out).toBe(false);
  });

  it('--json says the same in one document', async () => {
    const r = await runCli(['check-config', '--json', at('binary.conf'), at('huge.conf')]);
    expect(r.code).toBe(ExitCode.INVENTORY);
    const doc = JSON.parse(r.stdout) as { findings: { code: string; line: number }[]; errors: number };
    expect(doc.findings.map((f) => `${f.code}:${f.line}`)).toEqual(['KC009:1', 'KC009:1']);
    expect(doc.errors).toBe(2);
  });

  it('a config with no vrrp_instance: warning KC122 at file:1 (not an error: an LVS-only config is valid), exit 0', async () => {
    const r = await runCli(['check-config', at('no-instance.conf')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain(
      `${at('no-instance.conf')}:1:1: warning KC122 no vrrp_instance and no virtual_server`,
    );
  });
});

describe('import on bad input', () => {
  it.each(unreadable)('%s: refused at file:line, exit 4, nothing written', async (file, finding, where) => {
    const out = at(`${file}.yaml`);
    const r = await runCli([
      'import',
      '--from-file',
      `h1=${at(file)}`,
      '--address',
      'h1=10.0.0.9',
      '-o',
      out,
    ]);
    const text = r.stdout + r.stderr;
    expect(r.code, text).toBe(ExitCode.INVENTORY);
    expect(text).toContain('cannot import: the configuration could not be read whole');
    expect(text).toMatch(finding);
    expect(text).toContain(`${where}: error`);
    expect(hasStackTrace(text), text).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('an include glob that matches nothing loses nothing (keepalived reads nothing either): imported', async () => {
    const r = await runCli([
      'import',
      '--from-file',
      `h1=${at('empty-glob.conf')}`,
      '--address',
      'h1=10.0.0.9',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain('round trip h1: same configuration');
  });

  it('a config with no vrrp_instance: the host alone, with warning IMP004 at file:1', async () => {
    const r = await runCli([
      'import',
      '--from-file',
      `h1=${at('no-instance.conf')}`,
      '--address',
      'h1=10.0.0.9',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `${at('no-instance.conf')}:1:1: warning IMP004 h1's config has no vrrp_instance`,
    );
    expect(r.stdout).toContain('clusters: {}');
  });
});
