import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';

// An Ansible inventory as data (no Ansible needed): hosts, groups, their vars (INI or YAML inventory,
// group_vars/ and host_vars/ beside it), then the evrardjp/ansible-keepalived role's template
// (templates/keepalived.conf.j2, commit c9b1c4a) written out in TypeScript for the variables it reads, so each
// host's keepalived.conf can go through the same import as a file read from disk. Jinja expressions left in
// values are not evaluated: they stay in the text and check-config/import report them as placeholders.

type Vars = Record<string, unknown>;

interface Group {
  vars: Vars;
  hosts: Map<string, Vars>;
  children: string[];
}

export interface AnsibleHost {
  name: string;
  vars: Vars;
}

function group(groups: Map<string, Group>, name: string): Group {
  let g = groups.get(name);
  if (!g) {
    g = { vars: {}, hosts: new Map(), children: [] };
    groups.set(name, g);
  }
  return g;
}

/** INI values: Ansible reads host-line values as Python literals; numbers and booleans are what matter here. */
function iniValue(v: string): unknown {
  const t = v.replace(/^(["'])(.*)\1$/, '$2');
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^(true|false|True|False)$/.test(t)) return t.toLowerCase() === 'true';
  return t;
}

function iniPairs(words: string[]): Vars {
  const vars: Vars = {};
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq > 0) vars[w.slice(0, eq)] = iniValue(w.slice(eq + 1));
  }
  return vars;
}

function readIni(text: string, groups: Map<string, Group>): void {
  let section = 'ungrouped';
  let kind: 'hosts' | 'vars' | 'children' = 'hosts';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s[;#].*$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[([^\]:]+)(?::(vars|children))?\]$/.exec(line);
    if (head) {
      section = head[1]!;
      kind = (head[2] as 'vars' | 'children' | undefined) ?? 'hosts';
      group(groups, section);
      continue;
    }
    const words = line.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
    const g = group(groups, section);
    if (kind === 'vars') Object.assign(g.vars, iniPairs(words));
    else if (kind === 'children') g.children.push(words[0]!);
    else g.hosts.set(words[0]!, { ...g.hosts.get(words[0]!), ...iniPairs(words.slice(1)) });
  }
}

function readYamlGroup(name: string, node: Record<string, unknown> | null, groups: Map<string, Group>): void {
  const g = group(groups, name);
  if (!node) return;
  Object.assign(g.vars, (node.vars as Vars | undefined) ?? {});
  for (const [h, v] of Object.entries((node.hosts as Record<string, Vars | null> | undefined) ?? {})) {
    g.hosts.set(h, { ...g.hosts.get(h), ...(v ?? {}) });
  }
  for (const [c, v] of Object.entries(
    (node.children as Record<string, Record<string, unknown> | null> | undefined) ?? {},
  )) {
    g.children.push(c);
    readYamlGroup(c, v, groups);
  }
}

/** vars files of a group or host: NAME.yml / NAME.yaml / NAME (file), or every *.yml in NAME/ (directory). */
function varsFiles(dir: string, name: string): Vars {
  const out: Vars = {};
  const read = (file: string): void => {
    const doc = parse(readFileSync(file, 'utf8')) as Vars | null;
    Object.assign(out, doc ?? {});
  };
  for (const f of [name, `${name}.yml`, `${name}.yaml`]) {
    const p = join(dir, f);
    if (existsSync(p) && statSync(p).isFile()) read(p);
  }
  const d = join(dir, name);
  if (existsSync(d) && statSync(d).isDirectory()) {
    for (const f of readdirSync(d).sort()) if (/\.ya?ml$/.test(f)) read(join(d, f));
  }
  return out;
}

