import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { maxPrefix, parseCidr } from './ip.js';
import type { RawAuth, RawBecome, RawCluster, RawDefaults, RawHost, RawSsh, RawVip } from './schema.js';
import { envSecret, fileSecret, inlineSecret } from './secret.js';
import { resolveGlobalDefs } from './vrrp/global-defs.js';
import { resolveTracking } from './vrrp/tracking.js';
import { notifyMap } from './vrrp/scripts.js';
import { resolveRouting, resolveStatic, vipOptions } from './vrrp/addresses.js';
import { resolveInstanceOptions } from './vrrp/instance-options.js';
import { locateKey, locateValue, type PathSegment, type SourceFile } from './source.js';
import type {
  AuthSpec,
  BecomeSettings,
  ClusterMember,
  ClusterSpec,
  HostSpec,
  SourceLocation,
  SshSettings,
  VipSpec,
} from './types.js';

// Raw (validated) file content → the resolved Inventory, defaults merged. Precedence, most specific first:
//   interface:  cluster member > host > cluster > defaults > eth0
//   advert_int: cluster member > cluster > defaults > 1
//   auth:       cluster member > cluster > defaults > none
//   ssh, become, vars: host > defaults > built-in (key by key)

export const BUILTIN = {
  interface: 'eth0',
  advertInt: 1,
  sshUser: 'root',
  sshPort: 22,
  connectTimeoutMs: 10_000,
};

/** A value and the file it was written in (relative paths resolve against that file's directory). */
export interface Sourced<T> {
  src: SourceFile;
  path: PathSegment[];
  value: T;
}

export interface MergedDefaults {
  ssh: Partial<Record<keyof RawSsh, Sourced<unknown>>>;
  become: Partial<Record<keyof RawBecome, Sourced<unknown>>>;
  interface?: string;
  advertInt?: number;
  auth?: Sourced<RawAuth>;
  vars: Record<string, unknown>;
  systemd?: RawDefaults['systemd'];
  globalDefs: Record<string, Sourced<unknown>>;
}

/** Paths in an inventory: ~/ is the home directory; relative paths are relative to the inventory file. */
function fromFile(src: SourceFile, p: string): string {
  if (p === '~' || p.startsWith('~/')) return join(homedir(), p.slice(1));
  return isAbsolute(p) ? p : resolvePath(dirname(src.file), p);
}

/** Values of every leaf and entry under `path`, keyed by dotted path relative to it (for lint positions). */
export function fieldLocations(
  src: SourceFile,
  path: PathSegment[],
  value: unknown,
): Record<string, SourceLocation> {
  const out: Record<string, SourceLocation> = {};
  const visit = (rel: PathSegment[], v: unknown): void => {
    if (rel.length > 0) out[rel.join('.')] = locateValue(src, [...path, ...rel]);
    if (Array.isArray(v)) v.forEach((item, i) => visit([...rel, i], item));
    else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        out[`${[...rel, k].join('.')}:key`] = locateKey(src, [...path, ...rel, k]);
        visit([...rel, k], item);
      }
    }
  };
  visit([], value);
  return out;
}

function authSpec(auth: RawAuth | undefined, src: SourceFile | undefined): AuthSpec | undefined {
  if (!auth) return undefined;
  if (auth.type === 'none') return { type: 'none' };
  const method = auth.type === 'AH' ? { method: 'AH' as const } : {};
  const password =
    auth.password_env !== undefined
      ? envSecret(auth.password_env)
      : auth.password_file !== undefined
        ? fileSecret(src ? fromFile(src, auth.password_file) : auth.password_file)
        : inlineSecret(auth.password ?? '');
  return { type: 'PASS', password, ...method };
}

