import type { RawVirtualServer } from './lvs/virtual-server.js';
import type { RawGroupEntry } from './lvs/group.js';
// The resolved inventory: what every module downstream of src/inventory/ reads.
// Values are already merged with defaults. Precedence (docs/inventory.md): interface: member > host > cluster >
// defaults > eth0; advert_int, auth: member > cluster > defaults; ssh, become, vars: host > defaults > built-in.

/** A source position in an inventory file, for errors and lint findings. */
export interface SourceLocation {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
}

/** A secret value resolved late; never printed. `describe` says where it came from (for messages). */
export interface Secret {
  readonly source: 'inline' | 'env' | 'file';
  /** e.g. "env VIPCTL_AUTH_LB" or "file /etc/vipctl/pass" or "inline" */
  readonly describe: string;
  /** Resolves the value (reads env/file); throws UserError if unavailable. */
  reveal(): string;
}

export interface SshSettings {
  user: string; // default root
  port: number; // default 22
  identityFile?: string;
  proxyJump?: string;
  /** known_hosts file to check host keys against; default ~/.ssh/known_hosts */
  knownHostsFile?: string;
  connectTimeoutMs: number; // default 10000
}

export interface BecomeSettings {
  enabled: boolean; // use sudo when user is not root
  method: 'sudo';
  /** sudo password source (env var or prompt); never inline in commands */
  password?: Secret;
}

export interface HostSpec {
  name: string;
  address: string;
  ssh: SshSettings;
  become: BecomeSettings;
  /** NIC that carries VRRP and receives VIPs (default eth0) */
  interface: string;
  vars: Record<string, unknown>;
  location: SourceLocation;
  /** prefix length of the host's subnet on `interface` (from `address: A/N`; default 24 / 64) */
  prefix?: number;
  /** where individual fields were written (key = field path, e.g. "address"), for precise lint findings */
  fieldLocations?: Record<string, SourceLocation>;
  /** the keepalived drop-in (defaults.systemd); absent = the built-in: after network-online, no Restart= */
  systemd?: { networkOnline: boolean; restartOnFailure: boolean };
  /** keepalived global_defs for this host: host keys over defaults keys (src/inventory/vrrp/global-defs.ts) */
  globalDefs?: GlobalDefs;
  static?: StaticSpec;
  /** keepalived package version install pins (`keepalived_version`); absent = whatever the package manager has */
  keepalivedVersion?: string;
}

/** Free keepalived keywords rendered verbatim (`extra:`), never script hooks or includes (lint EXT003). */
export type ExtraMap = Record<string, string | number | boolean | string[]>;

export interface GlobalDefs {
  /** plain keywords of GLOBAL_KEYWORDS (router_id, vrrp_garp_*, vrrp_version, max_auto_priority …) */
  keywords: Record<string, number | boolean | string | undefined>;
  notificationEmail?: string[];
  smtpServer?: string;
  smtpPort?: number;
  /** the user scripts run as (default root); the host prerequisites make sure it exists */
  scriptUser?: string;
  scriptGroup?: string;
  /** default: on whenever scripts are used */
  enableScriptSecurity?: boolean;
  dynamicInterfaces?: boolean | 'allow_if_changes';
  notify_fifo?: NotifyScript;
  notify_fifo_script?: NotifyScript;
  vrrp_notify_fifo?: NotifyScript;
  vrrp_notify_fifo_script?: NotifyScript;
  extra: ExtraMap;
  /** keyed by the global_defs field path (e.g. "vrrp_version", "extra.foo:key") */
  fieldLocations: Record<string, SourceLocation>;
}

export interface VipSpec {
  address: string; // without prefix
  prefix: number; // 32 / 128 default
  family: 4 | 6;
  dev?: string;
  label?: string;
  scope?: string;
  /** IPv4 broadcast, or + / - */
  brd?: string;
  noTrack?: boolean;
  /** virtual_ipaddress_excluded even when of the instance's family */
  excluded?: boolean;
}

/** A route of virtual_routes / static_routes (src/inventory/vrrp/addresses.ts). */
export interface RouteSpec {
  to: string;
  src?: string;
  via?: string;
  dev?: string;
  scope?: string;
  table?: number | string;
  metric?: number;
  type?: 'blackhole' | 'unreachable' | 'prohibit';
  noTrack?: boolean;
}

export interface RuleSpec {
  from?: string;
  to?: string;
  table: number | string;
  preference?: number;
  iif?: string;
  oif?: string;
  fwmark?: number;
  noTrack?: boolean;
}

/** static_ipaddress / static_routes / static_rules of one host. */
export interface StaticSpec {
  addresses: { address: string; dev: string; scope?: string; brd?: string; label?: string }[];
  routes: RouteSpec[];
  rules: RuleSpec[];
}

/** `method: 'AH'` is auth_type AH; the secret handling (reveal, masking) is the same as PASS. */
export type AuthSpec = { type: 'none' } | { type: 'PASS'; password: Secret; method?: 'AH' };

/** vrrp_instance options (src/inventory/vrrp/instance-options.ts). */
export interface InstanceOptions {
  /** INSTANCE_KEYWORDS values (version, unicast_ttl, strict_mode …) */
  keywords: Record<string, number | boolean | string | undefined>;
  /** GARP_KEYWORDS values, rendered garp_<key> */
  garp: Record<string, number | boolean | string | undefined>;
  accept?: boolean;
  /** true: vrrp.<VRID>; text: the interface name */
  useVmac?: boolean | string;
  vmacXmitBase?: boolean;
  useVmacAddr?: boolean;
  /** per member host: TTL limits of its unicast_peer entry */
  peerTtl: Record<string, { min?: number; max?: number }>;
}

