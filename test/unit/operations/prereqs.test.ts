// The host prerequisites of configure (#13): what each operation plans from the inventory and the host's facts,
// and the nftables part run for real in a scratch network namespace (root only).
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  firewallState,
  parseIptables,
  parseNftRuleset,
  type FirewallState,
} from '../../../src/facts/firewall.js';
import { withMarker } from '../../../src/facts/managed.js';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { sha256 } from '../../../src/operations/files.js';
import { firewallVrrp, iptCommands, nftScript, wantedAdmission } from '../../../src/operations/firewall.js';
import {
  FIREWALL_BOOT_SCRIPT,
  firewallBoot,
  firewallBootScript,
} from '../../../src/operations/firewall-boot.js';
import { SYSCTL_FILE, sysctlNonlocalBind } from '../../../src/operations/sysctl.js';
import { dropinContent, dropinPath, systemdDropin } from '../../../src/operations/systemd.js';
import type { OperationContext } from '../../../src/operations/types.js';
import { scriptUser, scriptUserOf } from '../../../src/operations/users.js';
import type { HostFacts } from '../../../src/runner/host-facts.js';
import { FakeHost } from '../runner/fake-host.js';

const inventory = (cluster: string, defaults = ''): ReturnType<typeof loadInventoryTexts>['inventory'] =>
  loadInventoryTexts(
    new Map([
      [
        'inv.yaml',
        `${defaults}hosts:
  lb1: { address: 10.10.10.51/24 }
  lb2: { address: 10.10.10.52/24 }
clusters:
  web:
    virtual_router_id: 51
    vips: [10.10.10.50]
    members: { lb1: { priority: 100 }, lb2: { priority: 90 } }
${cluster}`,
      ],
    ]),
  ).inventory;

