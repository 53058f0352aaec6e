// diagnose on the real lab: each failure is produced for real (broken config, firewall rule, killed daemon,
// failing check), `vipctl diagnose` runs live over SSH, and the right rule must fire on the right host — and
// nothing must fire on a healthy cluster or after a normal failover.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  faults,
  installKeepalivedByHand,
  purgeKeepalived,
  ensureBaseTools,
  sshExec,
  vipctl,
  vipHolders,
  deployKeepalivedConf,
  handConfiguredInventory,
} from './lab-fixture.js';

const VIP = '10.10.10.50';
const HOSTS = ['lb-host-1', 'lb-host-2'];

interface Opts {
  priority: number;
  state: 'MASTER' | 'BACKUP';
  vrid?: string;
  pass?: string;
  advert?: number;
  iface?: string;
  extra?: string;
  global?: string;
}
const conf = (o: Opts): string => `global_defs {
    script_user root
    enable_script_security
}
${o.global ?? ''}
vrrp_instance VI_1 {
    state ${o.state}
    interface ${o.iface ?? 'eth0'}
    virtual_router_id ${o.vrid ?? '51'}
    priority ${o.priority}
    advert_int ${o.advert ?? 1}
    authentication {
        auth_type PASS
        auth_pass ${o.pass ?? 'secret'}
    }
    virtual_ipaddress {
        ${VIP}
    }
${o.extra ?? ''}
}
`;
const MASTER: Opts = { priority: 100, state: 'MASTER' };
const BACKUP: Opts = { priority: 90, state: 'BACKUP' };

interface JsonDiagnosis {
  verdict: string;
  findings: { rule: string; hosts: string[]; severity: string; evidence: { text: string }[] }[];
}

