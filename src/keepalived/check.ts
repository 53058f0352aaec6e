import { canonicalAddress, ipFamily } from '../inventory/ip.js';
import { vrrpConf, type InstanceConf, type VrrpConf } from './instances.js';
import type { ConfigDiagnostic, ConfigNode, Loc, ParsedConfig, Token } from './types.js';

// check-config's rules on top of the parser's findings: the runbook's rules and the mistakes public configs
// make, each with a stable code (docs/import.md lists them). Per file, then across the instances of one file,
// then across files (several files = the members of one cluster).

type Rule = (conf: VrrpConf, parsed: ParsedConfig) => ConfigDiagnostic[];

const d = (
  code: string,
  severity: 'error' | 'warning',
  location: Loc,
  message: string,
  hint?: string | undefined,
): ConfigDiagnostic =>
  hint === undefined ? { code, severity, location, message } : { code, severity, location, message, hint };

function walk(nodes: ConfigNode[], visit: (n: ConfigNode) => void): void {
  for (const n of nodes) {
    visit(n);
    walk(n.children, visit);
  }
}

function* allTokens(nodes: ConfigNode[]): Generator<Token> {
  for (const n of nodes) {
    yield* n.args;
    for (const v of n.values) yield* v;
    yield* allTokens(n.children);
  }
}

/** `<interface>`, `__VIP__`, `%PRIORITY%`, `@@VIP@@`, `<--STATE-->`: a template value never filled in. */
export function isPlaceholder(text: string): boolean {
  return /^<[^<>]+>$|^__[A-Za-z0-9_]+__$|^@@?[A-Za-z_]+@@?$|^%[A-Za-z_]+%$/.test(text);
}

/** A value in capitals where a number or address belongs (`priority PRIORITY`) was meant to be replaced. */
const capsHint = (text: string): string | undefined =>
  /^[A-Z][A-Z0-9_]*$/.test(text) ? `'${text}' looks like a placeholder that was never replaced` : undefined;

/** keepalived still reads these but says to stop: keyword → what to write instead. */
const DEPRECATED: Record<string, string> = {
  lvs_sync_daemon_interface: 'global_defs { lvs_sync_daemon INTERFACE INSTANCE }',
  vmac_garp_intvl: 'garp_extra_if',
  nb_get_retry: 'retry',
};

const intIn = (text: string, min: number, max: number): boolean =>
  /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max;

const tokenRules: Rule = (_conf, parsed) => {
  const out: ConfigDiagnostic[] = [];
  for (const t of allTokens(parsed.nodes)) {
    if (!t.quoted && t.text.length > 1 && t.text.endsWith(';')) {
      out.push(
        d(
          'KC014',
          'error',
          { ...t.loc, column: t.loc.column + t.text.length - 1 },
          `';' after '${t.text.slice(0, -1)}'`,
          'keepalived lines end at the newline; the ; becomes part of the value: remove it',
        ),
      );
    }
    if (isPlaceholder(t.text.split('/')[0]!)) {
      out.push(
        d('KC016', 'error', t.loc, `placeholder '${t.text}' was never filled in`, 'write the real value'),
      );
    }
  }
  return out;
};

