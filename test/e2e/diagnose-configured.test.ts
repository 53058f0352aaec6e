// diagnose on a cluster that vipctl itself configured from the lab inventory (cluster-lb: lb-host-1 MASTER 100,
// lb-host-2 BACKUP 90): healthy must read healthy, a restart of the master while diagnose captures is a normal
// failover (not a fault), and a hand edit on lb-host-2 (auth_pass changed) is named on the right host.
// Every test ends with `vipctl configure` from the good inventory, as an operator would restore.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  hostExec,
  LAB_INVENTORY,
  sshExec,
  vipctl,
  vipctlSpawn,
  vipHolders,
} from './lab-fixture.js';

const VIP = '10.10.10.50';
const HOSTS = ['lb-host-1', 'lb-host-2'];

interface JsonDiagnosis {
  verdict: string;
  findings: { rule: string; hosts: string[]; severity: string; evidence: { text: string }[] }[];
  notes: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const rules = (d: JsonDiagnosis): Record<string, string[]> =>
  Object.fromEntries(d.findings.map((f) => [f.rule, [...f.hosts].sort()]));

function parse(stdout: string, stderr: string, code: number | null): JsonDiagnosis {
  try {
    return JSON.parse(stdout) as JsonDiagnosis;
  } catch {
    throw new Error(`not JSON (exit ${code}): ${stdout}\n${stderr}`);
  }
}

async function configureGood(): Promise<void> {
  const r = await vipctl(['configure', '-i', LAB_INVENTORY, '--limit', 'cluster-lb']);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).join() === 'lb-host-1', 15_000)).toBe(
    true,
  );
}

// this file's own log window: other test files may have failed hosts over minutes ago (flapping is a finding)
let since = '';

describe('diagnose on the cluster vipctl configured', () => {
  beforeAll(async () => {
    since = new Date(Date.now() - 1000).toISOString().replace('T', ' ').slice(0, 19);
    const r = await vipctl(['install', '-i', LAB_INVENTORY, '--limit', 'cluster-lb']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // tcpdump is the test's own tool here: diagnose itself installs nothing
    const apt = 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump >/dev/null';
    await Promise.all(
      HOSTS.map((h) =>
        sshExec(h, `dpkg -s tcpdump >/dev/null 2>&1 || ${apt} || (apt-get update -qq && ${apt})`, 300_000),
      ),
    );
    await configureGood();
  }, 600_000);

  afterAll(async () => {
    await configureGood();
  }, 120_000);

  it('healthy control: "healthy", no findings, exit 0 (text and JSON)', async () => {
    const text = await vipctl([
      'diagnose',
      'cluster-lb',
      '-i',
      LAB_INVENTORY,
      '--since',
      '10m',
      '--no-color',
    ]);
    expect(text.stdout, text.stderr).toMatch(/healthy/i);
    expect(text.code).toBe(0);
    const json = await vipctl(['diagnose', 'cluster-lb', '-i', LAB_INVENTORY, '--since', since, '--json']);
    const d = parse(json.stdout, json.stderr, json.code);
    expect(d.findings, json.stdout).toEqual([]);
    expect(d.verdict).toBe('healthy');
    expect(json.code).toBe(0);
  });

  it('failover in progress: the master restarts while diagnose captures VRRP — not a fault', async () => {
    const child = vipctlSpawn([
      'diagnose',
      'cluster-lb',
      '-i',
      LAB_INVENTORY,
      '--since',
      '10m',
      '--capture',
      '8',
      '--json',
    ]);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    // the capture is the last thing gathered: once tcpdump runs on both hosts, everything else was read
    const capturing = await eventually(async () => {
      const r = await Promise.all(HOSTS.map((h) => hostExec(h, 'pgrep -x tcpdump')));
      return r.every((x) => x.code === 0);
    }, 20_000);
    // a restart: priority-0 advert, lb-host-2 takes the VIP, lb-host-1 preempts it back — all inside the capture
    if (capturing) await hostExec('lb-host-1', 'systemctl restart keepalived');
    const code = await exited;
    const d = parse(stdout, stderr, code);
    expect(capturing, 'tcpdump ran on both hosts (tcpdump must be installed on the lab hosts)').toBe(true);
    expect(d.findings, stdout).toEqual([]);
    expect(code).toBe(0);
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).join() === 'lb-host-1', 15_000)).toBe(
      true,
    );
  }, 60_000);

  it('auth_pass changed by hand on lb-host-2: password mismatch and drift named, exit 2; configure restores', async () => {
    await sshExec(
      'lb-host-2',
      "sed -i 's/^\\(\\s*auth_pass\\s\\+\\).*/\\1Zk4vv9qx/' /etc/keepalived/keepalived.conf && systemctl reload keepalived",
    );
    // both become MASTER once the adverts stop counting (≈ 3 × advert_int + skew)
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).length === 2, 15_000)).toBe(true);
    await sleep(1000);
    // VIPCTL_DIAG_RECORD=DIR keeps the bundle (how test/fixtures/diagnose/lab-authpw was recorded)
    const dir = process.env.VIPCTL_DIAG_RECORD ?? mkdtempSync(join(tmpdir(), 'vipctl-diag-authpw-'));
    const r = await vipctl([
      'diagnose',
      'cluster-lb',
      '-i',
      LAB_INVENTORY,
      '--since',
      since,
      '--json',
      '--save',
      dir,
    ]);
    const d = parse(r.stdout, r.stderr, r.code);
    await configureGood();
    // the saved bundle, offline with the same inventory, reads the same — except the comparison of the
    // password with the inventory's, which needs the live config (saved configs are masked)
    const offline = await vipctl(['diagnose', '--from', dir, '-i', LAB_INVENTORY, '--json']);
    const comparable = Object.fromEntries(
      Object.entries(rules(d)).filter(([id]) => id !== 'inventory-drift'),
    );
    expect(rules(parse(offline.stdout, offline.stderr, offline.code))).toEqual(comparable);
    expect(offline.code).toBe(2);
    expect(
      readdirSync(dir)
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n'),
    ).not.toContain('Zk4vv9qx');
    expect(rules(d)['auth-password-mismatch'], r.stdout).toEqual(expect.arrayContaining(['lb-host-2']));
    expect(rules(d)['inventory-drift']).toEqual(['lb-host-2']);
    expect(rules(d)['split-brain']).toEqual(HOSTS);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('Zk4vv9qx');
  }, 90_000);
});
