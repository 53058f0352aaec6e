// keepalived's LVS side on the lab, for real, as far as this kernel allows (docs/lvs.md):
//   - install puts ipvsadm on the members and says IPVS001 (the lab kernel has no IPVS, no loadable modules);
//   - the rendered virtual servers pass keepalived -t on the lab hosts themselves;
//   - what keepalived 2.2.7 does when it is started with virtual servers on this kernel (recorded: it exits,
//     VRRP included), so configure refuses before touching keepalived.conf, and verify names it;
//   - the traffic path across a master failover: HTTP requests to VIP:port from the controller, answered by
//     whichever member holds the VIP (no IPVS needed), counted before, during and after, longest gap measured.
// Real servers are small HTTP servers on the lab hosts (python3 -m http.server when present, else a perl one).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/inventory/load.js';
import { renderHostConfig } from '../../src/render/render.js';
import {
  eventually,
  labDefaultsYaml,
  purgeKeepalived,
  sshExec,
  vipHolders,
  vipctl,
  writeInventory,
} from './lab-fixture.js';

const MEMBERS = ['lb-host-1', 'lb-host-2'];
// VIPCTL_LVS_RECORD=1 prints what keepalived logged and the traffic counts, the material of docs/lvs.md; a CI log
// would otherwise show keepalived's "Failed to start" lines from tests that pass.
const record = (text: string): void => {
  if (process.env.VIPCTL_LVS_RECORD === '1') console.log(text);
};
const VIP = '10.10.10.50';
const SERVERS: [string, number][] = [
  ['lb-host-3', 8081],
  ['lb-host-3', 8082],
  ['lb-host-1', 8080],
  ['lb-host-2', 8080],
];

const HEAD = [
  labDefaultsYaml(),
  'hosts:',
  '  lb-host-1: { address: 10.10.10.51 }',
  '  lb-host-2: { address: 10.10.10.52 }',
  'clusters:',
  '  cluster-lb:',
  '    virtual_router_id: 51',
  `    vips: [${VIP}]`,
  '    members: { lb-host-1: { priority: 100 }, lb-host-2: { priority: 90 } }',
];
const LVS = writeInventory(
  [
    ...HEAD,
    '    virtual_servers:',
    `      - address: ${VIP}`,
    '        port: 80',
    '        lb_algo: wrr',
    '        delay_loop: 2',
    '        real_servers:',
    '          - address: 10.10.10.53',
    '            port: 8081',
    '            weight: 2',
    '            check: { type: HTTP_GET, url: [{ path: /, status_code: 200 }], connect_timeout: 1, retry: 1, delay_before_retry: 1 }',
    '          - address: 10.10.10.53',
    '            port: 8082',
    '            check: { type: TCP_CHECK, connect_timeout: 1, retry: 1, delay_before_retry: 1 }',
    '',
  ].join('\n'),
  'lvs.yaml',
);
const PLAIN = writeInventory([...HEAD, ''].join('\n'), 'plain.yaml');

/** A tiny HTTP server answering 200 on every path, detached, its pid in /run. */
async function startServer(host: string, port: number): Promise<void> {
  const perl = `perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalAddr=>"0.0.0.0",LocalPort=>${port},Listen=>64,ReuseAddr=>1) or die; while($c=$s->accept){ while(<$c>){ last if /^\\r?$/ } print $c "HTTP/1.0 200 OK\\r\\nContent-Length: 3\\r\\n\\r\\nok\\n"; close $c }'`;
  const serve = `if command -v python3 >/dev/null; then exec python3 -m http.server ${port} --bind 0.0.0.0 --directory /var/empty; else exec ${perl}; fi`;
  const r = await sshExec(
    host,
    `mkdir -p /var/empty; { setsid sh -c ${JSON.stringify(serve).replace(/\$/g, '\\$')} </dev/null >/dev/null 2>&1 & echo $! > /run/vipctl-lvs-http-${port}.pid; }`,
  );
  expect(r.code, r.stderr).toBe(0);
}