export function resolveHost(name: string, raw: RawHost, src: SourceFile, defaults: MergedDefaults): HostSpec {
  const path = ['hosts', name];
  const pick = <K extends keyof RawSsh>(k: K): { value: RawSsh[K]; src: SourceFile } | undefined => {
    if (raw.ssh?.[k] !== undefined) return { value: raw.ssh[k], src };
    const d = defaults.ssh[k];
    return d ? { value: d.value as RawSsh[K], src: d.src } : undefined;
  };
  const filePath = (k: 'identity_file' | 'known_hosts'): string | undefined => {
    const v = pick(k);
    return v?.value === undefined ? undefined : fromFile(v.src, v.value);
  };
  const timeout = pick('connect_timeout')?.value;
  const ssh: SshSettings = {
    user: pick('user')?.value ?? BUILTIN.sshUser,
    port: pick('port')?.value ?? BUILTIN.sshPort,
    identityFile: filePath('identity_file'),
    proxyJump: pick('proxy_jump')?.value,
    knownHostsFile: filePath('known_hosts'),
    connectTimeoutMs: timeout === undefined ? BUILTIN.connectTimeoutMs : Math.round(timeout * 1000),
  };
  const becomeValue = <K extends keyof RawBecome>(
    k: K,
  ): { value: RawBecome[K]; src: SourceFile } | undefined => {
    if (raw.become?.[k] !== undefined) return { value: raw.become[k], src };
    const d = defaults.become[k];
    return d ? { value: d.value as RawBecome[K], src: d.src } : undefined;
  };
  const pwEnv = becomeValue('password_env');
  const pwFile = becomeValue('password_file');
  const become: BecomeSettings = {
    enabled: becomeValue('enabled')?.value ?? ssh.user !== 'root',
    method: 'sudo',
    password: pwEnv?.value
      ? envSecret(pwEnv.value)
      : pwFile?.value
        ? fileSecret(fromFile(pwFile.src, pwFile.value))
        : undefined,
  };
  const cidr = parseCidr(raw.address);
  return {
    name,
    // An unparsable address is kept as written; lint reports it (HOST001).
    address: cidr?.address ?? raw.address,
    ssh,
    become,
    interface: raw.interface ?? defaults.interface ?? BUILTIN.interface,
    vars: { ...defaults.vars, ...raw.vars },
    location: locateKey(src, path),
    prefix: cidr ? (cidr.prefix ?? (cidr.family === 4 ? 24 : 64)) : undefined,
    fieldLocations: fieldLocations(src, path, raw),
    ...(defaults.systemd && {
      systemd: {
        networkOnline: defaults.systemd.network_online ?? true,
        restartOnFailure: defaults.systemd.restart_on_failure ?? false,
      },
    }),
    globalDefs: hostGlobalDefs(raw, src, path, defaults),
    ...(resolveStatic(raw) && { static: resolveStatic(raw) }),
    ...(raw.keepalived_version !== undefined && { keepalivedVersion: raw.keepalived_version }),
  };
}

/** global_defs: host keys over defaults keys, each with where it was written. */
function hostGlobalDefs(raw: RawHost, src: SourceFile, path: PathSegment[], defaults: MergedDefaults) {
  const merged: Record<string, Sourced<unknown>> = { ...defaults.globalDefs };
  for (const [k, v] of Object.entries(raw.global_defs ?? {}))
    if (v !== undefined) merged[k] = { src, path: [...path, 'global_defs', k], value: v };
  const located = Object.fromEntries(
    Object.entries(merged).map(([k, s]) => [
      k,
      {
        value: s.value,
        location: { '': locateValue(s.src, s.path), ...fieldLocations(s.src, s.path, s.value) },
      },
    ]),
  );
  return resolveGlobalDefs(located);
}

function vipSpec(raw: RawVip): VipSpec {
  const text = typeof raw === 'string' ? raw : raw.address;
  const cidr = parseCidr(text);
  const family = cidr?.family ?? (text.includes(':') ? 6 : 4);
  const prefix = (typeof raw === 'string' ? undefined : raw.prefix) ?? cidr?.prefix ?? maxPrefix(family);
  const vip: VipSpec = { address: cidr?.address ?? text, prefix, family };
  if (typeof raw !== 'string') {
    if (raw.dev !== undefined) vip.dev = raw.dev;
    if (raw.label !== undefined) vip.label = raw.label;
    Object.assign(vip, vipOptions(raw));
  }
  return vip;
}

