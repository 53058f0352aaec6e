// The host prerequisites of configure (#13) on real hosts: with a default-drop nftables input policy, VRRP
// adverts pass only with `firewall: true` (exactly one VIP holder) and fail without (both hosts claim the VIP);
// ip_nonlocal_bind is set, the keepalived drop-in is in place (daemon-reload, no restart), the script user
// exists, and a second configure changes nothing and restarts nothing; after a reboot that reloads the host's
// saved drop policy, keepalived's start admits VRRP again. Turning the firewall off again removes vipctl's rules
// and only those.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsName } from '../../src/lab/config.js';
import {
  eventually,
  faults,
  hostInitPid,
  labDefaultsYaml,
  LAB_AUTH_PASS_FILE,
  purgeKeepalived,
  sshExec,
  vipctl,
  vipHolders,
  writeInventory,
} from './lab-fixture.js';
import { execFileSync } from 'node:child_process';

const VIP = '10.10.10.50';
const HOSTS = ['lb-host-1', 'lb-host-2'];
const SYSCTL_FILE = '/etc/sysctl.d/60-vipctl-nonlocal-bind.conf';
const DROPIN = '/etc/systemd/system/keepalived.service.d/50-vipctl.conf';
const NOTIFY = '/etc/keepalived/notify-e2e.sh';

function inventory(opts: { firewall: boolean; notifyPath?: string }): string {
  return writeInventory(
    [
      labDefaultsYaml(),
      '  systemd: { network_online: true, restart_on_failure: true }',
      // keepalived runs scripts as keepalived_script here, a user stock Debian does not have
      '  global_defs: { script_user: keepalived_script }',
      'hosts:',
      '  lb-host-1: { address: 10.10.10.51 }',
      '  lb-host-2: { address: 10.10.10.52 }',
      'clusters:',
      '  cluster-lb:',
      '    virtual_router_id: 51',
      `    vips: [${VIP}]`,
      `    auth: { type: PASS, password_file: ${LAB_AUTH_PASS_FILE} }`,
      '    members: { lb-host-1: { priority: 100 }, lb-host-2: { priority: 90 } }',
      `    notify: { master: { path: ${opts.notifyPath ?? NOTIFY}, content: "#!/bin/sh\\nexit 0\\n" } }`,
      `    firewall: ${opts.firewall}`,
      '    nonlocal_bind: true',
      '',
    ].join('\n'),
    `prereqs-${opts.firewall ? 'fw' : 'nofw'}.yaml`,
  );
}

interface RunJson {
  summary: Record<string, number>;
  hosts: {
    host: string;
    status: string;
    error?: string;
    tasks: { name: string; status: string; changes: string[] }[];
  }[];
}

