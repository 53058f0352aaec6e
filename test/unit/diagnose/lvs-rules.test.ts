import { describe, expect, it } from 'vitest';
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