/** keepalived instance names: letters, digits, _ and - only. */
export function defaultInstanceName(cluster: string): string {
  return `VI_${cluster.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function resolveCluster(
  name: string,
  raw: RawCluster,
  src: SourceFile,
  defaults: MergedDefaults,
  hostInterface: (host: string) => string | undefined,
): ClusterSpec {
  const path = ['clusters', name];
  const preempt = raw.preempt ?? (raw.nopreempt === undefined ? true : !raw.nopreempt);
  const memberEntries = Object.entries(raw.members);
  const ah = (raw.auth ?? defaults.auth?.value)?.type === 'AH';
  const highest = Math.max(...memberEntries.map(([, m]) => m.priority));
  const members: ClusterMember[] = memberEntries.map(([host, m]) => {
    const member: ClusterMember = {
      host,
      priority: m.priority,
      // nopreempt and preempt_delay only work when every member starts as BACKUP (keepalived clears them on
      // MASTER); keepalived clears an initial MASTER under AH authentication too.
      state:
        m.state ??
        (preempt && raw.preempt_delay === undefined && !ah && m.priority === highest ? 'MASTER' : 'BACKUP'),
      interface:
        m.interface ?? hostInterface(host) ?? raw.interface ?? defaults.interface ?? BUILTIN.interface,
      location: locateKey(src, [...path, 'members', host]),
      fieldLocations: fieldLocations(src, [...path, 'members', host], m),
    };
    if (m.advert_int !== undefined) member.advertInt = m.advert_int;
    const auth = authSpec(m.auth, src);
    if (auth) member.auth = auth;
    return member;
  });
  const notify = notifyMap(raw.notify);
  const tracking = resolveTracking(raw);
  const cluster: ClusterSpec = {
    name,
    instanceName: raw.instance_name ?? defaultInstanceName(name),
    virtualRouterId: raw.virtual_router_id,
    vips: raw.vips.map(vipSpec),
    advertInt: raw.advert_int ?? defaults.advertInt ?? BUILTIN.advertInt,
    auth: authSpec(raw.auth, src) ?? authSpec(defaults.auth?.value, defaults.auth?.src) ?? { type: 'none' },
    members,
    preempt,
    unicast: raw.unicast ?? false,
    trackInterfaces: tracking.interfaces.map((t) => t.name),
    trackScripts: tracking.scripts,
    tracking,
    ...resolveRouting(raw),
    options: resolveInstanceOptions(raw),
    notify,
    garp: {
      ...(typeof raw.garp?.master_delay === 'number' && { masterDelay: raw.garp.master_delay }),
      ...(typeof raw.garp?.master_repeat === 'number' && { masterRepeat: raw.garp.master_repeat }),
      ...(typeof raw.garp?.master_refresh === 'number' && { masterRefresh: raw.garp.master_refresh }),
    },
    extra: raw.extra ?? {},
    ...(raw.virtual_servers !== undefined && { virtualServers: raw.virtual_servers }),
    ...(raw.virtual_server_groups !== undefined && { virtualServerGroups: raw.virtual_server_groups }),
    ...(raw.firewall !== undefined && { firewall: raw.firewall }),
    ...(raw.nonlocal_bind !== undefined && { nonlocalBind: raw.nonlocal_bind }),
    location: locateKey(src, path),
    fieldLocations: fieldLocations(src, path, raw),
  };
  if (raw.auth === undefined && defaults.auth) {
    // Lint findings about an inherited password point at the defaults that set it.
    const inherited = fieldLocations(defaults.auth.src, defaults.auth.path, defaults.auth.value);
    for (const [k, loc] of Object.entries(inherited)) cluster.fieldLocations![`auth.${k}`] = loc;
  }
  if (raw.preempt_delay !== undefined) cluster.preemptDelay = raw.preempt_delay;
  return cluster;
}

/** Defaults of several files merged key by key; a later file overrides an earlier one. */
export function mergeDefaults(files: readonly { src: SourceFile; defaults?: RawDefaults }[]): MergedDefaults {
  const merged: MergedDefaults = { ssh: {}, become: {}, vars: {}, globalDefs: {} };
  for (const { src, defaults: d } of files) {
    if (!d) continue;
    for (const [k, v] of Object.entries(d.ssh ?? {})) {
      if (v !== undefined) merged.ssh[k as keyof RawSsh] = { src, path: ['defaults', 'ssh', k], value: v };
    }
    for (const [k, v] of Object.entries(d.become ?? {})) {
      if (v !== undefined)
        merged.become[k as keyof RawBecome] = { src, path: ['defaults', 'become', k], value: v };
    }
    if (d.interface !== undefined) merged.interface = d.interface;
    if (d.advert_int !== undefined) merged.advertInt = d.advert_int;
    if (d.auth !== undefined) merged.auth = { src, path: ['defaults', 'auth'], value: d.auth };
    Object.assign(merged.vars, d.vars);
    if (d.systemd !== undefined) merged.systemd = { ...merged.systemd, ...d.systemd };
    for (const [k, v] of Object.entries(d.global_defs ?? {}))
      if (v !== undefined) merged.globalDefs[k] = { src, path: ['defaults', 'global_defs', k], value: v };
  }
  return merged;
}
