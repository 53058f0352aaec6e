// The fact-based checks named by rules (rules.ts). Each returns hits: hosts, evidence, values for the message.
// Every check stays silent when the facts it needs are missing: no evidence, no finding.
import { judgeConfigTest } from '../render/config-test.js';
import {
  vipForeignHost,
  vipMissing,
  vipWrongInterface,
  vipWrongPrefix,
  vridMismatch,
  vridReused,
} from './address-checks.js';
import {
  instanceFor,
  networkOf,
  primaryAddresses,
  type ClusterView,
  type Context,
  type HostView,
} from './context.js';
import type { EvidenceLine } from './findings.js';
import { vrrpDropRules } from './host-state.js';
import { sinceLastStart } from './unexplained.js';
import type { FactCheckId } from './rules.js';

export interface Hit {
  hosts: string[];
  evidence: EvidenceLine[];
  vars: Record<string, string>;
}

const ev = (host: string, source: string, text: string, time?: string, line?: number): EvidenceLine => ({
  host,
  source,
  text,
  time,
  line,
  count: 1,
});

function clusterOf(ctx: Context, h: HostView): ClusterView | undefined {
  return ctx.clusters.find((c) => c.members.includes(h));
}

function vipHolders(c: ClusterView): { host: HostView; lines: string[] }[] {
  return c.members
    .map((host) => ({
      host,
      lines: (host.addrs ?? []).filter((a) => c.vips.includes(a.address)).map((a) => a.text),
    }))
    .filter((x) => x.lines.length > 0);
}

function configuredInterface(h: HostView, c?: ClusterView): string | undefined {
  return instanceFor(h, c)?.interface ?? c?.expected?.members.find((m) => m.host === h.ev.host)?.interface;
}

function interfaceMissing(ctx: Context): Hit[] {
  return ctx.hosts.flatMap((h) => {
    if (!h.links || h.instances.length === 0) return [];
    return h.instances
      .filter((i) => i.interface !== undefined && !h.links!.some((l) => l.ifname === i.interface))
      .map((i) => ({
        hosts: [h.ev.host],
        evidence: [
          ev(h.ev.host, `${h.ev.host}.conf`, `vrrp_instance ${i.name} { interface ${i.interface} … }`),
          ev(
            h.ev.host,
            `ip-link-${h.ev.host}.txt`,
            `interfaces: ${h.links!.map((l) => l.ifname).join(', ')}`,
          ),
        ],
        vars: { interface: i.interface! },
      }));
  });
}

function interfaceDown(ctx: Context): Hit[] {
  return ctx.hosts.flatMap((h) => {
    const name = configuredInterface(h, clusterOf(ctx, h));
    const link = h.links?.find((l) => l.ifname === name);
    if (!link || !name) return [];
    const down = !link.flags.includes('UP') || link.state === 'DOWN' || link.state === 'LOWERLAYERDOWN';
    return down
      ? [
          {
            hosts: [h.ev.host],
            evidence: [ev(h.ev.host, `ip-link-${h.ev.host}.txt`, link.text)],
            vars: { interface: name },
          },
        ]
      : [];
  });
}

function firewallBlocks(ctx: Context): Hit[] {
  return ctx.hosts.flatMap((h) => {
    const rules = vrrpDropRules(h.ev.firewall ?? '');
    return rules.length > 0
      ? [
          {
            hosts: [h.ev.host],
            evidence: rules.map((r) => ev(h.ev.host, `firewall-${h.ev.host}.txt`, r)),
            vars: {},
          },
        ]
      : [];
  });
}

const ELECTION = /forcing new election|Received advert from \S+ with lower priority/;

