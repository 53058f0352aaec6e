import { homedir } from 'node:os';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { UserError } from '../../../src/cli/errors.js';
import { InventoryError, formatFindings } from '../../../src/inventory/findings.js';
import { loadInventory, loadCheckedInventory, loadInventoryTexts } from '../../../src/inventory/load.js';

function load(text: string, file = '/inv/a.yaml') {
  return loadInventoryTexts(new Map([[file, text]]));
}

function loadError(texts: Record<string, string>): InventoryError {
  try {
    loadInventoryTexts(new Map(Object.entries(texts)));
  } catch (err) {
    if (err instanceof InventoryError) return err;
    throw err;
  }
  throw new Error('expected an InventoryError');
}

const TWO_HOSTS = `
defaults:
  ssh: { user: deploy, port: 2222, identity_file: keys/id, known_hosts: ~/kh }
  interface: eth0
  advert_int: 3
  vars: { site: a, rack: 1 }
hosts:
  h1: { address: 10.0.0.1/24 }
  h2:
    address: 10.0.0.2
    interface: ens3
    ssh: { user: root, proxy_jump: bastion }
    become: { enabled: true, password_env: SUDO_PW }
    vars: { rack: 2 }
clusters:
  c1:
    interface: bond0
    advert_int: 2
    virtual_router_id: 9
    vips: ["10.0.0.9", { address: "fd00::9/64", dev: eth9 }]
    members:
      h1: { priority: 100 }
      h2: { priority: 50, interface: vlan7, advert_int: 2 }
  c2:
    virtual_router_id: 10
    vips: [10.0.0.10/24]
    members:
      h1: { priority: 20 }
      h2: { priority: 30 }
`;

describe('precedence: member > host > cluster > defaults > built-in', () => {
  const { inventory } = load(TWO_HOSTS);
  const [h1, h2] = inventory.hosts;
  const [c1, c2] = inventory.clusters;

  it('ssh and become: host over defaults, key by key; become defaults to "user is not root"', () => {
    expect(h1?.ssh).toMatchObject({
      user: 'deploy',
      port: 2222,
      identityFile: '/inv/keys/id',
      knownHostsFile: join(homedir(), 'kh'),
    });
    expect(h1?.become.enabled).toBe(true);
    expect(h2?.ssh).toMatchObject({
      user: 'root',
      port: 2222,
      proxyJump: 'bastion',
      connectTimeoutMs: 10_000,
    });
    expect(h2?.become).toMatchObject({ enabled: true, method: 'sudo' });
    expect(h2?.become.password?.describe).toBe('env SUDO_PW');
  });

  it('vars: host keys over defaults keys', () => {
    expect(h1?.vars).toEqual({ site: 'a', rack: 1 });
    expect(h2?.vars).toEqual({ site: 'a', rack: 2 });
  });

  it('interface: member, else host, else cluster, else defaults', () => {
    expect(c1?.members.map((m) => [m.host, m.interface])).toEqual([
      ['h1', 'bond0'],
      ['h2', 'vlan7'],
    ]);
    expect(c2?.members.map((m) => m.interface)).toEqual(['eth0', 'ens3']);
  });

  it('advert_int: member over cluster over defaults', () => {
    expect(c1?.advertInt).toBe(2);
    expect(c1?.members[1]?.advertInt).toBe(2);
    expect(c2?.advertInt).toBe(3);
  });

  it('derives MASTER for the highest priority, BACKUP for the rest', () => {
    expect(c1?.members.map((m) => m.state)).toEqual(['MASTER', 'BACKUP']);
    expect(c2?.members.map((m) => m.state)).toEqual(['BACKUP', 'MASTER']);
  });

  it('parses VIPs of both families, with and without prefix; hosts get their subnet prefix', () => {
    expect(c1?.vips).toEqual([
      { address: '10.0.0.9', prefix: 32, family: 4 },
      { address: 'fd00::9', prefix: 64, family: 6, dev: 'eth9' },
    ]);
    expect(c2?.vips[0]).toEqual({ address: '10.0.0.10', prefix: 24, family: 4 });
    expect([h1?.address, h1?.prefix, h2?.address, h2?.prefix]).toEqual(['10.0.0.1', 24, '10.0.0.2', 24]);
  });

  it('defaults of a later file override those of an earlier one', () => {
    const { inventory: inv } = loadInventoryTexts(
      new Map([
        ['/a.yaml', 'defaults: { interface: eth0, advert_int: 1 }\nhosts:\n  h1: { address: 10.0.0.1 }\n'],
        ['/b.yaml', 'defaults: { interface: eth1 }\nhosts:\n  h2: { address: 10.0.0.2 }\n'],
      ]),
    );
    expect(inv.hosts.map((h) => h.interface)).toEqual(['eth1', 'eth1']);
    expect(inv.files).toEqual(['/a.yaml', '/b.yaml']);
  });
});

