import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { NO_IPVS, ipvsStateCommand, lvsIpvs, parseIpvsState } from '../../../src/operations/lvs.js';
import type { OperationContext } from '../../../src/operations/types.js';
import { LocalHost } from './local-host.js';

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

describe('lvs.ipvs on this machine (no IPVS), through a local connection', () => {
  const inv = (servers: string) =>
    loadInventoryTexts(
      new Map([
        [
          'inv.yaml',
          [
            'hosts:',
            '  lb1: { address: 10.10.10.51/24 }',
            '  lb2: { address: 10.10.10.52/24 }',
            'clusters:',
            '  web:',
            '    virtual_router_id: 51',
            '    vips: [10.10.10.50]',
            '    members: { lb1: { priority: 100 }, lb2: { priority: 90 } }',
            servers,
            '',
          ].join('\n'),
        ],
      ]),
    ).inventory;
  const LVS =
    '    virtual_servers: [{ address: 10.10.10.50, port: 80, real_servers: [{ address: 10.10.10.53 }] }]';
  const ctx = (i: ReturnType<typeof inv>, conn: LocalHost, progress: string[]): OperationContext => ({
    conn,
    host: i.hosts[0]!,
    inventory: i,
    facts: {
      os: { id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian', family: 'debian' },
      packageManager: 'apt',
      packages: {},
      aptListsAge: 10,
      init: 'systemd',
      service: { active: true, enabled: true, pid: 7 },
      files: {},
      addresses: [],
    },
    check: true,
    wantDiff: false,
    progress: (m) => progress.push(m),
    started: new Set(),
  });

  it('install: plans ipvsadm and says IPVS001', async () => {
    const said: string[] = [];
    const conn = new LocalHost();
    const changes = await lvsIpvs.plan({}, ctx(inv(LVS), conn, said));
    expect(changes.map((c) => c.description)).toEqual(['install ipvsadm (apt)']);
    expect(said).toEqual([NO_IPVS]);
  });

  it('configure (require_kernel): refuses, naming the cause; nothing planned', async () => {
    await expect(lvsIpvs.plan({ require_kernel: true }, ctx(inv(LVS), new LocalHost(), []))).rejects.toThrow(
      /IPVS001 no IPVS in this kernel .* so keepalived.conf was not changed/,
    );
  });

  it('a cluster without virtual servers: no command at all', async () => {
    const conn = new LocalHost();
    expect(await lvsIpvs.plan({ require_kernel: true }, ctx(inv(''), conn, []))).toEqual([]);
    expect(conn.commands).toEqual([]);
  });
});
