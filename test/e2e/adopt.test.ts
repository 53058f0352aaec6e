// Adoption without a blip, end to end: two hosts configured by hand (each in its own style: multicast and
// unicast, a vrrp_script, notify scripts, two instances in a sync group, an include) → `vipctl import
// --from-hosts` → `configure --check --diff` shows only the documented normalizations → `configure` → the VIPs
// never move (ip monitor in each host's namespace and a holder poll, the whole time), keepalived is reloaded at
// most once and never restarted (MainPID unchanged), `verify` passes, and a second configure changes nothing.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  installKeepalivedByHand,
  labDefaultsYaml,
  purgeKeepalived,
  sshExec,
  vipHolders,
  vipctl,
  watchAddresses,
  writeInventory,
} from './lab-fixture.js';

const HOSTS = ['lb-host-1', 'lb-host-2'];
const WEB_VIP = '10.10.10.60';
const DB_VIP = '10.10.10.62';
const VIPS = [WEB_VIP, DB_VIP];

// lb-host-1: the sample's layout (and its usual omission: no script security, which configure adds), multicast web instance, unicast db instance, both in a sync group with a
// notify script per state, a vrrp_script tracked by both, comments of both kinds
const LB1 = `! Configuration File for keepalived -- written by hand
global_defs {
   router_id LB1
}

vrrp_script chk_conf {
    script "/usr/bin/test -d /etc/keepalived"
    interval 2
    fall 2
    rise 2
}

vrrp_sync_group SG_APP {
    group {
        VI_web
        VI_db
    }
    notify_master "/etc/keepalived/notify.sh MASTER"
    notify_backup "/etc/keepalived/notify.sh BACKUP"
    notify_fault "/etc/keepalived/notify.sh FAULT"
}

vrrp_instance VI_web {
    state MASTER
    interface eth0
    virtual_router_id 60
    priority 150
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass w3bpass
    }
    virtual_ipaddress {
        ${WEB_VIP}/32 dev eth0
    }
    track_script {
        chk_conf
    }
}

vrrp_instance VI_db {           # unicast: the switch drops multicast, says the ticket
    state MASTER
    interface eth0
    virtual_router_id 62
    priority 150
    advert_int 1
    unicast_src_ip 10.10.10.51
    unicast_peer {
        10.10.10.52
    }
    virtual_ipaddress {
        ${DB_VIP}
    }
    track_script {
        chk_conf
    }
    notify_master /etc/keepalived/notify.sh
}
`;

// lb-host-2: another admin's style: tabs, one-line blocks, script security, the db instance in an include.
// No tracker weights: keepalived ignores them in a sync group (and says so).
const LB2 = `# lb-host-2 -- backup
global_defs {
\trouter_id lb-host-2
\tscript_user root
\tenable_script_security
}
vrrp_script chk_conf {
\tscript "/usr/bin/test -d /etc/keepalived"
\tinterval 2
\tfall 2
\trise 2
}
vrrp_sync_group SG_APP {
\tgroup { VI_web VI_db }
\tnotify_master "/etc/keepalived/notify.sh MASTER"
\tnotify_backup "/etc/keepalived/notify.sh BACKUP"
\tnotify_fault "/etc/keepalived/notify.sh FAULT"
}
vrrp_instance VI_web {
\tstate BACKUP
\tinterface eth0
\tvirtual_router_id 60
\tpriority 100
\tadvert_int 1
\tauthentication { auth_type PASS
\t\tauth_pass w3bpass }
\tvirtual_ipaddress { ${WEB_VIP}/32 dev eth0 }
\ttrack_script { chk_conf }
}
include /etc/keepalived/conf.d/*.conf
`;

const LB2_DB = `vrrp_instance VI_db {
\tstate BACKUP
\tinterface eth0
\tvirtual_router_id 62
\tpriority 100
\tadvert_int 1
\tunicast_src_ip 10.10.10.52
\tunicast_peer { 10.10.10.51 }
\tvirtual_ipaddress { ${DB_VIP} }
\ttrack_script { chk_conf }
\tnotify_master /etc/keepalived/notify.sh
}
`;

const NOTIFY = `#!/bin/sh
echo "$(date +%s) $*" >> /run/keepalived-notify.log
`;

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const put = (path: string, text: string, mode = '0644'): string =>
  `printf %s ${b64(text)} | base64 -d > ${path} && chmod ${mode} ${path}`;

