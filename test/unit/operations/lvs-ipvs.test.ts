import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ipvsStateCommand, parseIpvsState } from '../../../src/operations/lvs.js';

// install's lvs.ipvs reads whether ipvsadm is installed and whether the kernel has IPVS, on the host itself.

describe('lvs.ipvs state', () => {
  it('parses the package and kernel lines', () => {
    expect(parseIpvsState('ipvsadm 1:1.31-1+b1 ii\n@@vipctl-ipvs\nipvs\n')).toEqual({
      ipvsadm: true,
      kernel: true,
    });
    expect(parseIpvsState('@@vipctl-ipvs\nipvs-module\n')).toEqual({ ipvsadm: false, kernel: true });
    expect(parseIpvsState('@@vipctl-ipvs\nno-ipvs\n')).toEqual({ ipvsadm: false, kernel: false });
  });

  it('on this machine (a kernel without IPVS and without loadable modules) it says no IPVS', () => {
    const out = execFileSync('sh', ['-c', ipvsStateCommand()], { encoding: 'utf8' });
    expect(parseIpvsState(out).kernel).toBe(false);
  });
});
