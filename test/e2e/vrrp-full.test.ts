// inventories/full.yaml on the lab: every modelled keepalived feature, configured by vipctl on three real hosts.
// What matters is measured from outside the hosts (their addresses, read from the controller):
//   - a second configure changes nothing and reloads nothing;
//   - the sync group web_app fails over together: a failed group track_file on lb-host-1 moves both
//     cluster-web's and cluster-app's VIPs to lb-host-2, and they come back together;
//   - a track_file weight moves cluster-db's VIP (lb-host-3 150 − 60 < lb-host-1 100);
// Lab limit (measured): keepalived cannot subscribe to process events in a non-initial network namespace
// ("Failed to set/clear process event listen - errno 111") and then counts every tracked process as missing
// ("quorum not achieved"), even one that runs; so track_process cannot be exercised here (cluster-api's weight
// applies to both members alike) and the sync group is tracked by a file.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { netnsName } from '../../src/lab/config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LAB_KEY,
  LAB_KNOWN_HOSTS,
  eventually,
  installKeepalivedByHand,
  purgeKeepalived,
  sshExec,
  vipctl,
  writeInventory,
} from './lab-fixture.js';

const HOSTS = ['lb-host-1', 'lb-host-2', 'lb-host-3'];
const VIP = { web: '10.10.10.70', app: '10.10.10.72', api: '10.10.10.73', db: '10.10.10.74' };
const env = { VIPCTL_AUTH_WEB: 'web-pw1', VIPCTL_AUTH_DB: 'db-pw2' };
const SSH = writeInventory(
  `defaults:\n  ssh: { user: root, port: 22, identity_file: ${LAB_KEY}, known_hosts: ${LAB_KNOWN_HOSTS} }\n`,
  'lab-ssh.yaml',
);
const INVENTORY = ['-i', SSH, '-i', resolve(import.meta.dirname, '../../inventories/full.yaml')];

/** The processes full.yaml tracks: copies of sleep under the tracked names, started detached, pid recorded. */
const DEMOS = {
  'vipctl-web-demo': ['lb-host-1', 'lb-host-2'],
  'vipctl-api-demo': ['lb-host-2', 'lb-host-3'],
};

async function startDemo(host: string, name: string): Promise<void> {
  const r = await sshExec(
    host,
    // the group in braces: the background job gets no handle on the SSH channel, and $! is its pid
    `cp /bin/sleep /usr/local/bin/${name} && { setsid /usr/local/bin/${name} infinity </dev/null >/dev/null 2>&1 & echo $! > /run/${name}.pid; }`,
    30_000,
  );
  expect(r.code, r.stderr).toBe(0);
}

async function stopDemo(host: string, name: string): Promise<void> {
  await sshExec(host, `test -f /run/${name}.pid && kill "$(cat /run/${name}.pid)"; rm -f /run/${name}.pid`);
}

async function configure(): Promise<{ code: number; summary: Record<string, number>; out: string }> {
  const r = await vipctl(['configure', ...INVENTORY, '--json'], { env });
  let summary: Record<string, number> = {};
  try {
    summary = (JSON.parse(r.stdout) as { summary: Record<string, number> }).summary;
  } catch {
    // reported by the assertion on code below
  }
  return { code: r.code ?? -1, summary, out: r.stdout + r.stderr };
}

/** Hosts holding `vip` on any interface (cluster-api's VIP sits on its VMAC, vrrp63, not on eth0). */
function holders(vip: string): string[] {
  return HOSTS.filter((h) =>
    execFileSync('ip', ['-n', netnsName(h), '-o', 'addr', 'show'], { encoding: 'utf8' }).includes(` ${vip}/`),
  );
}

const holds = (vip: string, host: string) => (): Promise<boolean> =>
  Promise.resolve(holders(vip).join() === host);

const setFile = (host: string, file: string, value: number) => sshExec(host, `echo ${value} > ${file}`);

describe('inventories/full.yaml on the lab', () => {
  beforeAll(async () => {
    await installKeepalivedByHand(HOSTS);
    for (const [name, hosts] of Object.entries(DEMOS)) for (const h of hosts) await startDemo(h, name);
    const r = await configure();
    expect(r.code, r.out).toBe(0);
    for (const [vip, host] of [
      [VIP.web, 'lb-host-1'],
      [VIP.app, 'lb-host-1'],
      [VIP.api, 'lb-host-2'],
      [VIP.db, 'lb-host-3'],
    ] as const)
      if (!(await eventually(holds(vip, host), 30_000))) {
        // say why: keepalived's own account of each host
        const logs = await Promise.all(
          HOSTS.map(
            async (h) => `${h}:\n${(await sshExec(h, 'journalctl -u keepalived -n 30 --no-pager')).stdout}`,
          ),
        );
        expect.fail(
          `${vip} is not on ${host} (holders: ${holders(vip).join(', ') || 'none'})\n${logs.join('\n')}`,
        );
      }
  }, 900_000);

  afterAll(async () => {
    for (const [name, hosts] of Object.entries(DEMOS)) for (const h of hosts) await stopDemo(h, name);
    await purgeKeepalived(HOSTS, {
      paths: ['/run/vipctl-maintenance', '/run/vipctl-web-maintenance', '/usr/local/bin/vipctl-*-demo'],
    });
  }, 600_000);

  it('a second configure changes nothing and reloads nothing', async () => {
    const r = await configure();
    expect(r.code, r.out).toBe(0);
    expect(r.summary['changed'] ?? 0, r.out).toBe(0);
  }, 300_000);

  it('the sync group fails over together: a failed group track_file on lb-host-1 moves both VIPs', async () => {
    const t0 = Date.now();
    await setFile('lb-host-1', '/run/vipctl-web-maintenance', 1);
    const moved = await eventually(
      async () => (await holds(VIP.web, 'lb-host-2')()) && (await holds(VIP.app, 'lb-host-2')()),
      15_000,
    );
    const took = Date.now() - t0;
    expect(moved, `both VIPs on lb-host-2 (after ${took} ms)`).toBe(true);
    expect(took).toBeLessThan(10_000);
    await setFile('lb-host-1', '/run/vipctl-web-maintenance', 0);
    expect(
      await eventually(
        async () => (await holds(VIP.web, 'lb-host-1')()) && (await holds(VIP.app, 'lb-host-1')()),
        15_000,
      ),
    ).toBe(true);
  }, 60_000);

  it('a track_file weight moves cluster-db from lb-host-3 to lb-host-1, and back', async () => {
    await setFile('lb-host-3', '/run/vipctl-maintenance', 1);
    expect(await eventually(holds(VIP.db, 'lb-host-1'), 15_000)).toBe(true);
    await setFile('lb-host-3', '/run/vipctl-maintenance', 0);
    expect(await eventually(holds(VIP.db, 'lb-host-3'), 15_000)).toBe(true);
  }, 60_000);
});