async function configure(opts: { firewall: boolean; notifyPath?: string }, extra: string[] = []) {
  const r = await vipctl(['configure', '-i', inventory(opts), '--json', ...extra]);
  let json: RunJson;
  try {
    json = JSON.parse(r.stdout) as RunJson;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  return { ...r, json };
}

/** The host's input filter, as its admin set it: drop everything but loopback, replies and SSH. */
const DROP_POLICY = `table inet e2e_filter {
  chain input { type filter hook input priority 0; policy drop; iif lo accept; ct state established,related accept; tcp dport 22 accept; }
}
`;
const nftIn = (host: string, args: string[], input?: string): string =>
  execFileSync('ip', ['netns', 'exec', netnsName(host), 'nft', ...args], {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });

const keepalivedPids = (): Promise<string[]> =>
  Promise.all(
    HOSTS.map(async (h) => (await sshExec(h, 'systemctl show -p MainPID --value keepalived')).stdout.trim()),
  );

const running = (h: string): boolean => {
  try {
    return hostInitPid(h) > 0;
  } catch {
    return false;
  }
};

/** Exactly one holder, lb-host-1, now and still after longer than a backup's master-down interval. */
async function singleHolderHolds(): Promise<boolean> {
  const one = async () => JSON.stringify(await vipHolders(VIP, HOSTS)) === JSON.stringify(['lb-host-1']);
  if (!(await eventually(one, 15_000))) return false;
  await new Promise((r) => setTimeout(r, 5000)); // > 3 × advert_int + skew
  return one();
}

describe('host prerequisites on the lab', () => {
  beforeAll(async () => {
    // nspawn mounts /proc/sys read-only unless it made the network namespace itself; a real host (and nspawn
    // with --private-network) has its namespace's net.* sysctls writable: make the lab hosts look like that.
    for (const h of HOSTS) {
      execFileSync('nsenter', [
        '-t',
        String(hostInitPid(h)),
        '-m',
        'sh',
        '-c',
        'grep -q " /proc/sys/net " /proc/1/mountinfo || { mount --bind /proc/sys/net /proc/sys/net && mount -o remount,bind,rw /proc/sys/net; }',
      ]);
    }
    await purgeKeepalived(HOSTS, {
      paths: [SYSCTL_FILE, '/etc/systemd/system/keepalived.service.d'],
      vip: VIP,
    });
    await Promise.all(
      HOSTS.map(async (h) => {
        const r = await sshExec(
          h,
          'systemctl daemon-reload; echo 0 > /proc/sys/net/ipv4/ip_nonlocal_bind; userdel keepalived_script 2>/dev/null; ' +
            'dpkg -s nftables >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nftables >/dev/null)',
          300_000,
        );
        if (r.code !== 0) throw new Error(`preparing ${h}: ${r.stderr}`);
      }),
    );
    // installed and configured without any firewall first: VIP on the master
    const r = await vipctl(['apply', '-i', inventory({ firewall: false })]);
    if (r.code !== 0) throw new Error(`apply: ${r.stdout}\n${r.stderr}`);
    for (const h of HOSTS) nftIn(h, ['-f', '-'], DROP_POLICY);
  }, 600_000);

  afterAll(async () => {
    for (const h of HOSTS) {
      try {
        nftIn(h, ['list', 'table', 'inet', 'e2e_filter']);
        nftIn(h, ['delete', 'table', 'inet', 'e2e_filter']);
      } catch {
        /* already gone */
      }
    }
    await Promise.all(
      HOSTS.map((h) =>
        sshExec(
          h,
          `rm -rf ${SYSCTL_FILE} /etc/systemd/system/keepalived.service.d; systemctl daemon-reload; echo 0 > /proc/sys/net/ipv4/ip_nonlocal_bind`,
        ),
      ),
    );
  });

  it('without firewall: true, the default-drop input policy blocks the adverts: both hosts claim the VIP', async () => {
    const r = await configure({ firewall: false });
    expect(r.code, r.stderr).toBe(0);
    const both = async () => (await vipHolders(VIP, HOSTS)).length === 2;
    expect(await eventually(both, 15_000)).toBe(true);
  });

  it('with firewall: true, vipctl admits VRRP from the members: exactly one holder, the master', async () => {
    const r = await configure({ firewall: true });
    expect(r.code, r.stderr).toBe(0);
    for (const h of r.json.hosts) {
      const fw = h.tasks.find((t) => t.name.startsWith('firewall'))!;
      expect(fw.status).toBe('changed');
      expect(fw.changes).toEqual(['admit VRRP from the members of cluster-lb (nftables chain vipctl_vrrp)']);
    }
    expect(await singleHolderHolds()).toBe(true);
    for (const h of HOSTS) {
      const rules = nftIn(h, ['list', 'table', 'inet', 'e2e_filter']);
      // the admin's rules are untouched; vipctl's jump is first and its chain holds the members
      expect(rules).toMatch(/policy drop;\s+jump vipctl_vrrp comment "vipctl-vrrp"\s+iif "lo" accept/);
      expect(rules).toContain('tcp dport 22 accept');
      expect(rules).toMatch(
        /chain vipctl_vrrp \{\s+ip protocol vrrp ip saddr \{ 10\.10\.10\.51, 10\.10\.10\.52 \} accept/,
      );
    }
  });

  it('ip_nonlocal_bind is set now and in sysctl.d; the drop-in is loaded; the script user exists', async () => {
    for (const h of HOSTS) {
      const r = await sshExec(
        h,
        `cat /proc/sys/net/ipv4/ip_nonlocal_bind; cat ${SYSCTL_FILE}; systemctl show -p Restart -p After keepalived; getent passwd keepalived_script | cut -d: -f1; sed -n 2p ${NOTIFY}; sed -n 1p ${DROPIN}`,
      );
      expect(r.code, r.stderr).toBe(0);
      const [now, ...rest] = r.stdout.split('\n');
      expect(now).toBe('1');
      expect(rest.join('\n')).toContain('net.ipv4.ip_nonlocal_bind = 1');
      expect(r.stdout).toMatch(/^Restart=on-failure$/m);
      expect(r.stdout).toMatch(/^After=.*network-online\.target/m);
      expect(r.stdout).toMatch(/^keepalived_script$/m);
      expect(r.stdout).toMatch(/^# vipctl-managed/m);
    }
  });

  it('a second configure changes nothing and restarts nothing; --check --diff agrees', async () => {
    const before = await keepalivedPids();
    const r = await configure({ firewall: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.summary).toMatchObject({ changed: 0, ok: 2 });
    const check = await configure({ firewall: true }, ['--check', '--diff']);
    expect(check.json.summary).toMatchObject({ changed: 0, ok: 2 });
    expect(await keepalivedPids()).toEqual(before);
    expect(await vipHolders(VIP, HOSTS)).toEqual(['lb-host-1']);
  });

  it("a reboot keeps VRRP admitted: the host's saved drop policy loads at boot, keepalived's start re-admits", async () => {
    // lb-host-2's admin saved the drop policy in /etc/nftables.conf: at boot nftables.service flushes the
    // ruleset and loads it — without vipctl's rules, which lived only in the kernel.
    const saved = `#!/usr/sbin/nft -f\nflush ruleset\n${DROP_POLICY}`;
    const r = await sshExec(
      'lb-host-2',
      `cp -p /etc/nftables.conf /etc/nftables.conf.e2e-orig && cat > /etc/nftables.conf <<'EOF'\n${saved}EOF\nsystemctl enable -q nftables && echo saved`,
    );
    expect(r.stdout.trim(), r.stderr).toBe('saved');
    try {
      expect((await faults.powerOff('lb-host-2')).code).toBe(0);
      expect(await eventually(async () => !running('lb-host-2'), 30_000, 500)).toBe(true);
      const up = await faults.powerOn();
      expect(up.code, up.stdout + up.stderr).toBe(0);
      // keepalived's drop-in ran the boot script after nftables.service: one jump, vipctl's chain, one holder
      const order = await sshExec(
        'lb-host-2',
        'systemctl is-active nftables keepalived; nft list chain inet e2e_filter input | grep -c "jump vipctl_vrrp"',
      );
      expect(order.stdout.split('\n').slice(0, 3)).toEqual(['active', 'active', '1']);
      expect(await singleHolderHolds()).toBe(true);
      // what the script wrote is what configure would write: nothing to change
      const again = await configure({ firewall: true });
      expect(again.json.summary, again.stdout).toMatchObject({ changed: 0, ok: 2 });
    } finally {
      await sshExec(
        'lb-host-2',
        'systemctl disable -q nftables; mv -f /etc/nftables.conf.e2e-orig /etc/nftables.conf 2>/dev/null; true',
      );
    }
  }, 240_000);

  it('firewall turned off again: vipctl removes its own rules and only those, and the adverts are blocked again', async () => {
    const r = await configure({ firewall: false });
    expect(r.code, r.stderr).toBe(0);
    for (const h of HOSTS) {
      const rules = nftIn(h, ['list', 'table', 'inet', 'e2e_filter']);
      expect(rules).not.toContain('vipctl');
      expect(rules).toContain('tcp dport 22 accept');
      expect(rules).toContain('policy drop');
    }
    const both = async () => (await vipHolders(VIP, HOSTS)).length === 2;
    expect(await eventually(both, 15_000)).toBe(true);
  });

  it('a notify path where a file vipctl did not write already lives: refused, never read, left as it was', async () => {
    const foreign = '/etc/keepalived/operator-notify.sh';
    const secret = 'OPERATOR-OWNED-9f3k';
    await sshExec('lb-host-2', `printf '#!/bin/sh\\n# ${secret}\\n' > ${foreign}; chmod 0700 ${foreign}`);
    const check = await configure({ firewall: false, notifyPath: foreign }, ['--check', '--diff']);
    expect(check.code).toBe(2);
    const host = check.json.hosts.find((h) => h.host === 'lb-host-2')!;
    expect(host.status).toBe('failed');
    expect(host.error).toMatch(
      /refusing to replace \/etc\/keepalived\/operator-notify\.sh: .*vipctl did not write/,
    );
    expect(check.stdout + check.stderr).not.toContain(secret);
    const real = await configure({ firewall: false, notifyPath: foreign });
    expect(real.code).toBe(2);
    const after = await sshExec('lb-host-2', `cat ${foreign}; stat -c %a ${foreign}`);
    expect(after.stdout).toBe(`#!/bin/sh\n# ${secret}\n700\n`);
  });
});

// Review L2 on a real sudo: the password is sent only when sudo reads it. `nft -f -` reads its rules from stdin,
// so a password line left on a NOPASSWD sudo's stdin would reach nft as a rule and fail the run.
describe('become with a sudo password, NOPASSWD or not, on the lab', () => {
  const HOST3 = 'lb-host-3';
  const SUDO_PASS = 'Sud0-hp-K2';
  const sudoers = (rule: string) =>
    `echo "ops ALL=(ALL) ${rule}" > /etc/sudoers.d/ops && chmod 0440 /etc/sudoers.d/ops`;

  beforeAll(async () => {
    const r = await sshExec(
      HOST3,
      [
        'set -e',
        'dpkg -s sudo nftables >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sudo nftables >/dev/null)',
        'id ops >/dev/null 2>&1 || useradd -m -s /bin/sh ops',
        `echo 'ops:${SUDO_PASS}' | chpasswd`,
        'mkdir -p ~ops/.ssh && cp /root/.ssh/authorized_keys ~ops/.ssh/ && chown -R ops: ~ops/.ssh',
        'echo ready',
      ].join('\n'),
      300_000,
    );
    if (!r.stdout.includes('ready')) throw new Error(`preparing ${HOST3}: ${r.stderr}`);
    nftIn(HOST3, ['-f', '-'], DROP_POLICY);
  }, 300_000);

  afterAll(async () => {
    try {
      nftIn(HOST3, ['delete', 'table', 'inet', 'e2e_filter']);
    } catch {
      /* already gone */
    }
    await sshExec(HOST3, 'userdel -r ops 2>/dev/null; rm -f /etc/sudoers.d/ops; true');
  });

  const playbook = writeInventory(
    'name: firewall only\ntasks:\n  - name: firewall admits VRRP\n    op: firewall.vrrp\n',
    'firewall.yaml',
  );
  const inv = (): string =>
    writeInventory(
      [
        labDefaultsYaml(),
        'hosts:',
        `  ${HOST3}: { address: 10.10.10.53, ssh: { user: ops }, become: { password_env: VIPCTL_E2E_SUDO } }`,
        'clusters:',
        '  solo:',
        '    virtual_router_id: 61',
        '    vips: [10.10.10.61]',
        `    members: { ${HOST3}: { priority: 100 } }`,
        '    firewall: true',
        '',
      ].join('\n'),
      'sudo.yaml',
    );

  for (const [what, rule] of [
    ['NOPASSWD: no password is sent', 'NOPASSWD: ALL'],
    ['a password sudo asks for: sudo reads it, nft gets only its rules', 'ALL'],
  ] as const) {
    it(what, async () => {
      // the admin's drop policy afresh (no vipctl rules), and this sudo rule
      nftIn(HOST3, ['delete', 'table', 'inet', 'e2e_filter']);
      nftIn(HOST3, ['-f', '-'], DROP_POLICY);
      await sshExec(HOST3, sudoers(rule));
      const r = await vipctl(['run', playbook, '-i', inv(), '-vv'], { env: { VIPCTL_E2E_SUDO: SUDO_PASS } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(SUDO_PASS);
      const rules = nftIn(HOST3, ['list', 'table', 'inet', 'e2e_filter']);
      expect(rules).toMatch(/jump vipctl_vrrp/);
      expect(rules).toMatch(/chain vipctl_vrrp \{\s+ip protocol vrrp ip saddr 10\.10\.10\.53 accept/);
    });
  }
});