const instanceRules: Rule = (conf) => {
  const out: ConfigDiagnostic[] = [];
  // a vrrp_script without `script` is removed by keepalived, so tracking it is tracking nothing
  const scriptNames = new Set(conf.scripts.filter((s) => s.script !== undefined).map((s) => s.name));
  for (const i of conf.instances) {
    const where = `vrrp_instance ${i.name}`;
    for (const c of i.node.children) {
      const instead = DEPRECATED[c.keyword];
      if (instead !== undefined)
        out.push(d('KC118', 'warning', c.loc, `${c.keyword} is deprecated`, `write ${instead}`));
    }
    const vrid = i.virtualRouterId;
    if (!vrid) {
      out.push(
        d(
          'KC101',
          'error',
          i.loc,
          `${where} has no virtual_router_id`,
          'keepalived refuses the instance; give it a VRID 1–255 unique on its network',
        ),
      );
    } else if (!intIn(vrid.value, 1, 255)) {
      out.push(
        d('KC101', 'error', vrid.loc, `virtual_router_id ${vrid.value} is not 1–255`, capsHint(vrid.value)),
      );
    } else if (vrid.value === '51') {
      out.push(
        d(
          'KC109',
          'warning',
          vrid.loc,
          "virtual_router_id 51 is the sample configuration's",
          'every copy of the sample on this network shares this VRID; pick one unique on the segment',
        ),
      );
    }
    if (!i.interface)
      out.push(
        d(
          'KC112',
          'error',
          i.loc,
          `${where} has no interface`,
          'keepalived refuses an instance without interface',
        ),
      );
    if (i.priority && !intIn(i.priority.value, 1, 255)) {
      out.push(
        d(
          'KC102',
          'error',
          i.priority.loc,
          `priority ${i.priority.value} is not 1–255`,
          capsHint(i.priority.value),
        ),
      );
    }
    if (i.priority?.value === '255' && i.state?.value !== 'MASTER') {
      out.push(
        d(
          'KC102',
          'warning',
          i.priority.loc,
          `priority 255 on an instance whose state is ${i.state?.value ?? 'BACKUP (default)'}`,
          '255 means "address owner": keepalived makes it MASTER whatever state says; use 1–254 for a backup',
        ),
      );
    }
    if (i.state && !['MASTER', 'BACKUP'].includes(i.state.value)) {
      out.push(
        d(
          'KC110',
          'error',
          i.state.loc,
          `state ${i.state.value} is not MASTER or BACKUP`,
          capsHint(i.state.value) ?? 'keepalived falls back to BACKUP',
        ),
      );
    }
    if (i.advertInt && !/^\d+(\.\d+)?$/.test(i.advertInt.value)) {
      out.push(
        d('KC111', 'error', i.advertInt.loc, `advert_int ${i.advertInt.value} is not a number of seconds`),
      );
    }
    if (i.nopreempt && i.state?.value === 'MASTER') {
      out.push(
        d(
          'KC106',
          'warning',
          i.nopreempt,
          'nopreempt with state MASTER',
          'keepalived ignores nopreempt unless the initial state is BACKUP: set state BACKUP on every member',
        ),
      );
    }
    if (i.authType?.value === 'AH' && i.state?.value === 'MASTER') {
      out.push(
        d(
          'KC116',
          'warning',
          i.authType.loc,
          'auth_type AH with state MASTER',
          'keepalived clears the MASTER state with AH authentication: use state BACKUP',
        ),
      );
    }
    if (i.authPass && i.authPass.value.length > 8) {
      out.push(
        d(
          'KC103',
          'warning',
          i.authPass.loc,
          `auth_pass is ${i.authPass.value.length} characters; keepalived uses only the first 8`,
          'members agree only when the first 8 match; shorten it so what is written is what is used',
        ),
      );
    }
    if (i.vips.length === 0) out.push(d('KC113', 'warning', i.loc, `${where} has no virtual_ipaddress`));
    for (const a of [i.unicastSrcIp, ...i.unicastPeers]) {
      if (!a) continue;
      if (a.value.includes('/')) {
        out.push(
          d(
            'KC107',
            'error',
            a.loc,
            `'${a.value}': a unicast address takes no /prefix`,
            `write ${a.value.split('/')[0]}`,
          ),
        );
      } else if (ipFamily(a.value) === undefined && !isPlaceholder(a.value) && !a.value.includes('{')) {
        out.push(d('KC114', 'error', a.loc, `'${a.value}' is not an IP address`, capsHint(a.value)));
      }
    }
    for (const v of [...i.vips, ...i.excludedVips]) {
      if (ipFamily(v.address) === undefined && !v.address.includes('{') && !isPlaceholder(v.address)) {
        out.push(d('KC114', 'error', v.loc, `'${v.words[0]}' is not an IP address`, capsHint(v.address)));
      }
    }
    for (const t of i.trackScripts) {
      if (!scriptNames.has(t.value)) {
        out.push(
          d(
            'KC108',
            'error',
            t.loc,
            `track_script ${t.value}: no usable vrrp_script ${t.value} in this config`,
            'keepalived ignores the tracking; define the vrrp_script or remove the line',
          ),
        );
      }
    }
  }
  return out;
};

