// The lab itself: real hosts with their own systemd, sshd and keys; isolation between hosts; nothing left behind.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASELINE_FILE, E2E_HOSTS } from './global-setup.js';
import {
  eventually,
  faults,
  hostExec,
  labHosts,
  LAB_INVENTORY,
  LAB_KEY,
  sshExec,
  vipctl,
  vipHolders,
} from './lab-fixture.js';
import { takeSnapshot, type MachineSnapshot } from './machine-snapshot.js';

describe('vipctl lab', () => {
  beforeAll(async () => {
    // Test files run in any order; earlier ones kill keepalived on purpose, which leaves failed units and makes
    // systemd report "degraded". Clear them: this file checks the lab's hosts, not what other tests did to them.
    await Promise.all(labHosts().map((h) => hostExec(h.name, 'systemctl reset-failed')));
  });

  it('hosts answer over SSH with strict host-key checking and run their own systemd', async () => {
    const hosts = labHosts();
    expect(hosts).toHaveLength(E2E_HOSTS);
    for (const h of hosts) {
      const r = await sshExec(
        h.name,
        // the addresses last: a VIP left by an earlier test file adds lines
        'hostname; systemctl is-system-running; cat /proc/1/comm; ip -o -4 addr show dev eth0',
      );
      expect(r.code, r.stderr).toBe(0);
      const [hostname, state, init, ...addrs] = r.stdout.trim().split('\n');
      const addr = addrs.join('\n');
      expect(hostname).toBe(h.name);
      expect(state).toBe('running');
      expect(addr).toContain(`inet ${h.address}/24`);
      expect(init).toBe('systemd');
    }
  });

  it('each host has its own machine id and host key', async () => {
    const ids = await Promise.all(
      labHosts().map((h) => sshExec(h.name, 'cat /etc/machine-id /etc/ssh/ssh_host_ed25519_key.pub')),
    );
    expect(new Set(ids.map((r) => r.stdout)).size).toBe(E2E_HOSTS);
  });

  it('a host whose key does not match known_hosts is refused', () => {
    const [a, b] = labHosts();
    // A known_hosts that claims b's key for a's address: what a changed or impostor host looks like.
    const tampered = `/tmp/vipctl-e2e-known-hosts-${process.pid}`;
    writeFileSync(tampered, `${a!.address} ${b!.hostKey.split(' ').slice(0, 2).join(' ')}\n`);
    const r = spawnSync(
      'ssh',
      [
        '-o',
        'BatchMode=yes',
        '-o',
        `UserKnownHostsFile=${tampered}`,
        '-o',
        'StrictHostKeyChecking=yes',
        '-i',
        LAB_KEY,
        `root@${a!.address}`,
        'true',
      ],
      { encoding: 'utf8' },
    );
    rmSync(tampered, { force: true });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });

  it('hosts are isolated: killing a unit in one host leaves the same unit in another running', async () => {
    // lab-notes.md: without a cgroup per container, `systemctl kill` in one kills the unit in all of them.
    const before = await sshExec('lb-host-2', 'systemctl show -p MainPID --value ssh');
    await hostExec('lb-host-1', 'systemctl kill -s HUP ssh');
    const after = await sshExec(
      'lb-host-2',
      'systemctl show -p MainPID --value ssh; systemctl is-active ssh',
    );
    expect(after.stdout.split('\n')[0]).toBe(before.stdout.trim());
    expect(after.stdout).toContain('active');
  });

  it('a crashed or powered-off host comes back with its disk state on lab up', async () => {
    await sshExec('lb-host-3', 'echo kept > /root/marker');
    await faults.crash('lb-host-3');
    await faults.powerOff('lb-host-2');
    const down = await eventually(async () => {
      const s = JSON.parse((await vipctl(['lab', 'status', '--json'])).stdout) as {
        hosts: { name: string; running: boolean }[];
      };
      return (
        s.hosts
          .filter((h) => !h.running)
          .map((h) => h.name)
          .sort()
          .join() === 'lb-host-2,lb-host-3'
      );
    }, 10_000);
    expect(down).toBe(true);
    const up = await faults.powerOn();
    expect(up.code, up.stderr).toBe(0);
    const r = await sshExec('lb-host-3', 'cat /root/marker; systemctl is-system-running');
    expect(r.stdout.trim().split('\n')).toEqual(['kept', 'running']);
    expect((await sshExec('lb-host-2', 'hostname')).stdout.trim()).toBe('lb-host-2');
  });

  it('lab status lists every host with its state', async () => {
    const r = await vipctl(['lab', 'status', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      up: boolean;
      inventory: string;
      hosts: { name: string; system: string }[];
    };
    expect(s.up).toBe(true);
    expect(s.inventory).toBe(LAB_INVENTORY);
    expect(s.hosts.map((h) => h.system)).toEqual(Array(E2E_HOSTS).fill('running'));
  });

  it('lab down leaves nothing behind; the light flavour runs VRRP too; lab up brings fresh hosts back', async () => {
    const baseline = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as MachineSnapshot;
    const down = await vipctl(['lab', 'down']);
    expect(down.code, down.stderr).toBe(0);
    const after = takeSnapshot();
    expect(after.netns).toEqual(baseline.netns);
    expect(after.links).toEqual(baseline.links);
    expect(after.mounts).toEqual(baseline.mounts);
    expect(after.cgroups).toEqual(baseline.cgroups);
    expect(after.labProcesses).toEqual([]);
    const status = await vipctl(['lab', 'status', '--json']);
    expect(JSON.parse(status.stdout).up).toBe(false);

    // The light flavour (namespaces + sshd, no systemd) on the same bridge, with VRRP between two hosts.
    const light = await vipctl(['lab', 'up', '--flavour', 'light', '--hosts', '2']);
    expect(light.code, light.stderr).toBe(0);
    for (const [h, prio] of [
      ['lb-host-1', 100],
      ['lb-host-2', 90],
    ] as const) {
      const conf = `vrrp_instance VI_1 {\n state BACKUP\n interface eth0\n virtual_router_id 51\n priority ${prio}\n advert_int 1\n virtual_ipaddress {\n 10.10.10.50\n }\n}\n`;
      const r = await sshExec(
        h,
        `hostname; cat /proc/1/comm; printf '${conf}' > /etc/keepalived/keepalived.conf && service keepalived start >/dev/null && echo started`,
      );
      expect(r.stdout.trim().split('\n'), r.stderr).toEqual([h, 'sshd', 'started']);
    }
    expect(
      await eventually(
        async () => (await vipHolders('10.10.10.50', ['lb-host-1', 'lb-host-2'])).join() === 'lb-host-1',
        10_000,
      ),
    ).toBe(true);
    // vipctl on hosts without systemd: detects it and uses the init script (reload of the running keepalived).
    const conf = await vipctl(['configure', '-i', LAB_INVENTORY, '--json']);
    expect(conf.code, conf.stderr).toBe(0);
    const confHosts = (
      JSON.parse(conf.stdout) as { hosts: { host: string; status: string; tasks: { changes: string[] }[] }[] }
    ).hosts;
    expect(confHosts.map((h) => h.status)).toEqual(['changed', 'changed']);
    expect(confHosts.flatMap((h) => h.tasks.flatMap((t) => t.changes))).toContain('reload keepalived');
    const again = await vipctl(['configure', '-i', LAB_INVENTORY, '--json']);
    expect((JSON.parse(again.stdout) as { summary: { changed: number } }).summary.changed).toBe(0);
    expect(
      await eventually(
        async () => (await vipHolders('10.10.10.50', ['lb-host-1', 'lb-host-2'])).join() === 'lb-host-1',
        10_000,
      ),
    ).toBe(true);
    const lightDown = await vipctl(['lab', 'down']);
    expect(lightDown.code, lightDown.stderr).toBe(0);
    expect(takeSnapshot().labProcesses).toEqual([]);
    expect(existsSync('/etc/netns/vipctl-lb-host-1')).toBe(false);

    const up = await vipctl(['lab', 'up', '--hosts', String(E2E_HOSTS)]);
    expect(up.code, up.stderr).toBe(0);
    const upAgain = await vipctl(['lab', 'up', '--hosts', String(E2E_HOSTS)]); // idempotent
    expect(upAgain.code, upAgain.stderr).toBe(0);
    const r = await sshExec(
      'lb-host-1',
      'systemctl is-system-running; test -e /usr/sbin/keepalived && echo has-keepalived || echo fresh',
    );
    expect(r.stdout.trim().split('\n')).toEqual(['running', 'fresh']);
  });
});
