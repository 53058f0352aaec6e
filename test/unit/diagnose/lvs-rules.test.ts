import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ruleById } from '../../../src/diagnose/rules.js';
import { analyze } from '../../../src/diagnose/analyze.js';
import { host, read } from './recorded.js';

// The LVS rules on the recorded keepalived 2.2.7 run with a virtual_server on a kernel without IPVS
// (test/fixtures/diagnose/recorded/lvs/README.md).

describe('keepalived 2.2.7 with virtual servers on a kernel without IPVS (recorded)', () => {
  it('is explained as ipvs-unavailable, with the FATAL exit folded into it', () => {
    const d = analyze({
      hosts: [host('lb-host-1', { log: read('lvs/no-ipvs.log'), config: read('lvs/lvs.conf') })],
      unreachable: [],
    });
    const rules = d.findings.map((f) => f.rule);
    expect(rules).toContain('ipvs-unavailable');
    expect(rules).not.toContain('checker-permanent-error');
    const f = d.findings.find((x) => x.rule === 'ipvs-unavailable')!;
    expect(f.evidence.map((e) => e.text).join('\n')).toContain(
      "IPVS: Can't initialize ipvs: No such file or directory",
    );
    expect(f.evidence.map((e) => e.text).join('\n')).toMatch(/exited with permanent error FATAL/);
    expect(d.verdict).not.toBe('healthy');
  });
});

describe('checker wordings (not recorded here: no check runs on this kernel)', () => {
  // each is a format string of the installed keepalived 2.2.7 binary, filled the way check/*.c and
  // ipwrapper.c fill it
  const binary = new Set(
    execFileSync('bash', ['-c', 'strings "$(command -v keepalived)"'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }).split('\n'),
  );
  const RS = '[10.0.0.11]:tcp:8080';
  const VS = '[10.0.0.50]:tcp:80';
  const SAMPLES: Record<string, [string, string[]][]> = {
    'real-server-down': [
      ['TCP_CHECK on service %s failed after %u retries.', [RS, '1']],
      ['HTTP_CHECK on service %s failed.', [RS]],
      ['%sing service %s %s VS %s', ['Remov', RS, 'from', VS]],
      ['%sing service %s %s VS %s', ['Disabl', RS, 'of', VS]],
      ['=> DNS_CHECK: failed on service <=', []],
    ],
    'lvs-quorum-lost': [['%s %u-%u=%ld > %ld for VS %s', ['Lost quorum', '3', '0', '2', '2', VS]]],
  };
  const fill = (format: string, args: string[]): string => {
    let k = 0;
    return format.replace(/%(?:l|z)?[sdu]/g, () => args[k++] ?? '');
  };

  for (const [id, samples] of Object.entries(SAMPLES))
    it(`${id}: each wording is printed by the 2.2.7 binary, and labelled unverified`, () => {
      const patterns = ruleById(id).log ?? [];
      for (const [format] of samples) expect(binary.has(format), format).toBe(true);
      const lines = samples.map(([format, args]) => fill(format, args));
      for (const p of patterns) {
        expect(p.verified, String(p.pattern)).toBe(false);
        expect(
          lines.some((l) => p.pattern.test(l)),
          String(p.pattern),
        ).toBe(true);
      }
    });
});