const scriptRules: Rule = (conf) => {
  const out: ConfigDiagnostic[] = [];
  for (const s of conf.scripts) {
    if (!s.script)
      out.push(
        d(
          'KC117',
          'error',
          s.node.end ?? s.loc,
          `vrrp_script ${s.name} has no script`,
          'keepalived removes it, and every track_script naming it is ignored',
        ),
      );
  }
  const secure = conf.globalDefs.some((g) => g.children.some((c) => c.keyword === 'enable_script_security'));
  const scriptUser = conf.globalDefs.some((g) => g.children.some((c) => c.keyword === 'script_user'));
  if (secure && !scriptUser) {
    // keepalived then runs scripts as keepalived_script; where that user does not exist it drops them
    const userless = conf.scripts.filter((s) => !s.node.children.some((c) => c.keyword === 'user'));
    const names = new Set(userless.map((s) => s.name));
    const hint =
      'without script_user keepalived runs scripts as keepalived_script, and drops them where that user does not exist (Debian does not create it): add script_user to global_defs';
    for (const s of userless)
      out.push(
        d('KC119', 'warning', s.node.end ?? s.loc, `vrrp_script ${s.name} runs as keepalived_script`, hint),
      );
    for (const i of conf.instances) {
      for (const t of i.trackScripts) {
        if (names.has(t.value))
          out.push(
            d('KC119', 'warning', t.loc, `track_script ${t.value} tracks a script keepalived may drop`, hint),
          );
      }
    }
  }
  if (secure) return out;
  const at =
    conf.scripts.length > 0
      ? conf.scripts.map((s) => s.loc)
      : conf.instances
          .flatMap((i) => i.notifyScripts)
          .slice(0, 1)
          .map((n) => n.loc);
  for (const loc of at) {
    out.push(
      d(
        'KC105',
        'warning',
        loc,
        'script without enable_script_security in global_defs',
        'keepalived refuses to run scripts as root without it ("SECURITY VIOLATION"), or drops them when its default script user does not exist; add global_defs { enable_script_security  script_user root }',
      ),
    );
  }
  return out;
};

const emptyBlocks: Rule = (_conf, parsed) => {
  const out: ConfigDiagnostic[] = [];
  walk(parsed.nodes, (n) => {
    // keepalived names the line of the closing brace, where it finds the block empty
    if (n.kind === 'values' && n.values.length === 0 && n.keyword !== 'virtual_ipaddress') {
      out.push(d('KC115', 'warning', n.end ?? n.loc, `empty ${n.keyword} block`, 'remove it or fill it in'));
    }
  });
  return out;
};

/** Keywords keepalived refuses without a value ("missing a parameter": the whole config is rejected). */
const NEEDS_VALUE = new Set([
  'vrrp_instance',
  'vrrp_script',
  'vrrp_sync_group',
  'vrrp_track_process',
  'virtual_server',
  'real_server',
  'state',
  'interface',
  'virtual_router_id',
  'priority',
  'advert_int',
  'unicast_src_ip',
  'mcast_src_ip',
  'preempt_delay',
  'garp_master_delay',
  'garp_master_refresh',
  'garp_master_repeat',
  'notify_master',
  'notify_backup',
  'notify_fault',
  'notify_stop',
  'notify',
  'version',
  'unicast_ttl',
  'auth_type',
  'auth_pass',
  'script',
  'interval',
  'weight',
  'fall',
  'rise',
  'timeout',
  'user',
  'router_id',
  'script_user',
  'vrrp_garp_master_delay',
  'vrrp_garp_master_refresh',
  'vrrp_garp_master_repeat',
  'notification_email_from',
  'smtp_server',
  'smtp_connect_timeout',
  'vrrp_version',
  'vrrp_mcast_group4',
  'vrrp_mcast_group6',
]);