function splitBrain(ctx: Context): Hit[] {
  return ctx.clusters.flatMap((c) => {
    // A host without keepalived holding the VIP is a stale VIP, not a second master.
    const holders = vipHolders(c).filter((x) => x.host.running !== false);
    if (holders.length < 2) return [];
    const evidence = holders.flatMap((x) => [
      ...x.lines.map((l) => ev(x.host.ev.host, `ip-addr-${x.host.ev.host}.txt`, l)),
      ...x.host.log
        .filter((e) => ELECTION.test(e.message))
        .map((e) => ev(x.host.ev.host, e.source, e.message, e.time, e.line)),
    ]);
    const vip =
      c.vips.find((v) => holders.every((x) => x.lines.some((l) => l.includes(` ${v}/`)))) ?? c.vips[0] ?? '?';
    return [
      {
        hosts: holders.map((x) => x.host.ev.host),
        evidence,
        vars: { vip, holders: holders.map((x) => x.host.ev.host).join(' and ') },
      },
    ];
  });
}

function staleVip(ctx: Context): Hit[] {
  return ctx.clusters.flatMap((c) =>
    vipHolders(c)
      .filter((x) => x.host.running === false)
      .map((x) => {
        const vip = c.vips.find((v) => x.lines.some((l) => l.includes(` ${v}/`))) ?? '?';
        const iface =
          x.host.addrs?.find((a) => a.address === vip)?.ifname ?? configuredInterface(x.host, c) ?? 'IF';
        return {
          hosts: [x.host.ev.host],
          evidence: [
            ...x.lines.map((l) => ev(x.host.ev.host, `ip-addr-${x.host.ev.host}.txt`, l)),
            ev(
              x.host.ev.host,
              'facts.json',
              `keepalived service: ${x.host.ev.facts.service?.active ?? 'unknown'}, VRRP process: ${x.host.ev.facts.service?.vrrpProcess === false ? 'none' : 'unknown'}`,
            ),
          ],
          vars: { vip, interface: iface },
        };
      }),
  );
}

function serviceDown(ctx: Context): Hit[] {
  return ctx.hosts
    .filter((h) => h.running === false && h.instances.length > 0)
    .map((h) => ({
      hosts: [h.ev.host],
      evidence: [
        ev(
          h.ev.host,
          'facts.json',
          `keepalived service: ${h.ev.facts.service?.active ?? 'unknown'}, VRRP process: ${h.ev.facts.service?.vrrpProcess === false ? 'none' : 'unknown'}`,
        ),
      ],
      vars: {},
    }));
}

function multicastNotJoined(ctx: Context): Hit[] {
  return ctx.hosts.flatMap((h) => {
    const inst = instanceFor(h, clusterOf(ctx, h));
    const maddr = h.ev.facts.maddr;
    if (!inst || h.running !== true || maddr === undefined || inst.unicastPeers.length > 0) return [];
    if (!inst.vips.some((v) => v.includes('.'))) return [];
    if (/\binet\s+224\.0\.0\.18\b/.test(maddr)) return [];
    return [
      {
        hosts: [h.ev.host],
        evidence: [ev(h.ev.host, 'facts.json', `ip maddr show dev ${inst.interface ?? 'IF'}: no 224.0.0.18`)],
        vars: { interface: inst.interface ?? 'IF' },
      },
    ];
  });
}

function rpFilterStrict(ctx: Context): Hit[] {
  const split = new Set(splitBrain(ctx).flatMap((h) => h.hosts));
  return ctx.hosts.flatMap((h) => {
    const iface = configuredInterface(h, clusterOf(ctx, h));
    const s = h.ev.facts.sysctl ?? {};
    const all = Number(s['net.ipv4.conf.all.rp_filter'] ?? 0);
    const own = iface ? Number(s[`net.ipv4.conf.${iface}.rp_filter`] ?? 0) : 0;
    // The kernel applies the larger of the two; only strict mode (1) drops asymmetric traffic.
    if (Math.max(all, own) !== 1 || !split.has(h.ev.host)) return [];
    return [
      {
        hosts: [h.ev.host],
        evidence: [
          ev(
            h.ev.host,
            'facts.json',
            `net.ipv4.conf.all.rp_filter = ${all}, net.ipv4.conf.${iface ?? 'IF'}.rp_filter = ${own}`,
          ),
        ],
        vars: { rp_filter: '1', interface: iface ?? 'IF' },
      },
    ];
  });
}

