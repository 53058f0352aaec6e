// failover-test on a nopreempt cluster over real SSH: after the master is back the VIP must stay on the member
// that took it (vipctl checks and reports that instead of waiting for a return), and the run is printed as a
// time line for people (no --json).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  installKeepalivedByHand,
  LAB_AUTH_PASS_FILE,
  labDefaultsYaml,
  sshExec,
  vipctl,
  vipHolders,
  writeInventory,
} from './lab-fixture.js';

const VIP = '10.10.10.70';
const MEMBERS = ['lb-host-1', 'lb-host-2'];

const INVENTORY = writeInventory(
  [
    labDefaultsYaml(),
    'hosts:',
    '  lb-host-1: { address: 10.10.10.51 }',
    '  lb-host-2: { address: 10.10.10.52 }',
    'clusters:',
    '  cluster-sticky:',
    '    virtual_router_id: 70',
    `    vips: [${VIP}]`,
    '    nopreempt: true',
    `    auth: { type: PASS, password_file: ${LAB_AUTH_PASS_FILE} }`,
    '    members:',
    '      lb-host-1: { priority: 100 }',
    '      lb-host-2: { priority: 90 }',
    '',
  ].join('\n'),
);

describe('failover-test on a nopreempt cluster', () => {
  beforeAll(async () => {
    await installKeepalivedByHand(MEMBERS);
    const r = await vipctl(['configure', '-i', INVENTORY]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await eventually(async () => (await vipHolders(VIP, MEMBERS)).length === 1, 20_000)).toBe(true);
  }, 600_000);

  it('the VIP stays on the member that took it; the time line names both hosts', async () => {
    // Either member may have won the first election (both start as BACKUP): take whoever holds it now.
    const [master] = await vipHolders(VIP, MEMBERS);
    const other = MEMBERS.find((h) => h !== master)!;
    const r = await vipctl(['failover-test', 'cluster-sticky', '-i', INVENTORY]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`master ${master} → expected ${other}`);
    expect(r.stdout).toMatch(
      new RegExp(`\\+\\d\\.\\d{3} s\\s+${other}\\s+took ${VIP.replace(/\./g, '\\.')}`),
    );
    expect(r.stdout).toMatch(/takeover \d+ ms\s+bound \d+ ms .*: within/);
    expect(r.stdout).toContain(`return: nopreempt: ${VIP} stays on ${other}`);
    // Independently of vipctl: still on the new holder, and keepalived runs on both.
    expect(await vipHolders(VIP, MEMBERS)).toEqual([other]);
    for (const h of MEMBERS)
      expect((await sshExec(h, 'systemctl is-active keepalived')).stdout.trim()).toBe('active');
  }, 90_000);
});
