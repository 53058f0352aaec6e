// The runbook (shared/runbook.md §1–4) done by hand over SSH on two lab hosts, before vipctl automates it:
// given the runbook's two configs, the VIP is on lb-host-1; when it stops, the VIP moves to lb-host-2; when it
// starts again, the VIP returns (preemption).
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, installKeepalivedByHand, purgeKeepalived, sshExec, vipHolders } from './lab-fixture.js';

const VIP = '10.10.10.50';
const config = (state: 'MASTER' | 'BACKUP', priority: number): string => `vrrp_instance VI_1 {
    state ${state}
    interface eth0
    virtual_router_id 51
    priority ${priority}
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass secret
    }
    virtual_ipaddress {
        ${VIP}
    }
}
`;

const HOSTS = ['lb-host-1', 'lb-host-2'];

describe('the runbook by hand on the lab', () => {
  afterAll(async () => {
    // Leave the hosts fresh for the next test file: no keepalived, no config.
    await purgeKeepalived(HOSTS);
  });

  it('installs keepalived and ipset through the lab proxy with apt-get', async () => {
    await installKeepalivedByHand(HOSTS);
    for (const h of HOSTS) {
      const r = await sshExec(
        h,
        'dpkg-query -W -f="\\${Status}\\n" keepalived ipset; keepalived --version 2>&1 | head -1',
      );
      expect(r.stdout).toMatch(/install ok installed\ninstall ok installed\nKeepalived v2\./);
    }
  });

  it('MASTER 100 / BACKUP 90: the VIP is on lb-host-1 only', async () => {
    const configs: Record<string, string> = {
      'lb-host-1': config('MASTER', 100),
      'lb-host-2': config('BACKUP', 90),
    };
    for (const h of HOSTS) {
      const r = await sshExec(
        h,
        `mkdir -p /etc/keepalived && cat > /etc/keepalived/keepalived.conf <<'EOC'\n${configs[h]}EOC\nsystemctl enable --now keepalived && systemctl restart keepalived && systemctl is-active keepalived`,
      );
      expect(r.stdout.trim(), r.stderr).toBe('active');
    }
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).join() === 'lb-host-1', 10_000)).toBe(
      true,
    );
    const seen = await sshExec('lb-host-1', `ip a | grep ${VIP}`);
    expect(seen.stdout).toContain(`inet ${VIP}/32`);
  });

  it('stopping the master moves the VIP to the backup, starting it brings the VIP back', async () => {
    await sshExec('lb-host-1', 'systemctl stop keepalived');
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).join() === 'lb-host-2', 10_000)).toBe(
      true,
    );
    await sshExec('lb-host-1', 'systemctl start keepalived');
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).join() === 'lb-host-1', 15_000)).toBe(
      true,
    );
  });
});