function membersDiffer(ctx: Context): Hit[] {
  return ctx.clusters.flatMap((c) => {
    const withConfig = c.members.filter((m) => instanceFor(m, c) !== undefined);
    if (withConfig.length < 2) return [];
    const fields: Record<string, (m: HostView) => string> = {
      virtual_router_id: (m) => String(instanceFor(m, c)!.virtualRouterId ?? 'missing'),
      auth_type: (m) => instanceFor(m, c)!.authType ?? 'none',
      // compared as keepalived uses it (first 8 characters); the value itself is never shown
      auth_pass: (m) => (instanceFor(m, c)!.authPass ?? '').slice(0, 8),
      advert_int: (m) => String(instanceFor(m, c)!.advertInt ?? 1),
      virtual_ipaddress: (m) => [...instanceFor(m, c)!.vips].sort().join(','),
      // unicast on one member and multicast on another: 2.2.7 drops the other's adverts without a word
      unicast: (m) => (instanceFor(m, c)!.unicastPeers.length > 0 ? 'unicast_peer' : 'multicast'),
    };
    const differing = Object.entries(fields)
      .filter(([, get]) => new Set(withConfig.map(get)).size > 1)
      .map(([k]) => k);
    if (differing.length === 0) return [];
    // passwords are told apart by number only: "password 1" on one host, "password 2" on another
    const passwords = [...new Set(withConfig.map(fields.auth_pass!))];
    const shown = (k: string, m: HostView): string =>
      k === 'auth_pass'
        ? `auth_pass password ${passwords.indexOf(fields.auth_pass!(m)) + 1} of ${passwords.length} (not shown)`
        : `${k} ${fields[k]!(m)}`;
    const evidence = withConfig.map((m) =>
      ev(m.ev.host, `${m.ev.host}.conf`, differing.map((k) => shown(k, m)).join('; ')),
    );
    return [{ hosts: withConfig.map((m) => m.ev.host), evidence, vars: { fields: differing.join(', ') } }];
  });
}

function inventoryDrift(ctx: Context): Hit[] {
  return ctx.clusters.flatMap((c) => {
    const exp = c.expected;
    if (!exp) return [];
    return c.members.flatMap((m) => {
      const inst = m.instances.find((i) => i.virtualRouterId === exp.virtualRouterId) ?? m.instances[0];
      const want = exp.members.find((x) => x.host === m.ev.host);
      if (!inst || !want) return [];
      const diffs: string[] = [];
      if (inst.virtualRouterId !== exp.virtualRouterId)
        diffs.push(
          `virtual_router_id ${inst.virtualRouterId ?? 'missing'} (inventory ${exp.virtualRouterId})`,
        );
      if (inst.priority !== want.priority)
        diffs.push(`priority ${inst.priority ?? 'missing'} (inventory ${want.priority})`);
      if ((inst.advertInt ?? 1) !== exp.advertInt)
        diffs.push(`advert_int ${inst.advertInt ?? 1} (inventory ${exp.advertInt})`);
      if (inst.interface !== want.interface)
        diffs.push(`interface ${inst.interface ?? 'missing'} (inventory ${want.interface})`);
      if ([...inst.vips].sort().join(',') !== [...exp.vips].sort().join(','))
        diffs.push(`virtual_ipaddress ${inst.vips.join(',')} (inventory ${exp.vips.join(',')})`);
      if ((inst.authType ?? 'none') !== exp.authType)
        diffs.push(`auth_type ${inst.authType ?? 'none'} (inventory ${exp.authType})`);
      if (exp.authPassMatches && inst.authPass !== undefined && !exp.authPassMatches(inst.authPass))
        diffs.push('auth_pass differs from the inventory’s (values not shown)');
      if (diffs.length === 0) return [];
      return [
        {
          hosts: [m.ev.host],
          evidence: diffs.map((d) => ev(m.ev.host, `${m.ev.host}.conf`, d)),
          vars: { fields: diffs.map((d) => d.split(' ')[0]).join(', ') },
        },
      ];
    });
  });
}

