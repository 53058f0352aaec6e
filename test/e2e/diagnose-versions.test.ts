// diagnose on other keepalived versions than Debian 12's: each lab build (1.3.5 = CentOS 7, 2.1.5 = RHEL 8,
// 2.3.3 = current upstream; src/lab/keepalived-build.ts) runs on lb-host-1/2 in turn, a few representative
// failures are produced for real, and diagnose must name each cause from that version's own wording.
// With VIPCTL_RECORD_VERSIONS=1 each bundle is saved to test/fixtures/diagnose/versions/<version>/<case>/ with
// expected.json; test/unit/diagnose/versions.test.ts diagnoses them offline and checks every `verifiedOn` claim
// of the rules against them. Builds come from the cache (from lab/keepalived-src/ when one is missing).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LAB_KEEPALIVED_VERSIONS,
  ensureKeepalivedBuild,
  installKeepalivedBuild,
} from '../../src/lab/keepalived-build.js';
import { hostDirs } from '../../src/lab/machine.js';
import { E2E_HOSTS } from './global-setup.js';
import {
  installKeepalivedByHand,
  purgeKeepalived,
  sshExec,
  vipctl,
  deployKeepalivedConf,
  handConfiguredInventory,
} from './lab-fixture.js';

const VIP = '10.10.10.50';
const HOSTS = ['lb-host-1', 'lb-host-2'];
const OUT = resolve(import.meta.dirname, '../fixtures/diagnose/versions');
const RECORD = process.env.VIPCTL_RECORD_VERSIONS === '1';
// CI runs one build live (1.3.5: the wordings and the missing config test differ most from 2.2.7) to keep its
// time; VIPCTL_VERSIONS_ALL=1 runs all three. Every version's recorded bundles are diagnosed offline by
// test/unit/diagnose/recorded-versions.test.ts in every run.
const LIVE: readonly string[] =
  process.env.VIPCTL_VERSIONS_ALL === '1' || RECORD ? LAB_KEEPALIVED_VERSIONS : ['1.3.5'];

interface Opts {
  priority?: number;
  state?: string;
  pass?: string;
  vips?: string;
  extra?: string;
  top?: string;
}
const conf = (o: Opts): string => `global_defs {
    script_user root
    enable_script_security
}
${o.top ?? ''}
vrrp_instance VI_1 {
    state ${o.state ?? 'BACKUP'}
    interface eth0
    virtual_router_id 51
    priority ${o.priority ?? 90}
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass ${o.pass ?? 'secret'}
    }
    virtual_ipaddress {
        ${o.vips ?? VIP}
    }
${o.extra ?? ''}
}
`;
const M = (o: Opts = {}): string => conf({ priority: 100, state: 'MASTER', ...o });
const B = (o: Opts = {}): string => conf({ priority: 90, state: 'BACKUP', ...o });
const TRACK: Pick<Opts, 'top' | 'extra'> = {
  top: 'vrrp_script chk {\n    script "/usr/bin/false"\n    interval 1\n    fall 1\n    rise 1\n}\n',
  extra: '    track_script {\n        chk\n    }\n',
};

interface Case {
  name: string;
  induced: string;
  /** the rule that must name it */
  rule: string;
  configs: [string, string];
  /** after deploying and settling */
  then?: () => Promise<void>;
}

// The runbook's core cases: a clean failover (MASTER/BACKUP transitions), auth mismatch, a VRID clash, a
// failing track script (/usr/bin/false: 2.3 refuses a script path through a symlink such as Debian's /bin,
// and says so — recorded as versions/2.3.3/track-script-bin-false), a config error.
const CASES: Case[] = [
  {
    name: 'master-stopped',
    induced: 'keepalived stopped on the master (lb-host-1): lb-host-2 takes the VIP',
    rule: 'service-down',
    configs: [M(), B()],
    then: async () => {
      await sshExec('lb-host-1', 'systemctl stop keepalived');
      await sleep(4000);
    },
  },
  {
    name: 'auth-pass-mismatch',
    induced: 'auth_pass differs on lb-host-2',
    rule: 'auth-password-mismatch',
    configs: [M(), B({ pass: 'Xq7pw2zz' })],
  },
  {
    name: 'vrid-clash-other-vip',
    induced: 'lb-host-2 uses VRID 51 for another VIP (another cluster)',
    rule: 'vrid-clash',
    configs: [M(), B({ vips: '10.10.10.60' })],
  },
  {
    name: 'track-script-fails',
    induced: 'the master’s track script fails (no weight): FAULT',
    rule: 'fault-state',
    configs: [M(TRACK), B()],
  },
  {
    name: 'unknown-keyword',
    induced: 'a misspelt keyword (priorty) on lb-host-2',
    rule: 'unknown-keyword',
    configs: [M(), B({ extra: '    priorty 80\n' })],
  },
];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface JsonDiagnosis {
  verdict: string;
  findings: { rule: string; hosts: string[]; cause: string; fix: string[]; verified: boolean }[];
  unexplained: { host: string; text: string }[];
}