/** Every host of the inventory with its variables merged as Ansible does (all < parent < child < host < extra). */
export function readAnsibleInventory(path: string, extraVarsFile?: string): AnsibleHost[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read Ansible inventory ${path}: ${(err as Error).message}`, ExitCode.USAGE);
  }
  const groups = new Map<string, Group>();
  const asYaml = /\.ya?ml$/.test(path) || /^\s*all\s*:/m.test(text);
  if (asYaml) {
    const doc = parse(text) as Record<string, Record<string, unknown> | null> | null;
    for (const [name, node] of Object.entries(doc ?? {})) readYamlGroup(name, node, groups);
  } else readIni(text, groups);
  const all = group(groups, 'all');
  for (const name of groups.keys())
    if (name !== 'all' && !all.children.includes(name)) all.children.push(name);

  // depth of each group below all, so parents' vars apply before children's
  const depth = new Map<string, number>([['all', 0]]);
  const walk = (name: string, d: number, seen: Set<string>): void => {
    for (const c of groups.get(name)?.children ?? []) {
      if (seen.has(c)) continue;
      depth.set(c, Math.max(depth.get(c) ?? 0, d + 1));
      walk(c, d + 1, new Set([...seen, c]));
    }
  };
  walk('all', 0, new Set(['all']));
  const base = dirname(path);
  const extra = extraVarsFile ? ((parse(readFileSync(extraVarsFile, 'utf8')) as Vars | null) ?? {}) : {};
  const hostNames = [...new Set([...groups.values()].flatMap((g) => [...g.hosts.keys()]))];
  // a host is in a group directly or through the group's children
  const members = (name: string, seen = new Set<string>()): Set<string> => {
    const g = groups.get(name);
    const out = new Set(g?.hosts.keys() ?? []);
    for (const c of g?.children ?? [])
      if (!seen.has(c)) for (const h of members(c, new Set([...seen, c]))) out.add(h);
    return out;
  };
  return hostNames.map((name) => {
    const vars: Vars = {};
    const ordered = [...groups.keys()]
      .filter((g) => g === 'all' || members(g).has(name))
      .sort((a, b) => (depth.get(a) ?? 1) - (depth.get(b) ?? 1) || a.localeCompare(b));
    for (const g of ordered) Object.assign(vars, groups.get(g)!.vars, varsFiles(join(base, 'group_vars'), g));
    for (const g of groups.values()) Object.assign(vars, g.hosts.get(name) ?? {});
    Object.assign(vars, varsFiles(join(base, 'host_vars'), name), extra);
    return { name, vars };
  });
}

const truthy = (v: unknown): boolean =>
  v === true || v === 1 || (typeof v === 'string' && /^(yes|true|on|1|y)$/i.test(v.trim()));
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const defined = (v: unknown): boolean => v !== undefined && v !== null;

/** The role's keepalived.conf for one host's variables (the parts vipctl can import). */
export function renderRoleConfig(vars: Vars): { text: string; ignored: string[] } {
  const out: string[] = [];
  const ignored: string[] = [];
  const globalDefs = list(vars.keepalived_global_defs);
  if (globalDefs.length > 0) out.push('global_defs {', ...globalDefs.map((d) => `  ${String(d)}`), '}');
  for (const [name, d] of Object.entries(
    (vars.keepalived_scripts as Record<string, Vars> | undefined) ?? {},
  )) {
    out.push(
      `vrrp_script ${name} {`,
      `  script "${String(d.check_script)}"`,
      `  interval ${String(d.interval ?? 5)}`,
      `  fall ${String(d.fall ?? 3)}`,
      `  rise ${String(d.rise ?? 6)}`,
      ...(defined(d.weight) ? [`  weight ${String(d.weight)}`] : []),
      ...(defined(d.timeout) ? [`  timeout ${String(d.timeout)}`] : []),
      ...(defined(d.user) ? [`  user ${String(d.user)}`] : []),
      '}',
    );
  }
  for (const v of [
    'keepalived_sync_groups',
    'keepalived_virtual_servers',
    'keepalived_track_files',
    'keepalived_track_processs',
  ]) {
    if (defined(vars[v])) ignored.push(v);
  }
  for (const [name, i] of Object.entries(
    (vars.keepalived_instances as Record<string, Vars> | undefined) ?? {},
  )) {
    const block = (kw: string, items: unknown[]): string[] =>
      items.length > 0 ? [`  ${kw} {`, ...items.map((x) => `    ${String(x)}`), '  }'] : [];
    out.push(
      `vrrp_instance ${name} {`,
      `  interface ${String(i.interface)}`,
      `  state ${String(i.state)}`,
      `  virtual_router_id ${String(i.virtual_router_id)}`,
      `  priority ${String(i.priority)}`,
      ...(truthy(i.use_vmac) ? ['  use_vmac'] : []),
      ...(truthy(i.vmac_xmit_base) ? ['  vmac_xmit_base'] : []),
      ...(truthy(i.nopreempt) ? ['  nopreempt'] : []),
      ...(defined(i.preempt_delay) ? [`  preempt_delay ${String(i.preempt_delay)}`] : []),
      ...(defined(i.advert_int) ? [`  advert_int ${String(i.advert_int)}`] : []),
      ...(truthy(i.dont_track_primary) ? ['  dont_track_primary'] : []),
      ...(defined(i.accept) ? [truthy(i.accept) ? '  accept' : '  no_accept'] : []),
      ...(truthy(i.native_ipv6) ? ['  native_ipv6'] : []),
      ...(defined(i.authentication_password)
        ? [
            '  authentication {',
            `    auth_type ${String(i.authentication_type ?? 'PASS')}`,
            `    auth_pass ${String(i.authentication_password)}`,
            '  }',
          ]
        : []),
      ...(defined(i.unicast_src_ip) && list(i.unicast_peers).length > 0
        ? [`  unicast_src_ip ${String(i.unicast_src_ip)}`, ...block('unicast_peer', list(i.unicast_peers))]
        : []),
      ...block('virtual_ipaddress', list(i.vips)),
      ...block('virtual_ipaddress_excluded', list(i.vips_excluded)),
      ...block('virtual_routes', list(i.virtual_routes)),
      ...block('virtual_rules', list(i.virtual_rules)),
      ...block('track_script', list(i.track_scripts)),
      ...block('track_file', list(i.track_files)),
      ...block('track_interface', list(i.track_interfaces)),
      ...block('track_process', list(i.track_processs)),
      ...(defined(i.notify_script) ? [`  notify "${String(i.notify_script)}"`] : []),
      ...(
        [
          'notify_master',
          'notify_master_rx_lower_pri',
          'notify_backup',
          'notify_fault',
          'notify_stop',
        ] as const
      ).flatMap((k) => (defined(i[k]) ? [`  ${k} "${String(i[k])}"`] : [])),
      ...(truthy(i.smtp_alert) ? ['  smtp_alert'] : []),
      '}',
    );
  }
  return { text: `${out.join('\n')}\n`, ignored };
}