describe('secrets are resolved late', () => {
  it('loads without the password; lint reports it unavailable instead of crashing', () => {
    delete process.env.VIPCTL_TEST_ABSENT;
    const { inventory, findings } = load(
      'hosts:\n  a: { address: 10.0.0.1 }\n  b: { address: 10.0.0.2 }\nclusters:\n  c:\n    virtual_router_id: 1\n    vips: [10.0.0.3]\n    auth: { type: PASS, password_env: VIPCTL_TEST_ABSENT }\n    members: { a: { priority: 2 }, b: { priority: 1 } }\n',
    );
    expect(findings.map((f) => f.code)).toEqual(['AUTH002']);
    const auth = inventory.clusters[0]?.auth;
    expect(auth?.type === 'PASS' && auth.password.describe).toBe('env VIPCTL_TEST_ABSENT');
    expect(() => (auth?.type === 'PASS' ? auth.password.reveal() : '')).toThrow(UserError);
    process.env.VIPCTL_TEST_ABSENT = 'pw';
    expect(auth?.type === 'PASS' && auth.password.reveal()).toBe('pw');
    delete process.env.VIPCTL_TEST_ABSENT;
  });

  it('password_file is read relative to the inventory, without its trailing newline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-inv-'));
    writeFileSync(join(dir, 'pass'), 'abc\n');
    writeFileSync(
      join(dir, 'inv.yaml'),
      'hosts:\n  a: { address: 10.0.0.1 }\n  b: { address: 10.0.0.2 }\nclusters:\n  c:\n    virtual_router_id: 1\n    vips: [10.0.0.3]\n    auth: { type: PASS, password_file: pass }\n    members: { a: { priority: 2 }, b: { priority: 1 } }\n',
    );
    const { inventory, findings } = await loadInventory([join(dir, 'inv.yaml')]);
    expect(findings).toEqual([]);
    const auth = inventory.clusters[0]?.auth;
    expect(auth?.type === 'PASS' && [auth.password.describe, auth.password.reveal()]).toEqual([
      `file ${join(dir, 'pass')}`,
      'abc',
    ]);
  });
});