/** In a block, these may be written several times (each adds); any other keyword twice is a mistake. */
const REPEATABLE = new Set([
  'virtual_ipaddress',
  'virtual_ipaddress_excluded',
  'virtual_routes',
  'virtual_rules',
  'track_interface',
  'track_script',
  'track_file',
  'track_process',
  'track_bfd',
  'unicast_peer',
  'real_server',
  'group',
  'url',
  'include',
]);

const valueRules: Rule = (_conf, parsed) => {
  const out: ConfigDiagnostic[] = [];
  walk(parsed.nodes, (n) => {
    if (n.kind !== 'unknown' && n.args.length === 0 && NEEDS_VALUE.has(n.keyword)) {
      out.push(
        d(
          'KC017',
          'error',
          n.loc,
          `${n.keyword} needs a value`,
          'keepalived 2.2.7 rejects the whole configuration ("missing a parameter")',
        ),
      );
    }
    if (
      n.keyword === 'interface' &&
      n.args[0] &&
      n.args[0].text.length > 15 &&
      !n.args[0].text.includes('{')
    ) {
      out.push(
        d(
          'KC120',
          'error',
          n.args[0].loc,
          `interface name '${n.args[0].text}' is longer than 15 characters`,
          capsHint(n.args[0].text) ??
            'Linux interface names are at most 15 characters; keepalived ignores it',
        ),
      );
    }
    if (n.kind !== 'block') return;
    const seen = new Map<string, ConfigNode>();
    for (const c of n.children) {
      if (c.kind !== 'keyword' || REPEATABLE.has(c.keyword)) continue;
      const first = seen.get(c.keyword);
      if (!first) {
        seen.set(c.keyword, c);
        continue;
      }
      const keepsFirst = c.keyword.startsWith('notify');
      out.push(
        d(
          'KC121',
          'warning',
          c.loc,
          `${c.keyword} is given again (first at line ${first.loc.line})`,
          keepsFirst
            ? 'keepalived keeps the first and ignores this one'
            : `keepalived keeps this one and ignores line ${first.loc.line}`,
        ),
      );
    }
  });
  return out;
};

const crossInstance: Rule = (conf) => {
  const out: ConfigDiagnostic[] = [];
  const byName = new Map<string, InstanceConf>();
  const byVrid = new Map<string, InstanceConf>();
  const byVip = new Map<string, InstanceConf>();
  for (const i of conf.instances) {
    const dup = byName.get(i.name);
    if (dup)
      out.push(
        d(
          'KC203',
          'error',
          i.loc,
          `vrrp_instance ${i.name} is defined twice (first at line ${dup.loc.line})`,
        ),
      );
    else byName.set(i.name, i);
    if (i.virtualRouterId && i.interface) {
      const fam = ipFamily(i.vips[0]?.address ?? '') ?? 4;
      const key = `${i.interface.value}/${i.virtualRouterId.value}/${fam}`;
      const other = byVrid.get(key);
      if (other)
        out.push(
          d(
            'KC201',
            'error',
            i.virtualRouterId.loc,
            `VRID ${i.virtualRouterId.value} on ${i.interface.value} is also used by vrrp_instance ${other.name} (line ${other.loc.line})`,
            'two instances with one VRID on one interface fight over the same virtual router; give each its own VRID',
          ),
        );
      else byVrid.set(key, i);
    }
    for (const v of i.vips) {
      const key = ipFamily(v.address) ? canonicalAddress(v.address) : v.address;
      const other = byVip.get(key);
      if (other && other !== i)
        out.push(
          d(
            'KC202',
            'error',
            v.loc,
            `VIP ${v.address} is also in vrrp_instance ${other.name} (line ${other.loc.line})`,
            'one address, one instance: the two would add and remove it under each other',
          ),
        );
      else byVip.set(key, i);
    }
  }
  return out;
};