describe('diagnose on each keepalived version built for the lab', () => {
  beforeAll(async () => {
    // Debian's package brings ipset and the runtime the lab's builds share; each build's unit overrides its own
    await installKeepalivedByHand(HOSTS);
    for (const v of LIVE) {
      await ensureKeepalivedBuild(v, { log: (m) => process.stderr.write(`${m}\n`) });
    }
  }, 900_000);

  afterAll(async () => {
    await Promise.all(
      HOSTS.map((h) =>
        sshExec(
          h,
          'rm -f /etc/systemd/system/keepalived.service /usr/local/sbin/keepalived /etc/vipctl-lab-keepalived; rm -rf /usr/local/keepalived-*; systemctl daemon-reload',
        ),
      ),
    );
    await purgeKeepalived(HOSTS, { vip: VIP });
  });

  it('`vipctl lab up --keepalived` switches the running lab’s hosts to a build', async () => {
    const version = LIVE[0]!;
    const r = await vipctl(['lab', 'up', '--hosts', String(E2E_HOSTS), '--keepalived', version, '--json']);
    expect(r.code, r.stderr).toBe(0);
    for (const h of HOSTS) {
      const v = await sshExec(
        h,
        'keepalived --version 2>&1 | head -n 1; systemctl cat keepalived | grep ExecStart=',
      );
      expect(v.stdout).toContain(`Keepalived v${version}`);
      expect(v.stdout).toContain(`ExecStart=/usr/local/keepalived-${version}/sbin/keepalived --dont-fork`);
    }
  }, 120_000);

  describe.each(LIVE.map((v) => [v]))('keepalived %s', (version) => {
    beforeAll(async () => {
      for (const h of HOSTS) {
        await sshExec(h, 'systemctl stop keepalived; true');
        installKeepalivedBuild(hostDirs(h).root, version);
        const r = await sshExec(h, 'systemctl daemon-reload && keepalived --version 2>&1 | head -n 1');
        expect(r.stdout, `${h}: ${r.stderr}`).toContain(`v${version}`);
      }
    }, 120_000);

    it.each(CASES.map((c) => [c.name, c] as const))(
      '%s',
      async (_, c) => {
        await Promise.all(
          HOSTS.map((h) =>
            sshExec(
              h,
              `systemctl stop keepalived; ip addr del ${VIP}/32 dev eth0 2>/dev/null; ip addr del 10.10.10.60/32 dev eth0 2>/dev/null; true`,
            ),
          ),
        );
        const since = new Date(Date.now() - 1000).toISOString().replace('T', ' ').slice(0, 19);
        await Promise.all(HOSTS.map((h, i) => deployKeepalivedConf(h, c.configs[i]!)));
        await sleep(6000);
        if (c.then) await c.then();
        const dir = join(mkdtempSync(join(tmpdir(), 'vipctl-ver-')), 'bundle');
        const r = await vipctl([
          'diagnose',
          '-i',
          handConfiguredInventory(),
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
        const saved = readdirSync(dir);
        if (RECORD) {
          const to = join(OUT, version, c.name);
          rmSync(to, { recursive: true, force: true });
          mkdirSync(to, { recursive: true });
          for (const f of saved) cpSync(join(dir, f), join(to, f));
          writeFileSync(
            join(to, 'expected.json'),
            `${JSON.stringify(
              {
                induced: c.induced,
                keepalived: `${version} (source build on Debian 12, vipctl lab)`,
                rule: c.rule,
                live: { rules: d.findings.map((f) => f.rule), named: found !== undefined },
                cause: found?.cause,
                fix: found?.fix,
              },
              null,
              2,
            )}\n`,
          );
        }
        rmSync(join(dir, '..'), { recursive: true, force: true });
        expect(saved).toContain('facts.json');
        expect(
          d.findings.map((f) => f.rule),
          r.stdout,
        ).toContain(c.rule);
      },
      120_000,
    );
  });
});