/** keepalived's main PID and how many times it has been reloaded since boot, as systemd counts them. */
async function serviceState(host: string): Promise<{ pid: string; reloads: number; active: string }> {
  const r = await sshExec(
    host,
    'systemctl show -p MainPID --value keepalived; systemctl is-active keepalived; journalctl -u keepalived -o cat --no-pager | grep -c "^Reloading \\.\\.\\.$" || true',
  );
  const [pid = '', active = '', reloads = '0'] = r.stdout.trim().split('\n');
  return { pid, active, reloads: Number(reloads) };
}

describe('adopting hand-configured keepalived without moving a VIP', () => {
  const out = mkdtempSync(join(tmpdir(), 'vipctl-e2e-adopt-'));
  const adopted = join(out, 'adopted.yaml');
  const hostsInv = writeInventory(
    [
      labDefaultsYaml(),
      'hosts:',
      '  lb-host-1: { address: 10.10.10.51 }',
      '  lb-host-2: { address: 10.10.10.52 }',
      '',
    ].join('\n'),
    'hosts.yaml',
  );
  const before = new Map<string, { pid: string; reloads: number }>();

  beforeAll(async () => {
    await installKeepalivedByHand(HOSTS);
    const files: Record<string, string[]> = {
      'lb-host-1': [put('/etc/keepalived/keepalived.conf', LB1)],
      'lb-host-2': [
        'mkdir -p /etc/keepalived/conf.d',
        put('/etc/keepalived/keepalived.conf', LB2),
        put('/etc/keepalived/conf.d/db.conf', LB2_DB),
      ],
    };
    for (const h of HOSTS) {
      const r = await sshExec(
        h,
        [
          'mkdir -p /etc/keepalived',
          put('/etc/keepalived/notify.sh', NOTIFY, '0755'),
          ...files[h]!,
          'systemctl restart keepalived',
        ].join(' && '),
      );
      expect(r.code, `${h}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    // the hand-made cluster settles: lb-host-1 holds both VIPs, lb-host-2 none
    for (const vip of VIPS) {
      const settled = await eventually(
        async () => (await vipHolders(vip, HOSTS)).join() === 'lb-host-1',
        30_000,
        200,
      );
      expect(settled, `${vip} held by ${(await vipHolders(vip, HOSTS)).join() || 'nobody'}`).toBe(true);
    }
    for (const h of HOSTS) before.set(h, await serviceState(h));
  }, 600_000);

  afterAll(async () => {
    await purgeKeepalived(HOSTS, { paths: ['/run/keepalived-notify.log'] });
    for (const h of HOSTS)
      for (const vip of VIPS) await sshExec(h, `ip addr del ${vip}/32 dev eth0 2>/dev/null; true`);
  }, 600_000);

  it('imports, shows only the normalizations, configures without a blip, and converges', async () => {
    // --- import from the hosts
    const imp = await vipctl(['import', '--from-hosts', '-i', hostsInv, '-o', adopted]);
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);
    expect(imp.stdout + imp.stderr).not.toContain('w3bpass');
    for (const h of HOSTS) expect(imp.stderr).toContain(`round trip ${h}: same configuration`);
    expect(imp.stderr).toContain('0 not modelled');
    const doc = parse(readFileSync(adopted, 'utf8')) as {
      clusters: Record<string, Record<string, unknown>>;
      sync_groups?: Record<string, unknown>;
    };
    expect(Object.keys(doc.clusters).sort()).toEqual(['db', 'web']);
    expect(doc.clusters.web).toMatchObject({
      virtual_router_id: 60,
      members: {
        'lb-host-1': { priority: 150, state: 'MASTER' },
        'lb-host-2': { priority: 100, state: 'BACKUP' },
      },
    });
    expect(doc.clusters.db).toMatchObject({ virtual_router_id: 62 });

    const lint = await vipctl(['inventory', 'lint', '-i', adopted]);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);

    // --- check --diff: only the documented normalizations
    const check = await vipctl(['configure', '--check', '--diff', '-i', adopted]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    process.stderr.write(`configure --check --diff:\n${check.stdout}\n`);
    // Only documented normalizations: the managed-file header, script security added, comments and blank
    // lines gone, /32 written bare, quoting, one-line blocks on several lines, lines in another order, includes
    // inlined. Compared
    // as the words the removed and the added lines hold, once those are set aside.
    const diffLines = check.stdout.split('\n').filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l));
    expect(diffLines.length, 'configure --check --diff shows no diff at all').toBeGreaterThan(0);
    // configure writes one file: lb-host-2's include is replaced by what it included (conf.d/db.conf)
    const words = (sign: '+' | '-'): string[] =>
      [
        ...diffLines.filter((l) => l.startsWith(sign) && !/^-include /.test(l)),
        ...(sign === '-' ? LB2_DB.split('\n').map((l) => `-${l}`) : []),
      ]
        .map((l) =>
          l
            .slice(1)
            .replace(/\s+[#!].*$/, '')
            .trim(),
        )
        .filter((l) => l !== '' && !/^[#!]/.test(l))
        // script security: added where the original had none (lb-host-1), rewritten where it had (lb-host-2)
        .filter((l) => !/^(script_user root|enable_script_security)$/.test(l))
        .flatMap((l) => l.replaceAll('"', ' ').split(/\s+/))
        .filter(Boolean)
        .map((w) => w.replace(/^(\d+\.\d+\.\d+\.\d+)\/32$/, '$1'))
        .sort();
    expect(words('+'), check.stdout).toEqual(words('-'));
    expect(check.stdout).toContain('enable_script_security');

    // --- configure, watched from outside the whole time
    const watchers = HOSTS.map((h) => ({ host: h, ...watchAddresses(h) }));
    const moves: string[] = [];
    let polling = true;
    let polls = 0;
    const poll = (async () => {
      while (polling) {
        for (const vip of VIPS) {
          const holders = await vipHolders(vip, HOSTS);
          if (holders.join() !== 'lb-host-1') moves.push(`${Date.now()} ${vip} held by [${holders.join()}]`);
        }
        polls++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await new Promise((r) => setTimeout(r, 500)); // the watchers are listening
    const configure = await vipctl(['configure', '-i', adopted]);
    // keepalived's reload takes effect asynchronously: keep watching through a few adverts
    await new Promise((r) => setTimeout(r, 6_000));
    polling = false;
    await poll;
    for (const w of watchers) w.stop();
    expect(configure.code, configure.stdout + configure.stderr).toBe(0);

    const events = watchers.flatMap((w) =>
      w.lines.filter((l) => VIPS.some((v) => l.includes(`${v}/`))).map((l) => `${w.host}: ${l}`),
    );
    process.stderr.write(
      `adopt: ${polls} holder polls, ${moves.length} moves, ${events.length} address events\n`,
    );
    expect(events, 'ip monitor saw a VIP come or go').toEqual([]);
    expect(moves, 'a VIP left lb-host-1 or appeared elsewhere').toEqual([]);

    for (const h of HOSTS) {
      const now = await serviceState(h);
      const was = before.get(h)!;
      expect(now.active, h).toBe('active');
      expect(now.pid, `${h}: keepalived restarted`).toBe(was.pid);
      expect(now.reloads - was.reloads, `${h}: reloads`).toBeLessThanOrEqual(1);
      process.stderr.write(
        `adopt: ${h} MainPID ${was.pid} → ${now.pid}, reloads +${now.reloads - was.reloads}\n`,
      );
    }

    for (const h of HOSTS) {
      const j = await sshExec(
        h,
        'journalctl -u keepalived -o cat --no-pager | grep -i -e reload -e "entering" -e "Stopp" -e "Start" | tail -30',
      );
      process.stderr.write(`adopt: ${h} journal:\n${j.stdout}\n`);
    }
    // --- verify passes, and a second configure changes nothing
    const verify = await vipctl(['verify', '-i', adopted, '--wait', '10']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const again = await vipctl(['configure', '--check', '--json', '-i', adopted]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const result = JSON.parse(again.stdout) as { hosts: { host: string; status: string }[] };
    expect(result.hosts.map((h) => `${h.host} ${h.status}`).sort()).toEqual(['lb-host-1 ok', 'lb-host-2 ok']);
    const second = await vipctl(['configure', '-i', adopted]);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    for (const h of HOSTS) {
      const now = await serviceState(h);
      expect(now.pid, `${h}: restarted by the second configure`).toBe(before.get(h)!.pid);
    }
    expect(await vipHolders(WEB_VIP, HOSTS)).toEqual(['lb-host-1']);
    expect(await vipHolders(DB_VIP, HOSTS)).toEqual(['lb-host-1']);
  }, 600_000);
});