export interface NotifyScript {
  /** absolute path on the host */
  path: string;
  /** when set, vipctl deploys this content to `path` (mode 0755) */
  content?: string;
  /** arguments keepalived passes to it (`notify_master "PATH ARG…"`) */
  args?: string[];
  /** run as this user / group (`notify_master PATH user group`); default: global script_user */
  user?: string;
  group?: string;
}

/** A tracked object's effect on the instance that references it (weight 0 / unset: FAULT on failure). */
export interface TrackWeight {
  weight?: number;
  reverse?: boolean;
}

export interface TrackScript extends TrackWeight {
  name: string;
  script: string;
  interval: number;
  timeout?: number;
  fall?: number;
  rise?: number;
  user?: string;
  group?: string;
  initFail?: boolean;
  extra?: ExtraMap;
}

export interface TrackInterface extends TrackWeight {
  name: string;
}

/** vrrp_track_process */
export interface TrackProcess extends TrackWeight {
  name: string;
  /** process name, optionally followed by parameters */
  process: string;
  paramMatch?: 'initial' | 'partial';
  quorum?: number;
  quorumMax?: number;
  delay?: number;
  forkDelay?: number;
  terminateDelay?: number;
  fullCommand?: boolean;
}

/** track_file */
export interface TrackFile extends TrackWeight {
  name: string;
  file: string;
  /** create the file at startup: true (value 0) or this value */
  initFile?: number | true;
  overwrite?: boolean;
}

/** Everything one instance or sync group tracks (src/inventory/vrrp/tracking.ts). */
export interface Tracking {
  interfaces: TrackInterface[];
  scripts: TrackScript[];
  processes: TrackProcess[];
  files: TrackFile[];
}

export interface ClusterMember {
  host: string; // HostSpec.name
  priority: number;
  /** derived: MASTER for the highest priority unless set */
  state: 'MASTER' | 'BACKUP';
  /** interface for this member (member > host > cluster > defaults) */
  interface: string;
  /** member-level overrides (lint insists they equal the other members'; render uses them) */
  advertInt?: number;
  auth?: AuthSpec;
  location?: SourceLocation;
  fieldLocations?: Record<string, SourceLocation>;
}

export interface ClusterSpec {
  name: string;
  /** vrrp_instance name used in the config (default VI_<name sanitized>) */
  instanceName: string;
  virtualRouterId: number;
  vips: VipSpec[];
  advertInt: number;
  auth: AuthSpec;
  members: ClusterMember[];
  preempt: boolean; // false = nopreempt
  preemptDelay?: number;
  unicast: boolean; // unicast_src_ip from the member, unicast_peer from the other members
  /** names of tracking.interfaces */
  trackInterfaces: string[];
  /** = tracking.scripts */
  trackScripts: TrackScript[];
  tracking: Tracking;
  options: InstanceOptions;
  /** virtual_routes / virtual_rules */
  routes: RouteSpec[];
  rules: RuleSpec[];
  notify: Partial<Record<NotifyKind, NotifyScript>>;
  garp: { masterDelay?: number; masterRepeat?: number; masterRefresh?: number };
  /** admit VRRP from the members in each member's firewall (configure's firewall.vrrp) */
  firewall?: boolean;
  /** set net.ipv4/ipv6.ip_nonlocal_bind on the members for the families of the VIPs */
  nonlocalBind?: boolean;
  /** LVS side: virtual_server blocks on this cluster's VIPs (src/inventory/lvs/) */
  virtualServers?: RawVirtualServer[];
  /** virtual_server_group blocks, by name */
  virtualServerGroups?: Record<string, RawGroupEntry[]>;
  /** free keepalived keywords for the vrrp_instance block, rendered verbatim (key value) */
  extra: Record<string, string | number | boolean | string[]>;
  location: SourceLocation;
  /** where individual fields were written (e.g. "virtual_router_id", "vips.0"), for precise lint findings */
  fieldLocations?: Record<string, SourceLocation>;
}

/** vrrp_sync_group: clusters that fail over together (src/inventory/vrrp/sync-group.ts). */
export interface SyncGroupSpec {
  name: string;
  /** cluster names */
  clusters: string[];
  notify: Partial<Record<NotifyKind, NotifyScript>>;
  tracking: Tracking;
  smtpAlert?: boolean;
  notifyPriorityChanges?: boolean;
  /** sync_group_tracking_weight: keep member instances' weights */
  trackingWeight?: boolean;
  extra: ExtraMap;
  location: SourceLocation;
  fieldLocations?: Record<string, SourceLocation>;
}

/** Inventory notify keys: keepalived notify_<kind>; `any` is the generic `notify`. */
export type NotifyKind = 'master' | 'backup' | 'fault' | 'stop' | 'master_rx_lower_pri' | 'any';

export interface Inventory {
  files: string[];
  hosts: HostSpec[];
  clusters: ClusterSpec[];
  /** top-level sync_groups */
  syncGroups?: SyncGroupSpec[];
  /** directory holding keepalived.conf.hbs (default: the project's templates/) */
  templateDir?: string;
}