/** A file keepalived would run and do nothing with: no vrrp_instance, no virtual_server (a wrong file, or empty). */
const nothingToRun: Rule = (_conf, parsed) => {
  if (parsed.files.length === 0) return []; // not read at all: KC009 says why
  const runs = (nodes: ConfigNode[]): boolean =>
    nodes.some((n) => n.keyword === 'vrrp_instance' || n.keyword === 'virtual_server');
  if (runs(parsed.nodes)) return [];
  return [
    d(
      'KC122',
      'warning',
      { file: parsed.file, line: 1, column: 1 },
      'no vrrp_instance and no virtual_server: keepalived would run and do nothing',
      'is this the right file? (an include that matched nothing, or a config still to be written)',
    ),
  ];
};

const RULES: Rule[] = [
  tokenRules,
  instanceRules,
  scriptRules,
  emptyBlocks,
  valueRules,
  crossInstance,
  nothingToRun,
];

/** Every finding for one parsed file: the parser's, then the rules'. */
export function checkParsed(parsed: ParsedConfig): ConfigDiagnostic[] {
  const conf = vrrpConf(parsed);
  return [...parsed.diagnostics, ...RULES.flatMap((r) => r(conf, parsed))];
}

/** Across files: each file is one member; instances with one VRID on one interface are one cluster. */
export function checkMembers(parsed: ParsedConfig[]): ConfigDiagnostic[] {
  if (parsed.length < 2) return [];
  const out: ConfigDiagnostic[] = [];
  const groups = new Map<string, { file: string; i: InstanceConf }[]>();
  for (const p of parsed) {
    for (const i of vrrpConf(p).instances) {
      if (!i.virtualRouterId) continue;
      const key = `${i.interface?.value ?? ''}/${i.virtualRouterId.value}`;
      groups.set(key, [...(groups.get(key) ?? []), { file: p.file, i }]);
    }
  }
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const [first, ...rest] = members;
    const same = (
      what: string,
      get: (i: InstanceConf) => string | undefined,
      dflt: string,
      secret = false,
    ): void => {
      for (const m of rest) {
        const a = get(first!.i) ?? dflt;
        const b = get(m.i) ?? dflt;
        if (a !== b) {
          out.push(
            d(
              'KC301',
              'error',
              m.i.loc,
              `${what} differs between members: ${secret ? '(hidden)' : b} here, ${secret ? '(hidden)' : a} in ${first!.file}`,
              "members of one virtual router must agree, or they ignore each other's adverts",
            ),
          );
        }
      }
    };
    same('advert_int', (i) => i.advertInt?.value, '1');
    same('auth_type', (i) => i.authType?.value, 'none');
    same('auth_pass (first 8 characters)', (i) => i.authPass?.value.slice(0, 8), '', true);
    same(
      'virtual_ipaddress',
      (i) =>
        i.vips
          .map((v) => v.words.join(' '))
          .sort()
          .join(', '),
      '',
    );
    const priorities = new Map<string, string>();
    for (const m of members) {
      const p = m.i.priority?.value ?? '100';
      const other = priorities.get(p);
      if (other)
        out.push(
          d(
            'KC302',
            'warning',
            m.i.priority?.loc ?? m.i.loc,
            `priority ${p} is also ${other}'s`,
            'with equal priorities the higher IP address wins: give each member its own',
          ),
        );
      else priorities.set(p, m.file);
    }
    const srcs = members.map((m) => m.i.unicastSrcIp?.value).filter((s): s is string => s !== undefined);
    for (const m of members) {
      if (m.i.unicastPeers.length === 0) continue;
      const peers = new Set(m.i.unicastPeers.map((p) => p.value));
      for (const s of srcs) {
        if (s !== m.i.unicastSrcIp?.value && !peers.has(s))
          out.push(
            d(
              'KC303',
              'error',
              m.i.unicastPeers[0]!.loc,
              `unicast_peer lacks ${s}, another member's unicast_src_ip`,
              'unicast adverts reach only the peers listed',
            ),
          );
      }
    }
  }
  return out;
}
