// The failure catalogue: ≥ 40 distinct failures produced for real on the lab (keepalived 2.2.7, Debian 12),
// each diagnosed live with the inventory and saved as a bundle. With VIPCTL_RECORD_CATALOGUE=1 the bundles
// are written to test/fixtures/diagnose/catalogue/<case>/ with expected.json (what was done, the rule that must
// name it, its cause and fix as diagnosed); test/unit/diagnose/catalogue.test.ts diagnoses them offline.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  faults,
  installKeepalivedByHand,
  purgeKeepalived,
  sshExec,
  vipctl,
  deployKeepalivedConf,
  handConfiguredInventory,
} from './lab-fixture.js';

const VIP = '10.10.10.50';
const HOSTS = ['lb-host-1', 'lb-host-2'];
const OUT = resolve(import.meta.dirname, '../fixtures/diagnose/catalogue');
const RECORD = process.env.VIPCTL_RECORD_CATALOGUE === '1';
// Each case takes about 12 s on the lab: the whole catalogue (46) is 11 minutes, too long for every CI run.
// CI runs one case per kind of failure (packet, config, interface, script, firewall, process, address, unicast);
// the offline test diagnoses every recorded bundle. VIPCTL_CATALOGUE_ALL=1 (or recording) runs them all.
const ALL = RECORD || process.env.VIPCTL_CATALOGUE_ALL === '1';
const REPRESENTATIVE = new Set([
  'auth-pass-mismatch',
  'vrid-differs',
  'unknown-keyword',
  'interface-down',
  'track-script-fails',
  'script-security-off',
  'firewall-drop-input-backup',
  'keepalived-killed-stale-vip',
  'vip-wrong-interface',
  'unicast-peer-wrong',
  'equal-priorities',
  'brace-missing',
]);

interface Opts {
  priority?: number;
  state?: string;
  vrid?: string;
  pass?: string | null;
  authType?: string;
  advert?: string;
  iface?: string;
  vips?: string;
  extra?: string;
  global?: string;
  top?: string;
  security?: boolean;
}
const conf = (o: Opts): string => `global_defs {
${o.security === false ? '' : '    script_user root\n    enable_script_security\n'}${o.global ?? ''}}
${o.top ?? ''}
vrrp_instance VI_1 {
    state ${o.state ?? 'BACKUP'}
    interface ${o.iface ?? 'eth0'}
    virtual_router_id ${o.vrid ?? '51'}
    priority ${o.priority ?? 90}
    advert_int ${o.advert ?? '1'}
${
  o.pass === null
    ? ''
    : `    authentication {\n        auth_type ${o.authType ?? 'PASS'}\n        auth_pass ${o.pass ?? 'secret'}\n    }\n`
}    virtual_ipaddress {
        ${o.vips ?? VIP}
    }
${o.extra ?? ''}
}
`;
const M = (o: Opts = {}): string => conf({ priority: 100, state: 'MASTER', ...o });
const B = (o: Opts = {}): string => conf({ priority: 90, state: 'BACKUP', ...o });

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const sh = async (h: string, cmd: string): Promise<void> => {
  await sshExec(h, cmd);
};
const IFB =
  'ip link add ifb0 type ifb 2>/dev/null; ip link set ifb0 multicast on; ip addr add 192.168.77.1/24 dev ifb0 2>/dev/null; ip link set ifb0 up';
const TRACK = (script: string, weight = ''): Pick<Opts, 'top' | 'extra'> => ({
  top: `vrrp_script chk {\n    script "${script}"\n    interval 1\n    fall 1\n    rise 1\n${weight}}\n`,
  extra: '    track_script {\n        chk\n    }\n',
});

interface Case {
  name: string;
  /** what was done to the lab, in a sentence */
  induced: string;
  /** the rule that must name it */
  rule: string;
  /** the rule that names it offline, without the inventory, when that differs */
  offlineRule?: string;
  configs: [string, string];
  /** after deploying, before waiting */
  then?: () => Promise<void>;
  /** before deploying (e.g. files the config refers to) */
  before?: () => Promise<void>;
  cleanup?: () => Promise<void>;
  settleMs?: number;
  third?: boolean;
}

