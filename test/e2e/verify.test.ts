// verify on the lab's own cluster (cluster-lb) over real SSH: healthy, then each thing it must catch —
// drift (masked diff, no password), an outage, a member that cannot be reached (exit 3) — each undone
// afterwards. The tcpdump warning is asserted with tcpdump removed for that one test (fresh lab hosts have it);
// adverts and split brain with tcpdump are in failover.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  faults,
  LAB_AUTH_PASS_FILE,
  LAB_INVENTORY,
  labDefaultsYaml,
  sshExec,
  vipctl,
  vipHolders,
  withoutBaseTool,
  writeInventory,
} from './lab-fixture.js';

const VIP = '10.10.10.50';
const MEMBERS = ['lb-host-1', 'lb-host-2'];
const CONF = '/etc/keepalived/keepalived.conf';

interface VerifyDoc {
  ok: boolean;
  clusters: {
    cluster: string;
    ok: boolean;
    holders: Record<string, string[]>;
    checks: { name: string; status: string; message: string; diff?: string }[];
  }[];
}

const check = (doc: VerifyDoc, name: string) => doc.clusters[0]!.checks.find((c) => c.name === name);

describe('verify on the lab (cluster-lb)', () => {
  beforeAll(async () => {
    for (const cmd of ['install', 'configure']) {
      // Only the cluster's members: a member-less host has nothing for keepalived to run.
      const r = await vipctl([cmd, '-i', LAB_INVENTORY, '--limit', 'cluster-lb']);
      expect(r.code, `${cmd}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    expect(await eventually(async () => (await vipHolders(VIP)).join() === 'lb-host-1', 20_000)).toBe(true);
  }, 600_000);

  afterAll(async () => {
    // Whatever happened above: keepalived running the configured file on both members.
    await Promise.all(
      MEMBERS.map((h) =>
        sshExec(
          h,
          `sed -i 's/priority 91$/priority 90/; s/auth_type AH$/auth_type PASS/' ${CONF}; systemctl start keepalived`,
        ),
      ),
    );
  }, 60_000);

  it('a healthy cluster passes; without tcpdump the advert check is a warning, not a failure', async () => {
    const junitFile = join(mkdtempSync(join(tmpdir(), 'vipctl-e2e-verify-')), 'verify-lb.xml');
    const r = await withoutBaseTool(MEMBERS, 'tcpdump', () =>
      vipctl(['verify', 'cluster-lb', '-i', LAB_INVENTORY, '--json', '--junit', junitFile]),
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as VerifyDoc;
    expect(doc.ok).toBe(true);
    expect(doc.clusters[0]!.holders).toEqual({ [VIP]: ['lb-host-1'] });
    for (const h of MEMBERS) {
      expect(check(doc, `service ${h}`)!.status).toBe('pass');
      expect(check(doc, `packages ${h}`)!.status).toBe('pass');
      expect(check(doc, `config ${h}`)!.status).toBe('pass');
    }
    expect(check(doc, 'adverts vrid 51')).toMatchObject({
      status: 'warn',
      message: 'capture unavailable (tcpdump not installed)',
    });
    const junit = readFileSync(junitFile, 'utf8');
    rmSync(dirname(junitFile), { recursive: true });
    expect(junit).toContain('failures="0"');
    expect(junit).toMatch(/<testcase name="adverts vrid 51"[^>]*>\s*<skipped/);
    // The table for people (-v: every check; the default summarises, see fleet.test.ts) names the cluster and each check.
    const table = await vipctl(['verify', '-i', LAB_INVENTORY, '--no-adverts', '-v']);
    expect(table.stdout).toMatch(/cluster-lb\s+OK/);
    expect(table.stdout).toMatch(/vip 10\.10\.10\.50\s+ok\s+held by lb-host-1/);
  }, 60_000);

  it('drift: a hand edit on one member fails with a masked unified diff (the password never shown)', async () => {
    const junitDir = mkdtempSync(join(tmpdir(), 'vipctl-e2e-verify-'));
    const junitFile = join(junitDir, 'verify-drift.xml');
    const edit = await sshExec(
      'lb-host-2',
      `sed -i 's/priority 90$/priority 91/; s/auth_type PASS$/auth_type AH/' ${CONF} && grep -c 'priority 91\\|auth_type AH' ${CONF}`,
    );
    expect(edit.stdout.trim()).toBe('2');
    try {
      const r = await vipctl([
        'verify',
        'cluster-lb',
        '-i',
        LAB_INVENTORY,
        '--no-adverts',
        '--junit',
        junitFile,
      ]);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stdout).toMatch(
        /config lb-host-2\s+FAIL\s+drift: on-host config differs from the inventory \(4 lines\)/,
      );
      expect(r.stdout).toContain('-    priority 91');
      expect(r.stdout).toContain('+    priority 90');
      // auth_pass sits next to the edited auth_type, so it is in the diff's context: masked.
      expect(r.stdout).toContain('-        auth_type AH');
      expect(r.stdout).toMatch(/^ {15}auth_pass \*{8}$/m);
      const password = readFileSync(LAB_AUTH_PASS_FILE, 'utf8').trim();
      expect(r.stdout + r.stderr).not.toContain(password);
      expect(readFileSync(junitFile, 'utf8')).not.toContain(password);
      expect(r.stdout).toMatch(/config lb-host-1\s+ok/);
    } finally {
      await sshExec(
        'lb-host-2',
        `sed -i 's/priority 91$/priority 90/; s/auth_type AH$/auth_type PASS/' ${CONF}`,
      );
      rmSync(junitDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('outage: keepalived stopped on both members fails naming no holder and the inactive services', async () => {
    await Promise.all(MEMBERS.map((h) => faults.stopService(h)));
    try {
      expect(await eventually(async () => (await vipHolders(VIP)).length === 0, 10_000)).toBe(true);
      const r = await vipctl(['verify', 'cluster-lb', '-i', LAB_INVENTORY, '--no-adverts']);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(`OUTAGE: no member holds ${VIP}`);
      expect(r.stdout).toMatch(/service lb-host-1\s+FAIL\s+keepalived not active/);
    } finally {
      await faults.startService('lb-host-1');
      await faults.startService('lb-host-2');
    }
    expect(await eventually(async () => (await vipHolders(VIP)).join() === 'lb-host-1', 15_000)).toBe(true);
  }, 60_000);

  it('a member that cannot be reached: exit 3, named, the reachable one still checked', async () => {
    const inv = writeInventory(
      [
        labDefaultsYaml(),
        'hosts:',
        '  lb-host-1: { address: 10.10.10.51 }',
        '  lb-ghost: { address: 10.10.10.59, ssh: { connect_timeout: 3 } }',
        'clusters:',
        '  cluster-ghost:',
        '    virtual_router_id: 59',
        '    vips: [10.10.10.58]',
        '    members:',
        '      lb-host-1: { priority: 100 }',
        '      lb-ghost: { priority: 90 }',
        '',
      ].join('\n'),
    );
    const r = await vipctl(['verify', '-i', inv, '--no-adverts', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    const doc = JSON.parse(r.stdout) as VerifyDoc;
    expect(check(doc, 'reach lb-ghost')).toMatchObject({ status: 'fail' });
    expect(check(doc, 'service lb-host-1')).toMatchObject({ status: 'pass' });
  }, 60_000);
});
