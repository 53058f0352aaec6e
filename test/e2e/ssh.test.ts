// The connector against real sshd: a non-root user with sudo and a password (never on a command line, never in
// output), ProxyJump through another host, and ~/.ssh/config filling in what the inventory leaves open.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_KEY, LAB_KNOWN_HOSTS, VIPCTL, sshExec, vipctl, writeInventory } from './lab-fixture.js';

const SUDO_PASS = 'Sud0-pw-Q7'; // distinctive: any leak into output or process lists is detectable
const HOST = 'lb-host-3';

describe('SSH connector on the lab', () => {
  beforeAll(async () => {
    const r = await sshExec(
      HOST,
      [
        'set -e',
        'dpkg -s sudo >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sudo >/dev/null)',
        'id ops >/dev/null 2>&1 || useradd -m -s /bin/sh ops',
        `echo 'ops:${SUDO_PASS}' | chpasswd`,
        'echo "ops ALL=(ALL) ALL" > /etc/sudoers.d/ops && chmod 0440 /etc/sudoers.d/ops',
        'mkdir -p ~ops/.ssh && cp /root/.ssh/authorized_keys ~ops/.ssh/ && chown -R ops: ~ops/.ssh',
        'echo ready',
      ].join('\n'),
      300_000,
    );
    if (!r.stdout.includes('ready')) throw new Error(`preparing ${HOST}: ${r.stderr}`);
  }, 300_000);

  afterAll(async () => {
    await sshExec(HOST, 'userdel -r ops 2>/dev/null; rm -f /etc/sudoers.d/ops; true');
  });

  const opsInventory = (passwordEnv?: string): string =>
    writeInventory(
      [
        'defaults:',
        `  ssh: { user: ops, identity_file: ${LAB_KEY}, known_hosts: ${LAB_KNOWN_HOSTS} }`,
        passwordEnv
          ? `  become: { enabled: true, password_env: ${passwordEnv} }`
          : '  become: { enabled: true }',
        'hosts:',
        `  ${HOST}: { address: 10.10.10.53 }`,
        'clusters: {}',
        '',
      ].join('\n'),
    );

  it('becomes root through sudo with the password from the environment, never echoing it', async () => {
    const r = await vipctl(['install', '-i', opsInventory('VIPCTL_E2E_SUDO'), '-vv', '--check'], {
      env: { VIPCTL_E2E_SUDO: SUDO_PASS },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // The facts needed root (dpkg, the config checksum) and came back: the run planned against real state.
    expect(r.stderr).toMatch(/lb-host-3\| @@vipctl-fact:os/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SUDO_PASS);
    const auth = await sshExec(
      HOST,
      "journalctl _COMM=sudo --since '-2min' --no-pager | grep -c 'USER=root' || true",
    );
    expect(Number(auth.stdout.trim())).toBeGreaterThan(0);
  });

  it('a wrong sudo password fails the host clearly, without printing the password', async () => {
    const r = await vipctl(['install', '-i', opsInventory('VIPCTL_E2E_SUDO'), '--json'], {
      env: { VIPCTL_E2E_SUDO: 'wrong-pass-1' },
    });
    expect(r.code).toBe(2);
    const host = (JSON.parse(r.stdout) as { hosts: { status: string; error: string }[] }).hosts[0]!;
    expect(host.status).toBe('failed');
    expect(host.error).toMatch(/could not read host state .*(incorrect password|try again)/i);
    expect(`${r.stdout}${r.stderr}`).not.toContain('wrong-pass-1');
  });

  it('-K asks for the sudo password at the terminal (no echo) and sudo gets it on stdin', async () => {
    const inv = opsInventory();
    // script(1) gives vipctl a real terminal; the password is typed once the prompt shows.
    const child = spawn(
      'script',
      ['-qec', `${process.execPath} ${VIPCTL} install -i ${inv} --check --json -K`, '/dev/null'],
      {
        env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      },
    );
    let out = '';
    let typed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!typed && out.includes('sudo password:')) {
        typed = true;
        child.stdin.write(`${SUDO_PASS}\r`);
      }
    });
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(typed, out).toBe(true);
    expect(code, out).toBe(0);
    expect(out).not.toContain(SUDO_PASS);
    const doc = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as {
      hosts: { status: string }[];
    };
    expect(doc.hosts.map((h) => h.status)).not.toContain('failed');
  });

  it('reaches a host through a ProxyJump host', async () => {
    const inv = writeInventory(
      [
        'defaults:',
        `  ssh: { user: root, identity_file: ${LAB_KEY}, known_hosts: ${LAB_KNOWN_HOSTS}, proxy_jump: root@10.10.10.51 }`,
        'hosts:',
        '  lb-host-2: { address: 10.10.10.52 }',
        'clusters: {}',
        '',
      ].join('\n'),
    );
    const r = await vipctl(['install', '-i', inv, '--check', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // The jump host saw the forwarded connection to lb-host-2's sshd.
    const seen = await sshExec(
      'lb-host-1',
      "journalctl -u ssh --since '-1min' --no-pager | grep -c 'direct-tcpip\\|Accepted publickey' || true",
    );
    expect(Number(seen.stdout.trim())).toBeGreaterThan(0);
  });

  it('takes the identity file from ~/.ssh/config when the inventory has none', async () => {
    const home = mkdtempSync(join(tmpdir(), 'vipctl-home-'));
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    writeFileSync(join(home, '.ssh', 'config'), `Host lb-host-2\n  IdentityFile ${LAB_KEY}\n`);
    const inv = writeInventory(
      [
        'defaults:',
        `  ssh: { user: root, known_hosts: ${LAB_KNOWN_HOSTS} }`,
        'hosts:',
        '  lb-host-2: { address: 10.10.10.52 }',
        'clusters: {}',
        '',
      ].join('\n'),
    );
    const withConfig = await vipctl(['install', '-i', inv, '--check', '--json'], {
      env: { HOME: home, SSH_AUTH_SOCK: '' },
    });
    expect(withConfig.code, withConfig.stdout + withConfig.stderr).toBe(0);
    const empty = mkdtempSync(join(tmpdir(), 'vipctl-home-'));
    const without = await vipctl(['install', '-i', inv, '--check', '--json'], {
      env: { HOME: empty, SSH_AUTH_SOCK: '' },
    });
    expect(without.code).toBe(3);
  });
});