const CASES: Case[] = [
  {
    name: 'auth-pass-mismatch',
    induced: 'auth_pass differs on lb-host-2',
    rule: 'auth-password-mismatch',
    configs: [M(), B({ pass: 'Xq7pw2zz' })],
  },
  {
    name: 'auth-type-none-vs-pass',
    induced: 'lb-host-2 has no authentication block',
    rule: 'auth-type-mismatch',
    configs: [M(), B({ pass: null })],
  },
  {
    name: 'auth-type-ah-vs-pass',
    induced: 'lb-host-2 uses auth_type AH',
    rule: 'members-differ',
    configs: [M(), B({ authType: 'AH' })],
  },
  {
    name: 'advert-int-3-vs-1',
    induced: 'advert_int 3 on lb-host-2',
    rule: 'advert-int-mismatch',
    configs: [M(), B({ advert: '3' })],
  },
  {
    name: 'advert-int-2-vs-1',
    induced: 'advert_int 2 on lb-host-1 (the master)',
    rule: 'advert-int-mismatch',
    configs: [M({ advert: '2' }), B()],
  },
  {
    name: 'vrrp-version-3-vs-2',
    induced: 'vrrp_version 3 on lb-host-2',
    rule: 'vrrp-version-mismatch',
    configs: [M(), B({ global: '    vrrp_version 3\n' })],
  },
  {
    name: 'vrid-differs',
    induced: 'virtual_router_id 52 on lb-host-2',
    rule: 'members-differ',
    offlineRule: 'vrid-mismatch',
    configs: [M(), B({ vrid: '52' })],
  },
  {
    name: 'vrid-300',
    induced: 'virtual_router_id 300 on lb-host-2',
    rule: 'vrid-invalid',
    configs: [M(), B({ vrid: '300' })],
  },
  {
    name: 'vrid-0',
    induced: 'virtual_router_id 0 on lb-host-2',
    rule: 'vrid-invalid',
    configs: [M(), B({ vrid: '0' })],
  },
  {
    name: 'vrid-missing',
    induced: 'no virtual_router_id on lb-host-2',
    rule: 'vrid-invalid',
    configs: [M(), B().replace(/^ *virtual_router_id.*\n/m, '')],
  },
  {
    name: 'vips-differ',
    induced: 'lb-host-2 lists a second VIP',
    rule: 'members-differ',
    configs: [M(), B({ vips: `${VIP}\n        10.10.10.59` })],
  },
  {
    name: 'vrid-clash-other-vip',
    induced: 'lb-host-2 uses VRID 51 for another VIP (another cluster)',
    rule: 'vrid-clash',
    configs: [M(), B({ vips: '10.10.10.60' })],
  },
  {
    name: 'interface-missing',
    induced: 'interface eth9 (does not exist) on lb-host-2',
    rule: 'interface-missing',
    configs: [M(), B({ iface: 'eth9' })],
  },
  {
    name: 'interface-down',
    induced: 'lb-host-2 runs VRRP on ifb0, which is down',
    rule: 'interface-down',
    before: () => sh('lb-host-2', IFB),
    configs: [M(), B({ iface: 'ifb0', vips: '192.168.77.50' })],
    then: () => sh('lb-host-2', 'ip link set ifb0 down'),
    cleanup: () => sh('lb-host-2', 'ip link del ifb0'),
  },
  {
    name: 'track-interface-down',
    induced: 'lb-host-1 tracks ifb0, which goes down',
    rule: 'fault-state',
    before: () => sh('lb-host-1', IFB),
    configs: [M({ extra: '    track_interface {\n        ifb0\n    }\n' }), B()],
    then: () => sh('lb-host-1', 'ip link set ifb0 down'),
    cleanup: () => sh('lb-host-1', 'ip link del ifb0'),
  },
  {
    name: 'unknown-keyword',
    induced: 'a misspelt keyword (priorty) on lb-host-2',
    rule: 'unknown-keyword',
    configs: [M(), B({ extra: '    priorty 80\n' })],
  },
  {
    name: 'auth-pass-long',
    induced: 'auth_pass of 12 characters on both',
    rule: 'auth-pass-truncated',
    configs: [M({ pass: 'secret-long1' }), B({ pass: 'secret-long1' })],
  },
  {
    name: 'notify-missing',
    induced: 'notify_master names a script that does not exist',
    rule: 'notify-script-unusable',
    configs: [M({ extra: '    notify_master /usr/local/bin/no-such-notify.sh\n' }), B()],
  },
  {
    name: 'notify-not-executable',
    induced: 'notify_master script without the x bit',
    rule: 'notify-script-unusable',
    before: () =>
      sh(
        'lb-host-1',
        'printf "#!/bin/sh\\nexit 0\\n" > /usr/local/bin/vipctl-notify.sh; chmod 0644 /usr/local/bin/vipctl-notify.sh',
      ),
    configs: [M({ extra: '    notify_master /usr/local/bin/vipctl-notify.sh\n' }), B()],
  },
  {
    name: 'script-security-off',
    induced: 'a track script without enable_script_security',
    rule: 'script-security',
    configs: [M({ security: false, ...TRACK('/bin/true') }), B()],
  },
  {
    name: 'script-user-missing',
    induced: 'script_user names a user that does not exist',
    rule: 'script-security',
    configs: [
      M({
        security: false,
        global: '    script_user nosuchuser\n    enable_script_security\n',
        ...TRACK('/bin/true'),
      }),
      B(),
    ],
  },
  {
    name: 'track-script-fails',
    induced: 'the master’s track script fails (no weight)',
    rule: 'fault-state',
    configs: [M(TRACK('/bin/false')), B()],
  },
  {
    name: 'track-script-fails-weight',
    induced: 'the master’s track script fails with weight -20',
    rule: 'track-script-failed',
    configs: [M(TRACK('/bin/false', '    weight -20\n')), B()],
  },
  {
    name: 'track-script-timeout',
    induced: 'the master’s track script hangs past its timeout',
    rule: 'fault-state',
    configs: [
      M({
        top: 'vrrp_script chk {\n    script "/bin/sleep 5"\n    interval 2\n    timeout 1\n    fall 1\n}\n',
        extra: '    track_script {\n        chk\n    }\n',
      }),
      B(),
    ],
    settleMs: 9000,
  },
  {
    name: 'firewall-drop-input-backup',
    induced: 'nftables drops incoming VRRP on lb-host-2',
    rule: 'vrrp-blocked-firewall',
    configs: [M(), B()],
    then: () => faults.blockVrrp('lb-host-2').then(() => undefined),
    cleanup: () => faults.unblockVrrp('lb-host-2').then(() => undefined),
  },
  {
    name: 'firewall-drop-input-master',
    induced: 'nftables drops incoming VRRP on lb-host-1',
    rule: 'vrrp-blocked-firewall',
    configs: [M(), B()],
    then: () => faults.blockVrrp('lb-host-1').then(() => undefined),
    cleanup: () => faults.unblockVrrp('lb-host-1').then(() => undefined),
  },
  {
    name: 'firewall-drop-output',
    induced: 'nftables (inside the host) drops outgoing VRRP on lb-host-1',
    rule: 'vrrp-blocked-firewall',
    configs: [M(), B()],
    then: () =>
      sh(
        'lb-host-1',
        'nft "add table inet vipctl_out; add chain inet vipctl_out output { type filter hook output priority 0; }; add rule inet vipctl_out output ip protocol vrrp drop"',
      ),
    cleanup: () => sh('lb-host-1', 'nft delete table inet vipctl_out'),
  },
  {
    name: 'keepalived-killed-stale-vip',
    induced: 'keepalived SIGKILLed on the master: the VIP stays',
    rule: 'stale-vip',
    configs: [M(), B()],
    then: async () => {
      await sleep(4000);
      await sh('lb-host-1', `kill -9 $(pgrep -x keepalived | sort -rn | tr '\\n' ' ')`);
    },
  },
  {
    name: 'keepalived-stopped-both',
    induced: 'keepalived stopped on both members',
    rule: 'service-down',
    configs: [M(), B()],
    then: async () => {
      await sleep(3000);
      await Promise.all(HOSTS.map((h) => faults.stopService(h)));
    },
  },
  {
    name: 'config-empty',
    induced: 'keepalived.conf emptied on lb-host-2 and keepalived restarted',
    rule: 'not-configured',
    configs: [M(), '\n'],
  },
  {
    name: 'equal-priorities',
    induced: 'both members priority 100',
    rule: 'equal-priorities',
    configs: [M(), B({ priority: 100 })],
  },
  {
    name: 'unicast-peer-wrong',
    induced: 'unicast_peer lists a wrong address on lb-host-2',
    rule: 'unicast-peer-wrong',
    configs: [
      M({ extra: '    unicast_src_ip 10.10.10.51\n    unicast_peer {\n        10.10.10.52\n    }\n' }),
      B({ extra: '    unicast_src_ip 10.10.10.52\n    unicast_peer {\n        10.10.10.99\n    }\n' }),
    ],
  },
  {
    name: 'unicast-vs-multicast',
    induced: 'lb-host-1 unicast, lb-host-2 multicast',
    rule: 'members-differ',
    configs: [
      M({ extra: '    unicast_src_ip 10.10.10.51\n    unicast_peer {\n        10.10.10.52\n    }\n' }),
      B(),
    ],
  },
  {
    name: 'unicast-src-not-local',
    induced: 'unicast_src_ip is not an address of lb-host-2',
    rule: 'advert-send-failed',
    configs: [
      M({ extra: '    unicast_src_ip 10.10.10.51\n    unicast_peer {\n        10.10.10.52\n    }\n' }),
      B({ extra: '    unicast_src_ip 10.10.10.77\n    unicast_peer {\n        10.10.10.51\n    }\n' }),
    ],
  },
  {
    name: 'vip-wrong-interface',
    induced: 'the VIP added by hand on ifb0 of lb-host-2 (the backup)',
    rule: 'vip-wrong-interface',
    before: () => sh('lb-host-2', IFB),
    configs: [M(), B()],
    then: () => sh('lb-host-2', `sleep 3; ip addr add ${VIP}/32 dev ifb0`),
    cleanup: () => sh('lb-host-2', 'ip link del ifb0'),
  },
  {
    name: 'vip-wrong-prefix',
    induced: 'on the master the VIP replaced by hand with a /24',
    rule: 'vip-wrong-prefix',
    configs: [M(), B()],
    then: () => sh('lb-host-1', `sleep 4; ip addr del ${VIP}/32 dev eth0; ip addr add ${VIP}/24 dev eth0`),
  },
  {
    name: 'vip-removed-by-hand',
    induced: 'the VIP deleted by hand on the master',
    rule: 'vip-removed',
    configs: [M(), B()],
    then: () => sh('lb-host-1', `sleep 4; ip addr del ${VIP}/32 dev eth0`),
    settleMs: 2000,
  },
  {
    name: 'vip-on-third-host',
    induced: 'the VIP added by hand on lb-host-3 (no keepalived)',
    rule: 'vip-foreign-host',
    third: true,
    configs: [M(), B()],
    then: () => sh('lb-host-3', `ip addr add ${VIP}/32 dev eth0`),
    cleanup: () => sh('lb-host-3', `ip addr del ${VIP}/32 dev eth0`),
  },
  {
    name: 'priority-out-of-range',
    induced: 'priority 300 on lb-host-2',
    rule: 'config-value-rejected',
    configs: [M(), B({ priority: 300 })],
  },
  {
    name: 'preempt-delay-out-of-range',
    induced: 'preempt_delay 5000 on lb-host-2',
    rule: 'config-value-rejected',
    configs: [M(), B({ extra: '    preempt_delay 5000\n' })],
  },
  {
    name: 'advert-int-invalid',
    induced: 'advert_int abc on lb-host-2',
    rule: 'config-value-rejected',
    configs: [M(), B({ advert: 'abc' })],
  },
  {
    name: 'both-master-nopreempt',
    induced: 'nopreempt with state MASTER on lb-host-1',
    rule: 'config-value-rejected',
    configs: [M({ extra: '    nopreempt\n' }), B()],
  },
  {
    name: 'garp-delay-invalid',
    induced: 'garp_master_delay -1 on lb-host-2',
    rule: 'config-value-rejected',
    configs: [M(), B({ extra: '    garp_master_delay -1\n' })],
  },
  {
    name: 'brace-missing',
    induced: 'the closing brace of vrrp_instance missing on lb-host-2',
    rule: 'config-test-failed',
    configs: [M(), B().replace(/\}\n$/, '')],
  },
  {
    name: 'vip-invalid',
    induced: 'an invalid VIP (10.10.10.300) on lb-host-2',
    rule: 'config-value-rejected',
    configs: [M(), B({ vips: '10.10.10.300' })],
  },
  {
    name: 'state-typo',
    induced: 'state MASTR on lb-host-1',
    rule: 'config-value-rejected',
    configs: [M({ state: 'MASTR' }), B()],
  },
];