function equalPriorities(ctx: Context): Hit[] {
  return ctx.clusters.flatMap((c) => {
    const byPrio = new Map<number, string[]>();
    for (const m of c.members) {
      const p = instanceFor(m, c)?.priority;
      if (p !== undefined) byPrio.set(p, [...(byPrio.get(p) ?? []), m.ev.host]);
    }
    return [...byPrio]
      .filter(([, hs]) => hs.length > 1)
      .map(([p, hs]) => ({
        hosts: hs,
        evidence: hs.map((h) => ev(h, `${h}.conf`, `priority ${p}`)),
        vars: { priority: String(p), holders: hs.join(', ') },
      }));
  });
}

function expectedPeers(c: ClusterView, self: HostView): string[] | undefined {
  const others =
    c.members.length > 1 || c.expected
      ? c.expected?.members.filter((m) => m.host !== self.ev.host).map((m) => m.address)
      : undefined;
  if (others) return others;
  return undefined;
}

function unicastPeerWrong(ctx: Context): Hit[] {
  return ctx.clusters.flatMap((c) =>
    c.members.flatMap((m) => {
      const inst = instanceFor(m, c);
      if (!inst || inst.unicastPeers.length === 0) return [];
      let expected = expectedPeers(c, m);
      if (!expected) {
        const peers = c.members.filter((x) => x !== m);
        if (peers.length === 0 || peers.some((p) => p.addrs === undefined)) return [];
        expected = peers.flatMap((p) => primaryAddresses(p, c.vips));
        // a peer with several addresses: any one of them listed is enough
        const ok = peers.every((p) => primaryAddresses(p, c.vips).some((a) => inst.unicastPeers.includes(a)));
        if (ok) return [];
      } else if (expected.every((a) => inst.unicastPeers.includes(a))) return [];
      return [
        {
          hosts: [m.ev.host],
          evidence: [ev(m.ev.host, `${m.ev.host}.conf`, `unicast_peer { ${inst.unicastPeers.join(' ')} }`)],
          vars: { peers: inst.unicastPeers.join(', '), expected: expected.join(', ') },
        },
      ];
    }),
  );
}

function vridClashCapture(ctx: Context): Hit[] {
  return ctx.clusters.flatMap((c) => {
    if (c.vrid === undefined) return [];
    // Without every member's addresses a stranger cannot be told from a member.
    const known = c.expected
      ? c.expected.members.map((m) => m.address)
      : c.members.every((m) => m.addrs)
        ? c.members.flatMap((m) => (m.addrs ?? []).map((a) => a.address))
        : undefined;
    if (!known) return [];
    return c.members.flatMap((m) => {
      // adverts never leave their link: a sender outside the instance's subnets was captured on another link
      const onLink = (a: { sender: string }): boolean =>
        (c.segments ?? []).length === 0 ||
        (c.segments ?? []).some((s) => networkOf(a.sender, Number(s.split('/')[1])) === s);
      const strangers = (m.adverts ?? []).filter(
        (a) => a.vrid === c.vrid && !known.includes(a.sender) && onLink(a),
      );
      return strangers.length > 0
        ? [
            {
              hosts: [m.ev.host],
              evidence: strangers.map((a) => ev(m.ev.host, `tcpdump-${m.ev.host}.txt`, a.text)),
              vars: {},
            },
          ]
        : [];
    });
  });
}

const TRANSITION = /Entering (MASTER|BACKUP|FAULT) STATE(?! \(init\))/;
const FLAP_COUNT = 6;
const FLAP_WINDOW_S = 600;

function seconds(time: string | undefined): number | undefined {
  if (!time) return undefined;
  const t = Date.parse(
    /^\d{4}-/.test(time)
      ? time.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')
      : /\d{4}$/.test(time)
        ? time
        : `${time} 2000`,
  );
  return Number.isNaN(t) ? undefined : t / 1000;
}

/** "(VI_1) Entering …" (2.x) or "VRRP_Instance(VI_1) Entering …" (1.x) → VI_1 */
function instanceOf(message: string): string {
  return /\(([^)\s]+)\)\s+Entering/.exec(message)?.[1] ?? '';
}

/**
 * One instance changing role FLAP_COUNT times within the window. Counted per instance (two clusters failing over
 * once each is not a flap), and only for instances the host's config still has: the history of a removed
 * instance is not a problem of the cluster now running.
 */