describe('the error report', () => {
  const text =
    'hosts:\n  h1:\n    adress: 10.0.0.1\nclusters:\n  c:\n    virtual_router_id: high\n    vips: []\n    members: {}\n';

  it('reports every error at once, as file:line:col, the line, a caret and what was expected', () => {
    const err = loadError({ '/inv/x.yaml': text });
    expect(err.exitCode).toBe(ExitCode.INVENTORY);
    expect(err.findings.map((f) => `${f.code}@${f.location.line}:${f.location.column}`)).toEqual([
      'SCH003@2:3',
      'SCH002@3:5',
      'SCH001@6:24',
    ]);
    expect(err.message).toContain(
      [
        '/inv/x.yaml:3:5: error SCH002 unknown key "adress" in hosts.h1',
        '    3 |     adress: 10.0.0.1',
        '      |     ^',
        '  did you mean "address"? expected one of: address, ssh, become, interface, vars, global_defs, keepalived_version, static_ipaddress, static_routes, static_rules',
      ].join('\n'),
    );
    expect(err.message).toContain(
      '/inv/x.yaml:6:24: error SCH001 clusters.c.virtual_router_id: expected a whole number, got the text "high"',
    );
    expect(err.message).toMatch(/3 errors, 0 warnings$/);
    expect(err.message).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack frames
  });

  it('reports the errors of several files together', () => {
    const err = loadError({
      '/inv/x.yaml': text,
      '/inv/y.yaml': 'hosts:\n  h9: { address: 10.0.0.9, port: 22 }\n',
    });
    expect(err.findings.map((f) => `${f.location.file}:${f.code}`)).toEqual([
      '/inv/x.yaml:SCH003',
      '/inv/x.yaml:SCH002',
      '/inv/x.yaml:SCH001',
      '/inv/y.yaml:SCH002',
    ]);
  });

  it('suggests nothing for a key unlike any valid one, but still lists the valid keys', () => {
    const err = loadError({ '/a.yaml': 'hosts:\n  h1: { address: 10.0.0.1, zzzzzz: 1 }\n' });
    expect(err.findings[0]?.hint).toBe(
      'expected one of: address, ssh, become, interface, vars, global_defs, keepalived_version, static_ipaddress, static_routes, static_rules',
    );
  });

  it('formats lint findings with severity and hint, sorted by position', () => {
    const out = formatFindings(
      [
        {
          code: 'MEM002',
          severity: 'warning',
          message: 'second',
          location: { file: '/nowhere.yaml', line: 9, column: 2 },
        },
        {
          code: 'VRID001',
          severity: 'error',
          message: 'first',
          location: { file: '/nowhere.yaml', line: 2, column: 1 },
          hint: 'fix it',
        },
      ],
      new Map([['/nowhere.yaml', 'a\nvirtual_router_id: 0\n']]),
    );
    expect(out).toBe(
      [
        '/nowhere.yaml:2:1: error VRID001 first',
        '    2 | virtual_router_id: 0',
        '      | ^',
        '  fix it',
        '/nowhere.yaml:9:2: warning MEM002 second',
        '1 error, 1 warning',
      ].join('\n'),
    );
  });
});

describe('lint rules that must stay quiet', () => {
  const cluster = (name: string, vrid: number, a: string, b: string, vip: string): string =>
    `  ${name}:\n    virtual_router_id: ${vrid}\n    vips: [${vip}]\n    members: { ${a}: { priority: 100 }, ${b}: { priority: 90 } }\n`;
  const hosts =
    'hosts:\n  a: { address: 10.0.0.1/24 }\n  b: { address: 10.0.0.2/24 }\n  c: { address: 10.1.0.1/24 }\n  d: { address: 10.1.0.2/24 }\n';

  it('the same VRID on two segments is fine (VRID002 only within one segment)', () => {
    const { findings } = load(
      `${hosts}clusters:\n${cluster('x', 51, 'a', 'b', '10.0.0.50')}${cluster('y', 51, 'c', 'd', '10.1.0.50')}`,
    );
    expect(findings).toEqual([]);
  });

  it('the same VRID on one segment is an error; VIP outside the subnet only a warning', () => {
    const { findings } = load(
      `${hosts}clusters:\n${cluster('x', 51, 'a', 'b', '10.0.0.50')}${cluster('y', 51, 'a', 'b', '10.9.0.50')}`,
    );
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['VRID002', 'error'],
      ['VIP003', 'warning'],
    ]);
  });
});

describe('loading for a command that changes hosts', () => {
  it('refuses an inventory with lint errors, with the full report and exit code INVENTORY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-inv-'));
    const file = join(dir, 'inv.yaml');
    writeFileSync(
      file,
      'hosts:\n  a: { address: 10.0.0.1 }\n  b: { address: 10.0.0.2 }\nclusters:\n  c:\n    virtual_router_id: 300\n    vips: [10.0.0.3]\n    members: { a: { priority: 2 }, b: { priority: 1 } }\n',
    );
    const err = await loadCheckedInventory([file]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InventoryError);
    expect((err as InventoryError).exitCode).toBe(ExitCode.INVENTORY);
    expect((err as InventoryError).message).toContain(`${file}:6:24: error VRID001`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('300', '30'));
    expect((await loadCheckedInventory([file])).findings).toEqual([]);
  });
});
