import { describe, expect, it } from 'vitest';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { ipvsCommand, judgeIpvs, parseIpvsObservation, parseIpvsadm } from '../../../src/verify/ipvs.js';
import { execFileSync } from 'node:child_process';

// verify's IPVS check. The table text below is written in the layout ipvsadm -Ln prints (ipvsadm.c; the same
// layout public docs show) with this inventory's addresses: it is NOT a recording — this machine and the lab have
// no IPVS, so the comparison has never met a live table (docs/lvs.md says so).

const INV = [
  'hosts:',
  '  h1: { address: 10.0.0.1/24 }',
  '  h2: { address: 10.0.0.2/24 }',
  'clusters:',
  '  c1:',
  '    virtual_router_id: 51',
  '    vips: [10.0.0.50/24]',
  '    members: { h1: { priority: 100 }, h2: { priority: 90 } }',
  '    virtual_servers:',
  '      - address: 10.0.0.50',
  '        port: 80',
  '        lb_algo: wrr',
  '        real_servers:',
  '          - { address: 10.0.0.11, port: 8080, weight: 2, check: { type: TCP_CHECK } }',
  '          - { address: 10.0.0.12, port: 8080, check: { type: TCP_CHECK } }',
  '      - { fwmark: 7, lb_algo: rr, lb_kind: DR, real_servers: [{ address: 10.0.0.13, check: { type: TCP_CHECK } }] }',
].join('\n');
const cluster = loadInventoryTexts(new Map([['/i.yaml', INV + '\n']])).inventory.clusters[0]!;

const LAYOUT = (weight2: number, extraReal = true) =>
  [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
    'TCP  10.0.0.50:80 wrr',
    '  -> 10.0.0.11:8080               Masq    2      0          0',
    ...(extraReal ? [`  -> 10.0.0.12:8080               Masq    ${weight2}      3          1`] : []),
    'FWM  7 rr',
    '  -> 10.0.0.13:0                  Route   1      0          0',
  ].join('\n');

describe('IPVS table', () => {
  it('parses services and real servers (address, forwarding, weight)', () => {
    expect(parseIpvsadm(LAYOUT(1))).toEqual([
      {
        protocol: 'TCP',
        service: '10.0.0.50:80',
        scheduler: 'wrr',
        reals: [
          { address: '10.0.0.11:8080', forward: 'Masq', weight: 2 },
          { address: '10.0.0.12:8080', forward: 'Masq', weight: 1 },
        ],
      },
      {
        protocol: 'FWM',
        service: '7',
        scheduler: 'rr',
        reals: [{ address: '10.0.0.13:0', forward: 'Route', weight: 1 }],
      },
    ]);
  });

  it('the table as the inventory says: pass; a real server out or at weight 0: warn; a wrong weight: fail', () => {
    const judge = (text: string) =>
      judgeIpvs(cluster, 'h1', parseIpvsObservation(`@@vipctl-ipvs:table\n${text}`)).map((c) => c.status);
    expect(judge(LAYOUT(1))).toEqual(['pass', 'pass']);
    expect(judge(LAYOUT(1, false))).toEqual(['warn', 'pass']);
    expect(judge(LAYOUT(0))).toEqual(['warn', 'pass']);
    expect(judge(LAYOUT(5))).toEqual(['fail', 'pass']);
    expect(judge(LAYOUT(1).replace('FWM  7 rr', 'FWM  8 rr'))).toEqual(['pass', 'fail']);
  });

  it('a kernel without IPVS is a named warning, not a crash; so is a missing ipvsadm', () => {
    const [noIpvs] = judgeIpvs(cluster, 'h1', parseIpvsObservation('@@vipctl-ipvs:no-ipvs\n'));
    expect(noIpvs).toMatchObject({ name: 'ipvs h1', status: 'warn' });
    expect(noIpvs!.message).toMatch(/^no IPVS in this kernel/);
    expect(judgeIpvs(cluster, 'h1', parseIpvsObservation('@@vipctl-ipvs:no-ipvsadm\n'))[0]!.message).toMatch(
      /ipvsadm not installed/,
    );
  });

  it('no VIP holder (keepalived exited) but members without IPVS: still the named warning, on those members', () => {
    const [c] = judgeIpvs(cluster, undefined, undefined, ['h1', 'h2']);
    expect(c).toMatchObject({ name: 'ipvs h1, h2', status: 'warn' });
    expect(c!.message).toMatch(/^no IPVS in this kernel/);
  });

  it('the read on this machine (no IPVS here either) says so', () => {
    const out = execFileSync('sh', ['-c', ipvsCommand()], { encoding: 'utf8' });
    expect(parseIpvsObservation(out)).toEqual({ kind: 'no-ipvs' });
  });
});