function flapping(ctx: Context): Hit[] {
  return ctx.hosts.flatMap((h) => {
    const configured = new Set(h.instances.map((i) => i.name));
    const byInstance = new Map<string, typeof h.log>();
    for (const e of h.log.filter((x) => TRANSITION.test(x.message))) {
      const name = instanceOf(e.message);
      if (configured.size > 0 && !configured.has(name)) continue;
      byInstance.set(name, [...(byInstance.get(name) ?? []), e]);
    }
    for (const transitions of byInstance.values()) {
      const times = transitions.map((e) => seconds(e.time));
      for (let i = 0; i + FLAP_COUNT - 1 < transitions.length; i++) {
        const a = times[i];
        const b = times[i + FLAP_COUNT - 1];
        if (a === undefined || b === undefined || b - a > FLAP_WINDOW_S) continue;
        const within = transitions.filter((_, j) => times[j]! >= a && times[j]! <= a + FLAP_WINDOW_S);
        return [
          {
            hosts: [h.ev.host],
            evidence: within.map((e) => ev(h.ev.host, e.source, e.message, e.time, e.line)),
            vars: { count: String(within.length), window: '10 minutes' },
          },
        ];
      }
    }
    return [];
  });
}

function configTestFailed(ctx: Context): Hit[] {
  return ctx.hosts.flatMap((h) => {
    const text = h.ev.configTest;
    if (text === undefined) return [];
    const code = /^exit (-?\d+)\s*$/m.exec(text)?.[1];
    const body = text.replace(/^exit -?\d+\s*$/m, '');
    const verdict = judgeConfigTest(code === undefined ? null : Number(code), body);
    if (verdict.status !== 'invalid') return [];
    return [
      {
        hosts: [h.ev.host],
        evidence: verdict.messages.map((m) => ev(h.ev.host, `config-test-${h.ev.host}.txt`, m)),
        vars: {},
      },
    ];
  });
}

/** Only for hosts the inventory places in a cluster: a bundle of a bare host is not a fault. */
function notInstalled(ctx: Context): Hit[] {
  return ctx.hosts
    .filter((h) => h.ev.facts.cluster !== undefined && (h.ev.facts.missingTools ?? []).includes('keepalived'))
    .map((h) => ({
      hosts: [h.ev.host],
      evidence: [ev(h.ev.host, 'facts.json', 'command -v keepalived: not found')],
      vars: {},
    }));
}

function notConfigured(ctx: Context): Hit[] {
  return ctx.hosts
    .filter(
      (h) =>
        h.ev.facts.cluster !== undefined && h.ev.config === undefined && h.ev.facts.version !== undefined,
    )
    .map((h) => ({
      hosts: [h.ev.host],
      evidence: [
        ev(
          h.ev.host,
          'facts.json',
          `${h.ev.facts.version}; /etc/keepalived/keepalived.conf: missing or empty`,
        ),
      ],
      vars: {},
    }));
}