let since = '';
async function diagnose(extra: string[] = []): Promise<{ code: number; d: JsonDiagnosis; stdout: string }> {
  const r = await vipctl([
    'diagnose',
    'cluster-lb',
    '-i',
    handConfiguredInventory(),
    '--json',
    '--since',
    since,
    ...extra,
  ]);
  try {
    return { code: r.code, d: JSON.parse(r.stdout) as JsonDiagnosis, stdout: r.stdout };
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}
const rules = (d: JsonDiagnosis): Record<string, string[]> =>
  Object.fromEntries(d.findings.map((f) => [f.rule, [...f.hosts].sort()]));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function scenario(configs: [Opts | string, Opts | string], settleMs = 6000): Promise<void> {
  since = new Date(Date.now() - 1000).toISOString().replace('T', ' ').slice(0, 19);
  await Promise.all(
    HOSTS.map((h, i) =>
      deployKeepalivedConf(
        h,
        typeof configs[i] === 'string' ? (configs[i] as string) : conf(configs[i] as Opts),
      ),
    ),
  );
  await sleep(settleMs);
}

describe('diagnose on the lab', () => {
  beforeAll(async () => {
    await installKeepalivedByHand(HOSTS);
    // tcpdump and nftables come with the lab's base image (a real load balancer has them): make sure of it
    await ensureBaseTools(HOSTS);
    await Promise.all(HOSTS.map((h) => sshExec(h, 'systemctl enable keepalived >/dev/null 2>&1; true')));
  }, 600_000);

  afterAll(async () => {
    await faults.unblockVrrp('lb-host-2');
    await purgeKeepalived(HOSTS, { vip: '10.10.10.50' });
  });

  it('healthy control: verdict healthy, no findings, exit 0; --save writes a bundle --from reads the same way', async () => {
    await scenario([MASTER, BACKUP]);
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).join() === 'lb-host-1', 10_000)).toBe(
      true,
    );
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-diag-'));
    const r = await diagnose(['--save', dir]);
    expect(r.d.findings, r.stdout).toEqual([]);
    expect(r.d.verdict).toBe('healthy');
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual(
      expect.arrayContaining([
        'lb-host-1.log',
        'lb-host-1.conf',
        'ip-addr-lb-host-1.txt',
        'tcpdump-lb-host-2.txt',
        'config-test-lb-host-2.txt',
        'facts.json',
      ]),
    );
    const offline = await vipctl(['diagnose', '--from', dir, '--json']);
    expect(offline.code).toBe(0);
    expect((JSON.parse(offline.stdout) as JsonDiagnosis).findings).toEqual([]);
  });

  it('failover control: master stopped and started again (VIP away and back) is not a fault', async () => {
    await scenario([MASTER, BACKUP]);
    await faults.stopService('lb-host-1');
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).join() === 'lb-host-2', 10_000)).toBe(
      true,
    );
    await faults.startService('lb-host-1');
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).join() === 'lb-host-1', 15_000)).toBe(
      true,
    );
    const r = await diagnose();
    expect(r.d.findings, r.stdout).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('auth_pass mismatch', async () => {
    await scenario([MASTER, { ...BACKUP, pass: 'Xq7pw2zz' }]);
    const r = await diagnose();
    expect(rules(r.d)['auth-password-mismatch']).toEqual(expect.arrayContaining(['lb-host-2']));
    expect(rules(r.d)['members-differ']).toEqual(HOSTS);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('Xq7pw2zz');
  });

  it('VRID out of range: config rejected, keepalived stops', async () => {
    await scenario([MASTER, { ...BACKUP, vrid: '300' }]);
    const r = await diagnose();
    expect(rules(r.d)['vrid-invalid']).toEqual(['lb-host-2']);
    expect(rules(r.d)['config-permanent-error']).toEqual(['lb-host-2']);
    expect(r.code).toBe(2);
  });

  it('auth_pass longer than 8 characters', async () => {
    await scenario([
      { ...MASTER, pass: 'secret-longer' },
      { ...BACKUP, pass: 'secret-longer' },
    ]);
    const r = await diagnose();
    expect(rules(r.d)['auth-pass-truncated']).toEqual(HOSTS);
  });

  it('advert_int mismatch', async () => {
    await scenario([MASTER, { ...BACKUP, advert: 3 }]);
    const r = await diagnose();
    expect(rules(r.d)['advert-int-mismatch']).toEqual(['lb-host-2']);
  });

  it('wrong interface', async () => {
    await scenario([MASTER, { ...BACKUP, iface: 'eth9' }]);
    const r = await diagnose();
    expect(rules(r.d)['interface-missing']).toEqual(['lb-host-2']);
  });

  it('track script starts failing: FAULT on that host, the script failure as evidence', async () => {
    // 2.2.7 logs no state change when the script fails from the very start (recorded), so it fails later
    const track = {
      global:
        'vrrp_script chk_file {\n    script "/usr/bin/test -f /run/vipctl-track-ok"\n    interval 1\n    fall 1\n}',
      extra: '    track_script {\n        chk_file\n    }',
    };
    await sshExec('lb-host-1', 'touch /run/vipctl-track-ok');
    await scenario([{ ...MASTER, ...track }, BACKUP], 5000);
    await sshExec('lb-host-1', 'rm -f /run/vipctl-track-ok');
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).join() === 'lb-host-2', 10_000)).toBe(
      true,
    );
    const r = await diagnose();
    expect(rules(r.d)['fault-state']).toEqual(['lb-host-1']);
    expect(r.d.findings.find((f) => f.rule === 'fault-state')!.evidence.map((e) => e.text)).toContain(
      'VRRP_Script(chk_file) failed (exited with status 1)',
    );
  });

  it('VRRP dropped by the firewall: split brain, and the rule that drops it', async () => {
    await scenario([MASTER, BACKUP]);
    await faults.blockVrrp('lb-host-2');
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).length === 2, 10_000)).toBe(true);
    const r = await diagnose();
    await faults.unblockVrrp('lb-host-2');
    expect(rules(r.d)['split-brain']).toEqual(HOSTS);
    expect(rules(r.d)['vrrp-blocked-firewall']).toEqual(['lb-host-2']);
  });

  it('VRID clash: another cluster (lb-host-3) uses VRID 51 with another VIP', async () => {
    await installKeepalivedByHand(['lb-host-3']);
    await scenario([MASTER, BACKUP]);
    const other = conf({ ...MASTER, priority: 150 }).replace(VIP, '10.10.10.70');
    await sshExec(
      'lb-host-3',
      `mkdir -p /etc/keepalived && cat > /etc/keepalived/keepalived.conf <<'EOC'\n${other}EOC\nsystemctl restart keepalived; true`,
    );
    await sleep(6000);
    const r = await diagnose();
    await purgeKeepalived(['lb-host-3']);
    expect(rules(r.d)['vrid-clash']).toEqual(HOSTS);
    expect(r.stdout).toContain('10.10.10.53 > 224.0.0.18');
  });

  it('keepalived killed: stale VIP on the dead master', async () => {
    await scenario([MASTER, BACKUP]);
    // a crash: the VRRP child first, then the parent — killed together (systemctl kill), the child may get its
    // parent-death signal first and remove the VIPs cleanly (recorded on the controller)
    await sshExec('lb-host-1', `kill -9 $(pgrep -x keepalived | sort -rn | tr '\\n' ' ')`);
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).length === 2, 10_000)).toBe(true);
    const r = await diagnose();
    expect(rules(r.d)['stale-vip']).toEqual(['lb-host-1']);
    expect(rules(r.d)['split-brain']).toBeUndefined();
    await sshExec('lb-host-1', `ip addr del ${VIP}/32 dev eth0; true`);
  });
});