interface JsonDiagnosis {
  verdict: string;
  findings: { rule: string; hosts: string[]; cause: string; fix: string[] }[];
  unexplained: { host: string; text: string }[];
}

describe('the failure catalogue on the lab', () => {
  beforeAll(async () => {
    await installKeepalivedByHand(HOSTS);
    await Promise.all(HOSTS.map((h) => sh(h, 'systemctl enable keepalived >/dev/null 2>&1; true')));
  }, 600_000);

  afterAll(async () => {
    await purgeKeepalived(HOSTS, { vip: VIP });
  });

  it.each(CASES.filter((c) => ALL || REPRESENTATIVE.has(c.name)).map((c) => [c.name, c] as const))(
    '%s',
    async (_, c) => {
      await Promise.all(
        HOSTS.map((h) =>
          sh(
            h,
            `systemctl stop keepalived; ip addr del ${VIP}/32 dev eth0 2>/dev/null; ip addr del ${VIP}/24 dev eth0 2>/dev/null; true`,
          ),
        ),
      );
      if (c.before) await c.before();
      const since = new Date(Date.now() - 1000).toISOString().replace('T', ' ').slice(0, 19);
      await Promise.all(HOSTS.map((h, i) => deployKeepalivedConf(h, c.configs[i]!)));
      if (c.then) await c.then();
      await sleep(c.settleMs ?? 6000);
      const dir = join(mkdtempSync(join(tmpdir(), 'vipctl-cat-')), 'bundle');
      try {
        const r = await vipctl([
          'diagnose',
          '-i',
          handConfiguredInventory(c.third),
          '--json',
          '--since',
          since,
          '--capture',
          '3',
          '--save',
          dir,
        ]);
        let d: JsonDiagnosis;
        try {
          d = JSON.parse(r.stdout) as JsonDiagnosis;
        } catch {
          throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
        }
        const found = d.findings.find((f) => f.rule === c.rule);
        if (RECORD) {
          const to = join(OUT, c.name);
          rmSync(to, { recursive: true, force: true });
          mkdirSync(to, { recursive: true });
          for (const f of readdirSync(dir)) cpSync(join(dir, f), join(to, f));
          writeFileSync(
            join(to, 'expected.json'),
            `${JSON.stringify(
              {
                induced: c.induced,
                keepalived: '2.2.7 (Debian 12)',
                rule: c.offlineRule ?? c.rule,
                live: { rules: d.findings.map((f) => f.rule), named: found !== undefined },
                cause: found?.cause,
                fix: found?.fix,
              },
              null,
              2,
            )}\n`,
          );
        }
        expect(
          d.findings.map((f) => f.rule),
          r.stdout,
        ).toContain(c.rule);
      } finally {
        if (c.cleanup) await c.cleanup().catch(() => undefined);
      }
    },
    120_000,
  );
});