const SCRIPT_FAILED =
  /VRRP_Script\((\S+?)\) (?:failed|timed_out|timed out)|Script `([^`]+)` now returning [1-9]/;
const SCRIPT_OK = /VRRP_Script\((\S+?)\) succeeded|Script `([^`]+)` now returning 0\b/;
const STATE_LINE = /\(([^)\s]+)\)\s+Entering (?:MASTER|BACKUP|FAULT) STATE/i;

/**
 * An instance held in FAULT that no line announced: keepalived 2.2.7 starts an instance whose tracked script
 * fails straight in FAULT and logs no state at all. Its last word on a tracked script is a failure, and no
 * state was logged for the instance since keepalived started.
 */
function faultHeld(ctx: Context): Hit[] {
  return ctx.hosts.flatMap((h) => {
    if (h.running === false) return [];
    const log = sinceLastStart(h.log);
    return h.instances.flatMap((inst) => {
      if (inst.trackScripts.length === 0) return [];
      if (log.some((e) => STATE_LINE.exec(e.message)?.[1] === inst.name)) return [];
      const last = new Map<string, (typeof log)[number]>();
      for (const e of log) {
        const bad = SCRIPT_FAILED.exec(e.message);
        const good = SCRIPT_OK.exec(e.message);
        const name = bad?.[1] ?? bad?.[2] ?? good?.[1] ?? good?.[2];
        if (name && inst.trackScripts.includes(name)) last.set(name, e);
      }
      const failing = [...last.values()].filter((e) => SCRIPT_FAILED.test(e.message));
      if (failing.length === 0) return [];
      return [
        {
          hosts: [h.ev.host],
          evidence: [
            ...failing.map((e) => ev(h.ev.host, e.source, e.message, e.time, e.line)),
            ev(
              h.ev.host,
              `${h.ev.host}.log`,
              `(${inst.name}) no state logged since keepalived started: held in FAULT`,
            ),
          ],
          vars: {},
        },
      ];
    });
  });
}

const ENTER = /\(([^)\s]+)\)\s+Entering (MASTER|BACKUP) STATE$/;
/** lines that explain a master stepping down: a better or stopping peer, a check, an interface */
const STEP_DOWN_CAUSE =
  /higher priority|priority 0|Changing effective priority|VRRP_Script|Script `|interface \S+ (?:is )?down|Netlink reports|FAULT/i;

/**
 * A master that steps down to BACKUP and is MASTER again within two seconds with no reason logged: what
 * keepalived 2.2.7 does when an address it manages is deleted behind its back (without -D it logs only the two
 * state changes; with -D, "Netlink reflector reports IP … removed").
 */
function masterBlink(ctx: Context): Hit[] {
  return ctx.hosts.flatMap((h) => {
    const log = sinceLastStart(h.log);
    const evidence: EvidenceLine[] = [];
    log.forEach((e, i) => {
      const down = ENTER.exec(e.message);
      if (down?.[2] !== 'BACKUP') return;
      const before = [...log.slice(0, i)].reverse().find((x) => ENTER.exec(x.message)?.[1] === down[1]);
      if (ENTER.exec(before?.message ?? '')?.[2] !== 'MASTER') return;
      const after = log.slice(i + 1).find((x) => ENTER.exec(x.message)?.[1] === down[1]);
      if (ENTER.exec(after?.message ?? '')?.[2] !== 'MASTER') return;
      const t0 = seconds(e.time);
      const t1 = seconds(after!.time);
      if (t0 === undefined || t1 === undefined || t1 - t0 > 2) return;
      const between = log.slice(log.indexOf(before!) + 1, log.indexOf(after!));
      if (between.some((x) => STEP_DOWN_CAUSE.test(x.message) && !ENTER.test(x.message))) return;
      evidence.push(...[before!, e, after!].map((x) => ev(h.ev.host, x.source, x.message, x.time, x.line)));
    });
    return evidence.length > 0 ? [{ hosts: [h.ev.host], evidence, vars: {} }] : [];
  });
}

export const FACT_CHECKS: Record<FactCheckId, (ctx: Context) => Hit[]> = {
  'master-blink': masterBlink,
  'fault-held': faultHeld,
  'interface-missing': interfaceMissing,
  'interface-down': interfaceDown,
  'vrrp-blocked-firewall': firewallBlocks,
  'split-brain': splitBrain,
  'stale-vip': staleVip,
  'service-down': serviceDown,
  'multicast-not-joined': multicastNotJoined,
  'rp-filter-strict': rpFilterStrict,
  'members-differ': membersDiffer,
  'inventory-drift': inventoryDrift,
  'equal-priorities': equalPriorities,
  'unicast-peer-wrong': unicastPeerWrong,
  'vrid-clash-capture': vridClashCapture,
  flapping,
  'config-test-failed': configTestFailed,
  'not-installed': notInstalled,
  'not-configured': notConfigured,
  'vip-wrong-interface': vipWrongInterface,
  'vip-wrong-prefix': vipWrongPrefix,
  'vip-foreign-host': vipForeignHost,
  'vip-missing': vipMissing,
  'vrid-reused': vridReused,
  'vrid-mismatch': vridMismatch,
};