async function stopServer(host: string, port: number): Promise<void> {
  await sshExec(host, `f=/run/vipctl-lvs-http-${port}.pid; test -f $f && kill "$(cat $f)"; rm -f $f`);
}

const journal = async (host: string, since: string): Promise<string> =>
  (await sshExec(host, `journalctl -u keepalived --since '${since}' --no-pager -o cat`)).stdout;

const hostNow = async (host: string): Promise<string> =>
  (await sshExec(host, "date '+%Y-%m-%d %H:%M:%S'")).stdout.trim();

describe('LVS on the lab (a kernel without IPVS)', () => {
  beforeAll(async () => {
    // hosts as a fresh lab has them, whatever the file before left (keepalived running, a config, the VIP)
    await purgeKeepalived(MEMBERS, { vip: VIP });
    for (const [h, p] of SERVERS) await startServer(h, p);
    const up = await eventually(async () => {
      const r = await sshExec(
        'lb-host-1',
        'for p in 8081 8082; do exec 3<>/dev/tcp/10.10.10.53/$p || exit 1; done',
      );
      return r.code === 0;
    }, 20_000);
    expect(up, 'the real servers on lb-host-3 answer').toBe(true);
  }, 120_000);

  afterAll(async () => {
    for (const [h, p] of SERVERS) await stopServer(h, p);
    await purgeKeepalived(MEMBERS, { packages: ['ipvsadm'], vip: VIP });
  }, 600_000);

  it('the lab kernel has no IPVS: no /proc/net/ip_vs, no modules to load', async () => {
    const r = await sshExec(
      'lb-host-1',
      'test -e /proc/net/ip_vs && echo has-ipvs; test -d "/lib/modules/$(uname -r)" && echo has-modules; true',
    );
    expect(r.stdout.trim()).toBe('');
  }, 60_000);

  it('install puts keepalived and ipvsadm on the members and names the missing IPVS (IPVS001)', async () => {
    const r = await vipctl(['install', '-i', LVS]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/IPVS001 no IPVS in this kernel/);
    for (const h of MEMBERS) expect((await sshExec(h, 'command -v ipvsadm')).code, h).toBe(0);
    // idempotent: a second install changes nothing
    const again = await vipctl(['install', '-i', LVS, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { summary: Record<string, number> }).summary['changed'] ?? 0).toBe(0);
  }, 600_000);

  it('the rendered virtual servers pass keepalived -t on the lab hosts', async () => {
    const { inventory } = await loadInventory([LVS]);
    for (const h of MEMBERS) {
      const { text } = renderHostConfig(inventory, h);
      expect(text).toMatch(/virtual_server 10\.10\.10\.50 80 \{[\s\S]*HTTP_GET[\s\S]*TCP_CHECK/);
      const b64 = Buffer.from(text).toString('base64');
      const r = await sshExec(
        h,
        `echo ${b64} | base64 -d > /tmp/vipctl-lvs-t.conf && keepalived -t -f /tmp/vipctl-lvs-t.conf; echo "rc=$?"; rm -f /tmp/vipctl-lvs-t.conf`,
      );
      expect(r.stdout.trim(), `${h}: ${r.stderr}`).toBe('rc=0');
    }
  }, 120_000);

  it('configure refuses virtual servers on this kernel before touching keepalived.conf (exit 2)', async () => {
    const r = await vipctl(['configure', '-i', LVS]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/no IPVS in this kernel/);
    for (const h of MEMBERS)
      expect((await sshExec(h, 'test -e /etc/keepalived/keepalived.conf')).code, h).not.toBe(0);
  }, 300_000);

  it('keepalived 2.2.7 started with virtual servers here: what it logs, whether it runs, whether VRRP goes on', async () => {
    const { inventory } = await loadInventory([LVS]);
    const since = await hostNow('lb-host-1');
    const b64 = Buffer.from(renderHostConfig(inventory, 'lb-host-1').text).toString('base64');
    const start = await sshExec(
      'lb-host-1',
      `echo ${b64} | base64 -d > /etc/keepalived/keepalived.conf; systemctl restart keepalived; sleep 8; systemctl is-active keepalived; pgrep -c keepalived || true`,
    );
    const log = await journal('lb-host-1', since);
    const held = await vipHolders(VIP);
    // what was seen, for docs/lvs.md
    record(
      `--- keepalived with virtual servers, no IPVS ---\n${start.stdout}\n${log}\nVIP holders: ${held.join(', ') || 'none'}`,
    );
    expect(log, log).toMatch(/IPVS: Can't initialize ipvs/);
    expect(log, log).toMatch(/exited with permanent error FATAL\. Terminating/);
    expect(start.stdout.split('\n')[0], log).not.toBe('active');
    expect(held, log).toEqual([]);
    // verify says why, by name, and does not crash
    const v = await vipctl(['verify', '-i', LVS, '--json', '--no-adverts']);
    const doc = JSON.parse(v.stdout) as {
      clusters: { checks: { name: string; status: string; message: string }[] }[];
    };
    const ipvs = doc.clusters[0]!.checks.find((c) => c.name.startsWith('ipvs '));
    expect(ipvs, v.stdout).toMatchObject({ status: 'warn' });
    expect(ipvs!.message).toMatch(/^no IPVS in this kernel/);
    // and diagnose explains the two lines
    const d = await vipctl(['diagnose', 'lb-host-1', '-i', LVS, '--json']);
    const rules = (JSON.parse(d.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
    expect(rules, d.stdout).toContain('ipvs-unavailable');
    expect(rules, d.stdout).not.toContain('checker-permanent-error');
    await sshExec('lb-host-1', 'systemctl stop keepalived; rm -f /etc/keepalived/keepalived.conf');
  }, 300_000);

  it('requests to VIP:8080 keep being answered across a master failover (the holder answers itself)', async () => {
    const c = await vipctl(['configure', '-i', PLAIN]);
    expect(c.code, c.stdout + c.stderr).toBe(0);
    expect(await eventually(async () => (await vipHolders(VIP)).join() === 'lb-host-1', 30_000)).toBe(true);
    const r = await vipctl(['failover-test', 'cluster-lb', '-i', PLAIN, '--traffic', '8080', '--json']);
    const doc = JSON.parse(r.stdout) as {
      runs: {
        ok: boolean;
        takeoverMs?: number;
        gapMs: number;
        returned?: { returnMs?: number };
        traffic?: {
          sent: number;
          answered: number;
          failed: number;
          longestGapMs: number;
          before: { sent: number; answered: number; failed: number };
          during: { sent: number; answered: number; failed: number };
          after: { sent: number; answered: number; failed: number };
          errors: Record<string, number>;
        };
      }[];
    };
    const run = doc.runs[0]!;
    record(
      `--- failover-test --traffic 8080 ---\n${JSON.stringify({ takeoverMs: run.takeoverMs, gapMs: run.gapMs, returnMs: run.returned?.returnMs, traffic: run.traffic }, null, 2)}`,
    );
    expect(r.code, r.stderr).toBe(0);
    const t = run.traffic!;
    expect(t.before.answered).toBeGreaterThan(0);
    expect(t.before.failed).toBe(0);
    expect(t.during.answered, 'the backup answers once it holds the VIP').toBeGreaterThan(0);
    expect(t.after.answered).toBeGreaterThan(0);
    // the longest gap is bounded by the takeover (plus a request timeout), not by anything LVS adds
    expect(t.longestGapMs).toBeGreaterThan(0);
    expect(t.longestGapMs).toBeLessThan((run.takeoverMs ?? run.gapMs) + 3000);
    expect(execFileSync('ip', ['-n', 'vipctl-lb-host-1', '-o', 'addr'], { encoding: 'utf8' })).toContain(VIP);
  }, 300_000);
});
