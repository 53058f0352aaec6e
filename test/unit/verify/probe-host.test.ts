import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  advertCaptureCommand,
  observeCommand,
  parseAdverts,
  parseObservation,
  tcpdumpMissing,
} from '../../../src/verify/probe-host.js';

describe('what verify reads on a member', () => {
  it('the observation script is valid sh and parses back', () => {
    execFileSync('sh', ['-n', '-c', observeCommand()]);
    const stdout = [
      '@@vipctl-verify:addr',
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '2: eth0@if7    inet 10.10.10.51/24 brd 10.10.10.255 scope global eth0\\       valid_lft forever',
      '2: eth0@if7    inet 10.10.10.50/32 scope global eth0\\       valid_lft forever',
      '@@vipctl-verify:service',
      'MainPID=712',
      'ActiveState=active',
      'UnitFileState=disabled',
      '@@vipctl-verify:packages',
      'keepalived 1:2.2.7-1+b2 ii ',
      'ipset 7.17-1 rc ',
      '@@vipctl-verify:config',
      'vrrp_instance VI_1 {',
      '}',
      '',
      '@@vipctl-verify:end',
    ].join('\n');
    const o = parseObservation(stdout);
    expect(o.addresses).toEqual([
      { dev: 'lo', address: '127.0.0.1' },
      { dev: 'eth0', address: '10.10.10.51' },
      { dev: 'eth0', address: '10.10.10.50' },
    ]);
    expect(o).toMatchObject({
      serviceActive: true,
      serviceEnabled: false,
      packages: { keepalived: true, ipset: false },
      config: 'vrrp_instance VI_1 {\n}\n',
    });
  });

  it('keeps whether the file ends with a newline (the transport trims output)', () => {
    expect(parseObservation('@@vipctl-verify:config\n}\n@@vipctl-verify:end').config).toBe('}');
    expect(parseObservation('@@vipctl-verify:config\n}\n\n@@vipctl-verify:end').config).toBe('}\n');
  });

  it('a missing config is undefined, not empty', () => {
    expect(parseObservation('@@vipctl-verify:config\n@@vipctl-verify-no-config\n').config).toBeUndefined();
  });

  it('parses tcpdump VRRP lines and notices a missing tcpdump', () => {
    const out = [
      '08:40:01.123456 IP 10.10.10.51 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100, authtype simple, intvl 1s, length 20',
      '08:40:02.123456 IP 10.10.10.52 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 0, authtype simple, intvl 1s, length 20',
    ].join('\n');
    expect(parseAdverts(out)).toEqual([
      { source: '10.10.10.51', vrid: 51, priority: 100 },
      { source: '10.10.10.52', vrid: 51, priority: 0 },
    ]);
    expect(tcpdumpMissing('@@vipctl-verify:no-tcpdump\n')).toBe(true);
    expect(advertCaptureCommand("eth0'x", 3)).toContain(`-i 'eth0'\\''x'`);
  });
});
