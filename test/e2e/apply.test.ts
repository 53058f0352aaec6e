// apply = install + configure + verify in one run on one connection per host: from fresh hosts to a verified
// VIP on the intended master; a second run changes and reloads nothing and gathers facts once per host; a
// cluster that converges but does not work (VRRP blocked) fails with exit 2; --limit says what it left unverified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  faults,
  purgeKeepalived,
  runbookInventory,
  sshExec,
  vipctl,
  vipHolders,
} from './lab-fixture.js';

const VIP = '10.10.10.50';
const PASS = 'Ap9lyQ4v';
const env = { VIPCTL_TEST_AUTH: PASS };
const HOSTS = ['lb-host-1', 'lb-host-2'];

const inventory = (): string =>
  runbookInventory({ auth: '{ type: PASS, password_env: VIPCTL_TEST_AUTH }', name: 'apply.yaml' });

interface ApplyJson {
  exitCode: number;
  summary: Record<string, number>;
  hosts: { host: string; status: string; tasks: { name: string; status: string }[] }[];
  verify: {
    ok?: boolean;
    skipped?: string;
    notVerified?: string[];
    clusters?: {
      cluster: string;
      ok: boolean;
      holders: Record<string, string[]>;
      checks: { name: string; status: string; message: string }[];
    }[];
  };
}

async function apply(args: string[], extraEnv: Record<string, string> = {}) {
  const r = await vipctl(['apply', '-i', inventory(), '--json', ...args], { env: { ...env, ...extraEnv } });
  let json: ApplyJson;
  try {
    json = JSON.parse(r.stdout) as ApplyJson;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  return { ...r, json };
}

const keepalivedPids = (): Promise<string[]> =>
  Promise.all(
    HOSTS.map(async (h) => (await sshExec(h, 'systemctl show -p MainPID --value keepalived')).stdout.trim()),
  );

describe('apply on the lab', () => {
  beforeAll(async () => {
    await purgeKeepalived(HOSTS);
  });
  afterAll(async () => {
    await Promise.all(HOSTS.map((h) => faults.unblockVrrp(h).catch(() => undefined)));
  });

  it('from fresh hosts: installs, configures and verifies the VIP on the intended master, exit 0', async () => {
    const r = await apply([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.summary).toMatchObject({ changed: 2, failed: 0, unreachable: 0 });
    // install's and configure's tasks in one report per host
    expect(r.json.hosts[0]!.tasks.map((t) => t.name)).toEqual(
      expect.arrayContaining(['keepalived and ipset installed', 'keepalived.conf rendered and validated']),
    );
    expect(r.json.verify.ok).toBe(true);
    expect(r.json.verify.clusters?.[0]?.holders).toEqual({ [VIP]: ['lb-host-1'] });
    // no traffic capture unless --adverts (it costs ≥ 3 s)
    const adverts = r.json.verify.clusters?.[0]?.checks.find((c) => c.name.startsWith('adverts'));
    expect(adverts?.message).toMatch(/capture skipped/);
    expect(await vipHolders(VIP, HOSTS)).toEqual(['lb-host-1']);
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASS);
  });

  it('a second run changes nothing, restarts nothing, and gathers facts once per host', async () => {
    const before = await keepalivedPids();
    const r = await apply([], { VIPCTL_TIMINGS: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.summary).toMatchObject({ changed: 0, ok: 2 });
    expect(r.json.verify.ok).toBe(true);
    expect(await keepalivedPids()).toEqual(before);
    // two playbooks, two hosts: facts were read twice in all, not four times; one connection per host
    expect(r.stderr).toMatch(/^\s+facts\s.*\(2×/m);
    expect(r.stderr).toMatch(/^\s+connect\s.*\(2×/m);
  });

  it('--adverts asks verify for the capture, and the adverts are seen coming from the master', async () => {
    const r = await apply(['--adverts']);
    const adverts = r.json.verify.clusters?.[0]?.checks.find((c) => c.name.startsWith('adverts'));
    expect(adverts, JSON.stringify(r.json.verify)).toMatchObject({ status: 'pass' });
    expect(adverts?.message).toMatch(/^\d+ adverts from lb-host-1$/);
  });

  it('the text report ends with the verified clusters', async () => {
    const r = await vipctl(['apply', '-i', inventory()], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /RECAP apply[\s\S]*cluster-lb\s+OK\s+10\.10\.10\.50 on lb-host-1[\s\S]*1 cluster\(s\) verified/,
    );
  });

  it('--limit one member: applies there and says the cluster was not verified', async () => {
    const r = await apply(['--limit', 'lb-host-2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.hosts.map((h) => h.host)).toEqual(['lb-host-2']);
    expect(r.json.verify.notVerified).toEqual(['cluster-lb']);
    expect(r.json.verify.clusters).toEqual([]);
  });

  it('a cluster that converges but cannot elect (VRRP dropped on the backup) fails verification: exit 2', async () => {
    await faults.blockVrrp('lb-host-2');
    try {
      // the backup hears no adverts, so after 3 × advert_int it claims the VIP too: split brain
      const both = async () => (await vipHolders(VIP, HOSTS)).length === 2;
      expect(await eventually(both, 10_000)).toBe(true);
      const r = await apply(['--wait', '2']);
      expect(r.code).toBe(2);
      expect(r.json.exitCode).toBe(2);
      expect(r.json.summary).toMatchObject({ failed: 0, unreachable: 0 });
      expect(r.json.verify.ok).toBe(false);
      expect(r.json.verify.clusters?.[0]?.holders[VIP]?.sort()).toEqual(['lb-host-1', 'lb-host-2']);
    } finally {
      await faults.unblockVrrp('lb-host-2');
    }
  });
});