function facts(extra: Partial<HostFacts> = {}): HostFacts {
  return {
    os: { id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian', family: 'debian' },
    packageManager: 'apt',
    packages: {},
    aptListsAge: 10,
    init: 'systemd',
    service: { active: true, enabled: true, pid: 7 },
    files: {},
    addresses: [],
    marked: {},
    ...extra,
  };
}

function ctx(inv: ReturnType<typeof inventory>, f: HostFacts, host = 'lb1'): OperationContext {
  return {
    conn: new FakeHost(host),
    host: inv.hosts.find((h) => h.name === host)!,
    inventory: inv,
    facts: f,
    check: true,
    wantDiff: false,
    progress: () => {},
    started: new Set(),
  };
}

const RULESET = `table inet filter { # handle 1
	chain input { # handle 1
		type filter hook input priority filter; policy drop;
		jump vipctl_vrrp comment "vipctl-vrrp" # handle 8
		tcp dport 22 accept # handle 2
	}

	chain vipctl_vrrp { # handle 4
		ip protocol vrrp ip saddr { 10.10.10.51, 10.10.10.52 } accept comment "vipctl:abc123" # handle 6
	}
}
table ip other { # handle 2
	chain inp { # handle 1
		type filter hook input priority filter + 10; policy accept;
	}
	chain notbase { # handle 2
	}
}
table ip filter { # handle 3
	chain INPUT { # handle 1
		type filter hook input priority filter; policy drop;
	}
}
`;

describe('firewall facts', () => {
  it('nft: input base chains (not iptables-nft INPUT), vipctl jumps and the hash of its own chain', () => {
    expect(parseNftRuleset(RULESET)).toEqual({
      inputChains: [
        { family: 'inet', table: 'filter', chain: 'input', policy: 'drop', jumpHandle: 8 },
        { family: 'ip', table: 'other', chain: 'inp', policy: 'accept' },
      ],
      ownChains: { 'inet filter': 'abc123' },
    });
  });

  it('iptables -S: filtering, vipctl chain, jump and sources', () => {
    expect(
      parseIptables(
        '-P INPUT DROP\n-P FORWARD ACCEPT\n-N VIPCTL-VRRP\n-A INPUT -j VIPCTL-VRRP\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A VIPCTL-VRRP -s 10.10.10.52/32 -p vrrp -j ACCEPT\n-A VIPCTL-VRRP -s 10.10.10.51/32 -p vrrp -j ACCEPT\n',
      ),
    ).toEqual({
      filtering: true,
      chainExists: true,
      jump: true,
      sources: ['10.10.10.51/32', '10.10.10.52/32'],
    });
    expect(parseIptables('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n')).toMatchObject({
      filtering: false,
    });
  });
});

describe('firewall.vrrp plans', () => {
  const fresh: FirewallState = {
    nft: true,
    inputChains: [{ family: 'inet', table: 'filter', chain: 'input', policy: 'drop' }],
    ownChains: {},
  };

  it('opt-in: a cluster without firewall: true plans nothing', async () => {
    const inv = inventory('');
    expect(await firewallVrrp.plan({}, ctx(inv, facts({ firewall: fresh })))).toEqual([]);
  });

  it('with firewall: true: its own chain with the members, a jump at the top of the input chain; then nothing', async () => {
    const inv = inventory('    firewall: true\n');
    const c = ctx(inv, facts({ firewall: structuredClone(fresh) }));
    expect(wantedAdmission(c)).toEqual({ v4: ['10.10.10.51', '10.10.10.52'], v6: false, clusters: ['web'] });
    const changes = await firewallVrrp.plan({}, c);
    expect(changes.map((x) => x.description)).toEqual([
      'admit VRRP from the members of web (nftables chain vipctl_vrrp)',
    ]);
    const script = nftScript(fresh, wantedAdmission(c))!;
    expect(script).toMatch(/^add chain inet filter vipctl_vrrp\nflush chain inet filter vipctl_vrrp\n/);
    expect(script).toContain(
      'add rule inet filter vipctl_vrrp ip protocol 112 ip saddr { 10.10.10.51, 10.10.10.52 } accept comment "vipctl:',
    );
    expect(script).toContain('insert rule inet filter input jump vipctl_vrrp comment "vipctl-vrrp"');
    for (const x of changes) x.effect?.(c.facts);
    expect(await firewallVrrp.plan({}, c)).toEqual([]);
  });

  it('firewall turned off: vipctl removes its jump and its chain, nothing else', () => {
    const st = parseNftRuleset(RULESET);
    expect(nftScript({ nft: true, ...st }, undefined)).toBe(
      'delete rule inet filter input handle 8\ndelete chain inet filter vipctl_vrrp\n',
    );
  });

  it('iptables: only where INPUT filters, own chain, idempotent', () => {
    const open = parseIptables('-P INPUT ACCEPT\n');
    expect(iptCommands('iptables', open, ['10.10.10.51/32'])).toBeUndefined();
    const drop = parseIptables('-P INPUT DROP\n');
    expect(iptCommands('iptables', drop, ['10.10.10.51/32'])).toBe(
      '{ iptables -w -N VIPCTL-VRRP 2>/dev/null || true; } && iptables -w -F VIPCTL-VRRP && iptables -w -A VIPCTL-VRRP -s 10.10.10.51/32 -p 112 -j ACCEPT && { iptables -w -C INPUT -j VIPCTL-VRRP 2>/dev/null || iptables -w -I INPUT 1 -j VIPCTL-VRRP; }',
    );
    const done = parseIptables(
      '-P INPUT DROP\n-N VIPCTL-VRRP\n-A INPUT -j VIPCTL-VRRP\n-A VIPCTL-VRRP -s 10.10.10.51/32 -p vrrp -j ACCEPT\n',
    );
    expect(iptCommands('iptables', done, ['10.10.10.51/32'])).toBeUndefined();
  });
});

describe('sysctl.nonlocal_bind and systemd.dropin plans', () => {
  it('nonlocal_bind: a sysctl.d file and the value now, for the VIP family only; then nothing', async () => {
    const inv = inventory('    nonlocal_bind: true\n');
    const c = ctx(inv, facts({ nonlocalBind: { v4: '0', v6: '0' } }));
    const changes = await sysctlNonlocalBind.plan({}, c);
    expect(changes.map((x) => x.description)).toEqual([
      `create ${SYSCTL_FILE}`,
      'set net.ipv4.ip_nonlocal_bind = 1 now',
    ]);
    for (const x of changes) x.effect?.(c.facts);
    expect(await sysctlNonlocalBind.plan({}, c)).toEqual([]);
    expect(await sysctlNonlocalBind.plan({}, ctx(inventory(''), facts()))).toEqual([]);
  });

  it('the drop-in only where defaults.systemd asks; daemon-reload named in the change', async () => {
    expect(await systemdDropin.plan({}, ctx(inventory(''), facts()))).toEqual([]);
    const inv = inventory('', 'defaults:\n  systemd: { restart_on_failure: true }\n');
    const changes = await systemdDropin.plan({}, ctx(inv, facts()));
    expect(changes.map((x) => x.description)).toEqual([
      `create ${dropinPath('keepalived')} (then systemctl daemon-reload)`,
    ]);
    const content = dropinContent({ networkOnline: true, restartOnFailure: true })!;
    expect(content).toContain('After=network-online.target\nWants=network-online.target');
    expect(content).toContain('Restart=on-failure');
    // already there: nothing, and no daemon-reload
    const path = dropinPath('keepalived');
    const there = facts({
      files: {
        [path]: { exists: true, sha256: sha256(withMarker(content)), mode: '644', owner: 'root:root' },
      },
      marked: { [path]: true },
    });
    expect(await systemdDropin.plan({}, ctx(inv, there))).toEqual([]);
    // no systemd: nothing
    expect(await systemdDropin.plan({}, ctx(inv, facts({ init: 'sysv' })))).toEqual([]);
  });

  it('firewall: true also keeps the admission across reboots: a boot script (0755) and ExecStartPre in the drop-in', async () => {
    expect(await firewallBoot.plan({}, ctx(inventory(''), facts()))).toEqual([]);
    const inv = inventory('    firewall: true\n');
    const boot = await firewallBoot.plan({}, ctx(inv, facts()));
    expect(boot.map((x) => x.description)).toEqual([`create ${FIREWALL_BOOT_SCRIPT}`]);
    const dropin = await systemdDropin.plan({}, ctx(inv, facts()));
    expect(dropin.map((x) => x.description)).toEqual([
      `create ${dropinPath('keepalived')} (then systemctl daemon-reload)`,
    ]);
    const content = dropinContent({ firewallScript: FIREWALL_BOOT_SCRIPT })!;
    // after the units that load a saved ruleset, so the script adds to what they loaded; "-": start anyway
    expect(content).toMatch(/^After=.*nftables\.service.*netfilter-persistent\.service/m);
    expect(content).toContain(`ExecStartPre=-${FIREWALL_BOOT_SCRIPT}`);
    expect(content).not.toContain('Wants=network-online.target');
    const script = firewallBootScript(wantedAdmission(ctx(inv, facts())))!;
    expect(spawnSync('sh', ['-n'], { input: script }).status).toBe(0);
    expect(script).toContain('-s 10.10.10.51/32 -p 112 -j ACCEPT');
  });

  it('the script user is created only where getent does not know it, as a system user with no login', async () => {
    const notify = '    notify: { master: /usr/local/bin/notify.sh }\n';
    const inv = inventory(notify, 'defaults:\n  global_defs: { script_user: keepalived_script }\n');
    const missing = new FakeHost('lb1', {}, [{ match: /^getent/, result: { code: 2 } }]);
    const c = { ...ctx(inv, facts()), conn: missing };
    const [change] = await scriptUser.plan({}, c);
    expect(change!.description).toBe("create system user keepalived_script (keepalived's script user)");
    await change!.apply(c);
    expect(missing.commands.at(-1)).toMatch(
      /^useradd --system --user-group --no-create-home .* -- keepalived_script$/,
    );
    const known = new FakeHost('lb1', {}, [{ match: /^getent/, result: { code: 0 } }]);
    expect(await scriptUser.plan({}, { ...c, conn: known })).toEqual([]);
    // the default, root, needs nothing
    expect(await scriptUser.plan({}, ctx(inventory(notify), facts()))).toEqual([]);
  });

  it('the script user is read from the rendered global_defs', () => {
    expect(
      scriptUserOf('global_defs {\n    script_user keepalived_script\n    enable_script_security\n}\n'),
    ).toBe('keepalived_script');
    expect(scriptUserOf('vrrp_instance x {\n}\n')).toBeUndefined();
  });
});

const canNetns = process.getuid?.() === 0 && spawnSync('nft', ['--version']).status === 0;

describe.runIf(canNetns)('nftables for real, in a scratch network namespace', () => {
  it('the fact reads what the script wrote; a second plan has nothing to do; removal leaves the other rules', () => {
    const ns = `vipctl-unit-${process.pid}`;
    execFileSync('ip', ['netns', 'add', ns]);
    const nft = (input: string): string =>
      execFileSync('ip', ['netns', 'exec', ns, 'sh', '-c', input], { encoding: 'utf8' });
    try {
      nft(`nft -f - <<'EOF'
table inet filter {
  chain input { type filter hook input priority 0; policy drop; tcp dport 22 accept; }
}
EOF`);
      const read = (): FirewallState => firewallState.parse(nft(firewallState.command));
      const want = { v4: ['10.10.10.51', '10.10.10.52'], v6: true, clusters: ['web'] };
      nft(`nft -f - <<'EOF'\n${nftScript(read(), want)}EOF`);
      const after = read();
      expect(after.inputChains[0]!.jumpHandle).toBeDefined();
      expect(nftScript(after, want)).toBeUndefined();
      // a firewall reload (or a boot) wipes vipctl's rules; the boot script puts back exactly firewall.vrrp's
      nft(
        `nft -f - <<'EOF'\nflush ruleset\ntable inet filter {\n  chain input { type filter hook input priority 0; policy drop; tcp dport 22 accept; }\n}\nEOF`,
      );
      expect(nftScript(read(), want)).toBeDefined();
      const boot = firewallBootScript(want)!;
      for (let i = 0; i < 2; i++) nft(`sh -s <<'EOF'\n${boot}EOF`);
      const rebooted = read();
      expect(nftScript(rebooted, want)).toBeUndefined();
      expect(nft('nft list chain inet filter input').match(/jump vipctl_vrrp/g)).toHaveLength(1);
      nft(`nft -f - <<'EOF'\n${nftScript(rebooted, undefined)}EOF`);
      const ruleset = nft('nft list ruleset');
      expect(ruleset).not.toContain('vipctl');
      expect(ruleset).toContain('tcp dport 22 accept');
      expect(ruleset).toContain('policy drop');
    } finally {
      execFileSync('ip', ['netns', 'del', ns]);
    }
  });
});
