// `vipctl lab ssh HOST CMD…` on the real lab: the remote command gets its options (the help's own example),
// the remote exit code comes back, and a host that is not in the lab is named.
import { describe, expect, it } from 'vitest';
import { labHost, vipctl } from './lab-fixture.js';

describe('vipctl lab ssh', () => {
  it('runs the example of its --help: `lab ssh lb-host-2 ip -o addr` (options reach the remote command)', async () => {
    const r = await vipctl(['lab', 'ssh', 'lb-host-2', 'ip', '-o', 'addr', 'show', 'dev', 'eth0']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^\\d+: eth0 +inet ${labHost('lb-host-2').address.replaceAll('.', '\\.')}/24 `, 'm'),
    );
  });

  it('passes -br, --help and repeated words in order, and returns the remote exit code', async () => {
    const brief = await vipctl(['lab', 'ssh', 'lb-host-1', 'ip', '-br', 'addr', 'show', 'dev', 'eth0']);
    expect(brief.code, brief.stderr).toBe(0);
    expect(brief.stdout).toMatch(/^eth0@\S+ +UP +10\.10\.10\.51\/24/m);
    const words = await vipctl(['lab', 'ssh', 'lb-host-1', 'echo', 'x', '--help', 'x', '-n', 'x']);
    expect(words.stdout).toBe('x --help x -n x\n');
    const exit = await vipctl(['lab', 'ssh', 'lb-host-1', 'sh', '-c', "'exit 7'"]);
    expect(exit.code).toBe(7);
  });

  it('names the lab hosts for a host that is not there (exit 5)', async () => {
    const r = await vipctl(['lab', 'ssh', 'lb-host-9', 'hostname']);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(
      /^vipctl: no lab host named "lb-host-9"\n {2}hint: lab hosts: lb-host-1, lb-host-2/,
    );
  });
});
