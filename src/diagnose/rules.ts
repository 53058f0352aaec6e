// The knowledge base: one entry per known failure, as data. Log wordings are marked with the keepalived version
// that prints them and whether the wording was recorded from a real run (test/fixtures/diagnose/recorded/) or
// only known from the runbook / documentation (`verified: false`). Fact checks are named; fact-checks.ts does them.

export type Severity = 'error' | 'warning';

export interface LogPattern {
  pattern: RegExp;
  keepalived: '1.x' | '2.x' | '1.x+2.x';
  /** true: recorded from real keepalived 2.2.7 (fixture named in `recorded`); false: runbook/doc wording only */
  verified: boolean;
  recorded?: string;
  /**
   * other versions this wording was recorded on, from source builds run on the lab
   * (test/fixtures/diagnose/versions/<version>/, test/e2e/diagnose-versions.test.ts)
   */
  verifiedOn?: readonly string[];
}

/** The versions a wording was recorded on: Debian 12's 2.2.7 when `verified`, and `verifiedOn`. */
export function recordedOn(p: LogPattern): string[] {
  return [...(p.verified ? ['2.2.7'] : []), ...(p.verifiedOn ?? [])];
}

/** "Keepalived v2.1.5 (07/13,2020)" → "2.1.5" (keepalived --version's first line). */
export function keepalivedVersion(text: string | undefined): string | undefined {
  return /\bv?(\d+\.\d+\.\d+)\b/.exec(text ?? '')?.[1];
}

/**
 * A wording is verified for a host when it was recorded on the keepalived version that host runs; for a host
 * whose version is unknown, when it was recorded on any version.
 */
export function wordingVerified(p: LogPattern, version: string | undefined): boolean {
  const on = recordedOn(p);
  return version === undefined ? on.length > 0 : on.includes(version);
}

export type FactCheckId =
  | 'interface-missing'
  | 'interface-down'
  | 'vrrp-blocked-firewall'
  | 'split-brain'
  | 'stale-vip'
  | 'service-down'
  | 'multicast-not-joined'
  | 'rp-filter-strict'
  | 'members-differ'
  | 'inventory-drift'
  | 'equal-priorities'
  | 'unicast-peer-wrong'
  | 'vrid-clash-capture'
  | 'flapping'
  | 'config-test-failed'
  | 'not-installed'
  | 'not-configured'
  | 'vip-wrong-interface'
  | 'vip-wrong-prefix'
  | 'vip-foreign-host'
  | 'vip-missing'
  | 'vrid-reused'
  | 'vrid-mismatch'
  | 'fault-held'
  | 'master-blink';

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  /** when keepalived prints it: while reading its config (each start/reload) or while running; documentation */
  phase?: 'config' | 'runtime';
  log?: LogPattern[];
  check?: FactCheckId;
  /** more specific rules: when one of them fires on the same host, this rule's evidence is folded into it */
  explainedBy?: string[];
  /** one sentence; {name} placeholders are filled from what matched */
  cause: string;
  /** concrete commands or config lines */
  fix: string[];
  /** a catch-all family: it takes only lines that no specific rule's wording matches */
  general?: boolean;
  /** 'each': per host; 'cluster': a comparison across the members */
  scope: 'each' | 'cluster';
}

const REC = 'test/fixtures/diagnose/recorded/';

export const RULES: readonly Rule[] = [
  {
    id: 'vrid-invalid',
    title: 'virtual_router_id missing or out of range',
    severity: 'error',
    phase: 'config',
    log: [
      { pattern: /VRRP Error : VRID not valid !/, keepalived: '1.x', verified: false },
      { pattern: /must be between 1 & 255\. reconfigure !/, keepalived: '1.x', verified: false },
      { pattern: /the virtual id must be set!/, keepalived: '1.x', verified: false },
      {
        pattern: /VRID '\d+' not valid - must be between 1 & 255/,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}config-test/invalid-vrid.txt`,
      },
      {
        pattern: /the virtual router id must be set/,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}config-test/missing-vrid.txt`,
      },
    ],
    cause: 'virtual_router_id is missing or outside 1–255, so keepalived rejects the vrrp_instance.',
    fix: [
      'set `virtual_router_id N` (1–255) in the vrrp_instance, the same N on every member of the cluster',
      'keepalived -t -f /etc/keepalived/keepalived.conf && systemctl restart keepalived',
    ],
    scope: 'each',
  },
  {
    id: 'config-permanent-error',
    title: 'keepalived stopped: the VRRP process rejected the configuration',
    severity: 'error',
    phase: 'config',
    log: [
      {
        pattern: /exited with permanent error CONFIG\. Terminating/,
        keepalived: '1.x+2.x',
        verified: true,
        recorded: `${REC}console/missing-vrid.log`,
      },
    ],
    cause:
      'the VRRP child exited with a permanent CONFIG error and keepalived terminated: this host runs no VRRP at all.',
    fix: [
      'keepalived -t -f /etc/keepalived/keepalived.conf   # shows each rejected line',
      'fix the lines it names, then: systemctl restart keepalived',
    ],
    scope: 'each',
  },
  {
    id: 'auth-pass-truncated',
    title: 'auth_pass longer than 8 characters (truncated)',
    severity: 'warning',
    phase: 'config',
    log: [
      {
        pattern: /Truncating auth_pass to 8 characters/,
        keepalived: '1.x+2.x',
        verified: true,
        recorded: `${REC}config-test/long-auth-pass.txt`,
      },
    ],
    cause:
      'auth_pass is longer than 8 characters; keepalived uses only the first 8, and members truncating differently stop understanding each other.',
    fix: [
      'use an auth_pass of at most 8 characters, identical on all members',
      'systemctl reload keepalived',
    ],
    scope: 'each',
  },
  {
    id: 'ipset-missing',
    title: 'ipset library not installed',
    severity: 'warning',
    phase: 'config',
    log: [
      { pattern: /Unable to load ipset library/, keepalived: '1.x+2.x', verified: false },
      { pattern: /Unable to initialise ipsets/, keepalived: '1.x+2.x', verified: false },
    ],
    cause: 'keepalived was built with ipset support but the ipset library is not installed.',
    fix: ['apt-get install -y ipset   # or: dnf install -y ipset', 'systemctl restart keepalived'],
    scope: 'each',
  },
  {
    id: 'auth-type-mismatch',
    title: 'authentication type differs between members',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern:
          /Received AH header but auth type not AH|No AH header but auth type is AH|IPSEC-AH : invalid/,
        keepalived: '2.x',
        verified: false,
      },
      {
        pattern: /received a \d auth(?: from \S+)?, expecting \d!/,
        keepalived: '1.x+2.x',
        verified: true,
        recorded: `${REC}pairs/authtype-h1.log`,
      },
    ],
    cause:
      'one member sends adverts without authentication (or another type) while this one expects another: the adverts are dropped.',
    fix: [
      'make the `authentication { auth_type PASS; auth_pass … }` block identical on all members (or remove it on all)',
      'systemctl reload keepalived   # on each changed member',
    ],
    scope: 'each',
  },
  {
    id: 'auth-password-mismatch',
    title: 'auth_pass differs between members',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern: /received an invalid passwd(?: from \S+)?!/,
        keepalived: '1.x+2.x',
        verified: true,
        verifiedOn: ['1.3.5', '2.1.5', '2.3.3'],
        recorded: `${REC}pairs/authpw-h1.log`,
      },
    ],
    cause:
      'the adverts carry another auth_pass than this member’s: they are dropped and both members may become MASTER.',
    fix: [
      'set the same auth_pass (≤ 8 characters) on all members',
      'systemctl reload keepalived   # on each changed member',
    ],
    scope: 'each',
  },
  {
    id: 'advert-int-mismatch',
    title: 'advert_int differs between members',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern: /advertisement interval mismatch/,
        keepalived: '1.x+2.x',
        verified: true,
        recorded: `${REC}pairs/advert-h2.log`,
      },
    ],
    cause: 'members use different advert_int values; adverts with another interval are dropped.',
    fix: ['set the same `advert_int` on all members', 'systemctl reload keepalived'],
    scope: 'each',
  },
  {
    id: 'vrrp-version-mismatch',
    title: 'VRRP version differs between members',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern: /wrong (?:VRRP )?version(?: from \S+)?\. Received \d and expect \d/,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}pairs/version-h1.log`,
      },
    ],
    cause: 'members speak different VRRP versions (vrrp_version 2 vs 3): adverts are dropped.',
    fix: [
      'set the same `vrrp_version` in global_defs (or `version` in the instance) on all members',
      'systemctl restart keepalived',
    ],
    scope: 'each',
  },
  {
    id: 'vrid-clash',
    title: 'another VRRP router uses the same VRID with other VIPs',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern: /received an unexpected ip number count \d+, expected \d+!/,
        keepalived: '2.x',
        verified: true,
        recorded: 'test/fixtures/diagnose/catalogue/rig-no-vip/lb-host-1.log',
      },
      {
        pattern:
          /received an unexpected ip number count \d+, expected \d+!|expected \d+ VIPs but received \d+/,
        keepalived: '2.x',
        verified: false,
      },
      {
        pattern: /ip address associated with VRID \d+ not present in (?:MASTER advert|advert from \S+)/,
        keepalived: '1.x+2.x',
        verified: true,
        verifiedOn: ['1.3.5', '2.1.5', '2.3.3'],
        recorded: `${REC}pairs/clash-h1.log`,
      },
      {
        pattern: /ip address associated with VRID not present in received packet/,
        keepalived: '1.x',
        verified: false,
      },
    ],
    check: 'vrid-clash-capture',
    cause:
      'adverts for this VRID carry other VIPs: another cluster on the segment uses the same virtual_router_id (or members list different VIPs), so VIPs are hijacked and states flap.',
    fix: [
      'give every cluster on the L2 segment its own virtual_router_id (e.g. 51 load balancers, 52 databases)',
      'find the other sender: tcpdump -nn -v -i IF proto 112 | grep "vrid N"',
    ],
    scope: 'each',
  },
  {
    id: 'bogus-packets',
    title: 'VRRP packets dropped as bogus',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern:
          /Invalid packet type(?: from \S+)?\. \d+ and expect \d+|Invalid VRRPv[23] checksum|ip_tot_len mismatch against received length|vrrp packet (?:from \S+ )?too (?:short|long)|packet too short - \d+ bytes|Invalid auth type(?: from \S+)?: \d+|Checksum ERROR (?:from|to) /,
        keepalived: '2.x',
        verified: false,
      },
      {
        pattern: /bogus VRRP packet received on \S+ !!!/,
        keepalived: '1.x',
        verified: false,
        verifiedOn: ['1.3.5'],
      },
      { pattern: /Dropping received VRRP packet/, keepalived: '1.x', verified: false },
    ],
    explainedBy: [
      'auth-type-mismatch',
      'auth-password-mismatch',
      'advert-int-mismatch',
      'vrrp-version-mismatch',
      'vrid-clash',
    ],
    cause:
      'this host receives adverts that do not match its instance: another VRID configuration, another cluster, or an authentication mismatch.',
    fix: [
      'compare virtual_router_id and authentication on all members',
      'find the senders: tcpdump -nn -v -i IF proto 112',
    ],
    scope: 'each',
  },
  {
    id: 'unicast-multicast-mismatch',
    title: 'members disagree on unicast or multicast',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern:
          /Expected \w*icast packet but received \w*icast packet|discarding \w*icast packet on \w*icast instance/,
        keepalived: '2.x',
        verified: false,
      },
    ],
    cause:
      'one member sends unicast adverts (unicast_peer) and another multicast: each drops the other’s adverts and both may become MASTER.',
    fix: [
      'use unicast_peer { … } on every member of the cluster, or on none',
      'systemctl reload keepalived   # on each changed member',
    ],
    scope: 'each',
  },
  {
    id: 'ttl-invalid',
    title: 'adverts arrive with the wrong TTL (not from this segment)',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern:
          /invalid TTL\/HL(?: from \S+)?\. Received \d+ and expect \d+|TTL\/HL \d+ (?:from \S+ )?not in range/,
        keepalived: '2.x',
        verified: false,
      },
    ],
    cause:
      'adverts reach this host through a router or a NAT/proxy (their TTL is not 255): VRRP peers must share one L2 segment, so keepalived drops them.',
    fix: [
      'put the members on one L2 segment, or use unicast_peer with `check_unicast_src` off and `unicast_ttl` if routed',
      'tcpdump -nn -v -i IF proto 112   # the ttl of the arriving adverts',
    ],
    scope: 'each',
  },
  {
    id: 'advert-send-failed',
    title: 'keepalived cannot send adverts',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern: /send advert error \d+ \(/,
        keepalived: '2.x',
        verified: true,
        recorded: 'test/fixtures/diagnose/catalogue/firewall-drop-output/lb-host-1.log',
      },
      { pattern: /Cannot find an IP address to use for interface \S+/, keepalived: '2.x', verified: false },
      {
        pattern:
          /Cant send advert to \S+|send advert error \d+|cant do IP\w*_ADD_MEMBERSHIP|bind (for multicast|unicast_src \S+) failed/,
        keepalived: '2.x',
        verified: false,
      },
    ],
    cause:
      'sending adverts (or joining the VRRP multicast group) fails on this host: the others do not hear it and take the VIP.',
    fix: [
      'ip -o addr show dev IF   # the interface needs an IPv4 address (and unicast_src_ip must be one of it)',
      'check local firewall OUTPUT rules for protocol 112; journalctl -u keepalived shows the errno',
    ],
    scope: 'each',
  },
  {
    id: 'own-address-conflict',
    title: 'another host sends adverts with this host’s IP address',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern:
          /equal priority advert received from remote host with our IP address|both configured as address owner/,
        keepalived: '2.x',
        verified: false,
      },
    ],
    cause:
      'another host uses this host’s IP address (a cloned VM, a duplicate address) or claims the same address ownership (priority 255).',
    fix: [
      'arping -D -I IF OWN_ADDRESS   # find the duplicate',
      'give each member its own address; only one member may have priority 255',
    ],
    scope: 'each',
  },
  {
    id: 'config-value-rejected',
    title: 'keepalived runs, but not as configured: a setting was ignored, cleared or replaced',
    severity: 'warning',
    phase: 'config',
    general: true,
    // "number '300' outside range [1, 255]" is how keepalived rejects the VRID: the VRID finding says it all
    explainedBy: ['vrid-invalid'],
    log: [
      {
        pattern: /invalid number '/,
        keepalived: '2.x',
        verified: true,
        recorded: 'test/fixtures/diagnose/catalogue/advert-int-invalid/config-test-lb-host-2.txt',
      },
      {
        pattern: /number '[^']*' outside range/,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}config-test/invalid-vrid.txt`,
      },
      {
        // (not keepalived 1.x's start-up lookup of its default script user: benign.ts)
        pattern:
          /^(?!Unable to resolve default script username).*?(?:invalid number '|not a valid (number|integer)|invalid value|[-,.] *(?:ignoring|resetting|clearing|disabling|removing|rounding)\b|[Ii]gnoring\.*$|skipping (?:IP|[a-z ]+)\.*$|\. Ignoring\b|Setting to [-+\d.]+s?$|setting (?:weight 0|version 3)|[Dd]efaulting to|changing to \S+\.?$|excess moved to eVIPs|using \S+$|will use if created|not found, ignoring|doesn't exist|No VIP specified|Unknown (?:state|interface)|is incompatible with|is deprecated|does not support|requires? (?:no |a |higher))/,
        keepalived: '2.x',
        verified: false,
      },
    ],
    cause:
      'keepalived accepted the file but did not apply a setting as written (out of range, not a number, incompatible with another setting, unknown name): it runs with a default or a changed value instead. The line says which setting and what it did.',
    fix: [
      'keepalived -t -f /etc/keepalived/keepalived.conf   # names the line',
      'correct the setting as the message says, then systemctl reload keepalived',
    ],
    scope: 'each',
  },
  {
    id: 'vrid-duplicate-local',
    title: 'two instances on this host use one VRID on one interface',
    severity: 'error',
    phase: 'config',
    log: [
      {
        pattern: /\S+ and \S+ both use VRID \d+ with IPv\d on interface \S+/,
        keepalived: '2.x',
        verified: true,
        recorded: 'test/fixtures/diagnose/catalogue/rig-two-instances-one-vrid/config-test-lb-host-2.txt',
      },
      {
        pattern:
          /\S+ and \S+ both use VRID \d+ with IPv\d on interface \S+|duplicate VRID conflict with|VRID \d+ for IPv\d is currently duplicated/,
        keepalived: '2.x',
        verified: false,
      },
    ],
    cause:
      'two vrrp_instances of this host use the same virtual_router_id on the same interface: keepalived cannot tell their adverts apart.',
    fix: [
      'give each vrrp_instance on an interface its own virtual_router_id',
      'systemctl restart keepalived',
    ],
    scope: 'each',
  },
  {
    id: 'vrid-reused',
    title: 'two clusters use one VRID on one segment',
    severity: 'error',
    check: 'vrid-reused',
    cause:
      'VRID {vrid} is used by {first} and by {second} on the same segment: each takes the other’s adverts for its own, so VIPs are hijacked and states flap.',
    fix: [
      'give one of the clusters another virtual_router_id (unique per L2 segment), then restart keepalived on its members',
    ],
    scope: 'cluster',
  },
  {
    id: 'vrid-mismatch',
    title: 'one VIP under two VRIDs: the members are two clusters',
    severity: 'error',
    check: 'vrid-mismatch',
    cause:
      'VIP {vip} is configured with {first} and with {second}: keepalived sees two clusters, each elects its own master, and each master holds the VIP.',
    fix: [
      'set the same virtual_router_id on every member that serves {vip}',
      'systemctl restart keepalived   # on the changed members',
    ],
    scope: 'cluster',
  },
  {
    id: 'vip-removed',
    title: 'a VIP was removed from the master behind keepalived’s back',
    severity: 'warning',
    phase: 'runtime',
    log: [
      {
        pattern: /Netlink reflector reports IP \S+ removed from \S+/,
        keepalived: '2.x',
        verified: true,
        recorded: 'test/fixtures/diagnose/catalogue/rig-vip-removed-by-hand/lb-host-1.log',
      },
    ],
    check: 'master-blink',
    cause:
      'the master gave up MASTER and took it back at once with no reason logged — what keepalived does when an address it manages is deleted by something else (ip addr del, a network script, NetworkManager, cloud-init): the VIP blinks.',
    fix: [
      'find what removes addresses on this host (networkd/NetworkManager config, DHCP client, scripts) and exclude the VIP',
      'journalctl --since "10 min ago" | grep -i "address"   # around the time in the evidence',
    ],
    scope: 'each',
  },
  {
    id: 'vip-wrong-interface',
    title: 'a VIP is held on another interface than configured',
    severity: 'error',
    check: 'vip-wrong-interface',
    cause:
      'VIP {vip} is on {held} but the config puts it on {interface}: added by hand or left by an older config; ARP answers come from the wrong link.',
    fix: [
      'ip addr del {vip}/32 dev {held}   # use the prefix shown in the evidence',
      'systemctl restart keepalived',
    ],
    scope: 'each',
  },
  {
    id: 'vip-wrong-prefix',
    title: 'a VIP is held with another prefix than configured',
    severity: 'warning',
    check: 'vip-wrong-prefix',
    cause:
      'VIP {vip} is held as {held} but the config says {want}: someone added it by hand, or keepalived runs an older config; routes and the primary/secondary choice differ from intent.',
    fix: [
      'systemctl reload keepalived   # keepalived sets the configured prefix',
      'if it stays: ip addr del {vip}{held} dev IF',
    ],
    scope: 'each',
  },
  {
    id: 'vip-foreign-host',
    title: 'a VIP is held by a host outside its cluster',
    severity: 'error',
    check: 'vip-foreign-host',
    cause:
      'VIP {vip} of {cluster} is on this host, whose keepalived config does not claim it: traffic for the VIP may go here (added by hand, a leftover, or a copied config).',
    fix: ['ip addr del {vip}/32 dev IF   # on this host, with the prefix shown in the evidence'],
    scope: 'each',
  },
  {
    id: 'vip-missing',
    title: 'no host holds the VIP',
    severity: 'error',
    check: 'vip-missing',
    explainedBy: [
      'service-down',
      'fault-state',
      'interface-missing',
      'interface-down',
      'config-permanent-error',
      'vrid-invalid',
      'not-configured',
    ],
    cause: 'no member of {cluster} holds {vip}: the service address is down although keepalived runs.',
    fix: [
      'journalctl -u keepalived -n 50 --no-pager   # on each member: why no one became MASTER',
      'the other findings name the cause; a member in FAULT or BACKUP everywhere means no one may take the VIP',
    ],
    scope: 'cluster',
  },
  {
    id: 'interface-missing',
    title: 'the configured interface does not exist',
    severity: 'error',
    phase: 'config',
    log: [
      {
        pattern: /WARNING - interface \S+ for vrrp_instance \S+ doesn't exist/,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}config-test/bad-interface.txt`,
      },
      {
        pattern: /Non-existent interface specified in configuration/,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}console/bad-interface.log`,
      },
    ],
    check: 'interface-missing',
    cause: 'the vrrp_instance names interface {interface}, which this host does not have.',
    fix: [
      'ip -o link   # list the real interface names',
      'set `interface <real name>` in the vrrp_instance (inventory: interface), then configure again',
    ],
    scope: 'each',
  },
  {
    id: 'interface-down',
    title: 'the VRRP interface is down',
    severity: 'error',
    log: [
      {
        pattern: /Netlink reports \S+ down$/,
        keepalived: '2.x',
        verified: true,
        recorded: 'test/fixtures/diagnose/catalogue/rig-interface-down/lb-host-2.log',
      },
      {
        pattern:
          /\(\S+\) interface \S+ is down$|entering FAULT state \(interface \S+ down\)|Kernel is reporting: interface \S+ DOWN/,
        keepalived: '2.x',
        verified: false,
      },
    ],
    check: 'interface-down',
    cause: 'interface {interface} exists but is not up: no adverts are sent or received.',
    fix: ['ip link set dev {interface} up   # and find out why it went down (cable, switch port, driver)'],
    scope: 'each',
  },
  {
    id: 'unknown-keyword',
    title: 'keepalived.conf contains keywords keepalived ignores',
    severity: 'warning',
    phase: 'config',
    log: [
      {
        pattern: /Unknown keyword '[^']*'/,
        keepalived: '1.x+2.x',
        verified: true,
        verifiedOn: ['1.3.5', '2.1.5', '2.3.3'],
        recorded: `${REC}config-test/unknown-keyword.txt`,
      },
    ],
    cause:
      'keepalived ignores a keyword it does not know (a typo or a keyword of another version): that setting is not in effect.',
    fix: [
      'keepalived -t -f /etc/keepalived/keepalived.conf   # names the line',
      'correct or remove the keyword, then systemctl reload keepalived',
    ],
    scope: 'each',
  },
  {
    id: 'script-security',
    title: 'scripts configured without script security',
    severity: 'warning',
    phase: 'config',
    log: [
      {
        pattern: /Disabling track script \S+ due to insecure|unsafe permissions/,
        keepalived: '2.x',
        verified: false,
        verifiedOn: ['2.3.3'],
      },
      {
        pattern: /SECURITY VIOLATION - scripts are being executed but script_security not enabled/,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}console/script-security.log`,
      },
      {
        pattern: /Script user '[^']*' does not exist/,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}console/notify-missing.log`,
      },
    ],
    cause:
      'notify or track scripts are configured but global_defs lacks enable_script_security / an existing script_user.',
    fix: [
      'global_defs {\n    script_user root\n    enable_script_security\n}',
      'systemctl reload keepalived',
    ],
    scope: 'each',
  },
  {
    id: 'notify-script-unusable',
    title: 'a notify script is missing or not executable',
    severity: 'warning',
    phase: 'config',
    log: [
      {
        pattern:
          /Disabling track script \S+ since not found\/accessible|Disabling notify script \S+ since not found/,
        keepalived: '2.x',
        verified: false,
      },
      {
        pattern: /Script \S+ cannot be accessed/,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}console/notify-missing.log`,
      },
      {
        pattern: /WARNING - script '[^']*' is not executable/,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}console/notify-noexec.log`,
      },
    ],
    cause:
      'a notify script named in the config is missing or not executable: keepalived disables it, so state changes go unnoticed.',
    fix: [
      'install the script at the configured path and chmod 0755 it (vipctl configure deploys inventory notify scripts)',
      'systemctl reload keepalived',
    ],
    scope: 'each',
  },
  {
    id: 'fault-state',
    title: 'the instance is in FAULT state',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern: /entering FAULT state \(src address not configured\)/,
        keepalived: '2.x',
        verified: true,
        recorded: 'test/fixtures/diagnose/catalogue/rig-unicast-src-not-local/lb-host-2.log',
      },
      {
        pattern: /[Ee]ntering FAULT state \(|entering FAULT state due to script|entering FAULT state$/,
        keepalived: '2.x',
        verified: false,
      },
      {
        pattern: /Cannot use unicast without any peers - going to fault state/,
        keepalived: '2.x',
        verified: false,
      },
      {
        // keepalived 1.x, when a tracked script fails at start (no "Entering" line then)
        pattern: /VRRP_Instance\([^)]*\) Now in FAULT state/,
        keepalived: '1.x',
        verified: false,
        verifiedOn: ['1.3.5'],
        recorded: 'test/fixtures/diagnose/versions/1.3.5/track-script-fails/lb-host-1.log',
      },
      {
        pattern: /Entering FAULT STATE/,
        keepalived: '1.x+2.x',
        verified: true,
        verifiedOn: ['2.1.5'],
        recorded: `${REC}pairs/fault-h1.log`,
      },
    ],
    check: 'fault-held',
    cause:
      'the instance entered FAULT: a tracked script or interface reports failure, so this host gives up the VIP and will not take it.',
    fix: [
      'look at the track_script / track_interface lines in the evidence; run the script by hand to see why it fails',
      'the instance leaves FAULT by itself once the check succeeds again',
    ],
    scope: 'each',
  },
  {
    id: 'track-script-failed',
    title: 'a track script fails',
    severity: 'warning',
    phase: 'runtime',
    log: [
      {
        pattern: /VRRP_Script\([^)]*\) timed_out/,
        keepalived: '2.x',
        verified: true,
        recorded: 'test/fixtures/diagnose/catalogue/rig-track-script-timeout/lb-host-1.log',
      },
      {
        pattern: /Script `[^`]*` now returning [1-9]\d*/,
        keepalived: '2.x',
        verified: true,
        verifiedOn: ['2.1.5', '2.3.3'],
        recorded: `${REC}pairs/fault-h1.log`,
      },
      {
        pattern: /\S+ script failed, status \d+|VRRP_Script\([^)]*\) timed out|\S+ timed out$/,
        keepalived: '2.x',
        verified: false,
      },
      {
        pattern: /VRRP_Script\([^)]*\) failed/,
        keepalived: '1.x+2.x',
        verified: true,
        verifiedOn: ['2.1.5', '2.3.3'],
        recorded: `${REC}pairs/fault-h1.log`,
      },
    ],
    explainedBy: ['fault-state'],
    cause:
      'a vrrp_script reports failure; with a weight it lowers this host’s priority, without one it puts the instance in FAULT.',
    fix: ['run the script by hand on the host and fix what it checks'],
    scope: 'each',
  },
  {
    id: 'vrrp-blocked-firewall',
    title: 'the firewall drops VRRP',
    severity: 'error',
    check: 'vrrp-blocked-firewall',
    cause:
      'a firewall rule drops IP protocol 112 (VRRP): this host does not hear the master and takes the VIP too.',
    fix: [
      'iptables -I INPUT -p vrrp -j ACCEPT   # or in nftables: ip protocol vrrp accept',
      'make the rule permanent in your firewall configuration',
    ],
    scope: 'each',
  },
  {
    id: 'split-brain',
    title: 'split brain: the VIP is on more than one host',
    severity: 'error',
    check: 'split-brain',
    cause:
      'VIP {vip} is held by {holders} at once: the members do not take each other’s adverts — dropped on the way (firewall, multicast filtering, different segments) or rejected on arrival (an auth, advert_int or version mismatch: see the other findings).',
    fix: [
      'allow VRRP: iptables -I INPUT -p vrrp -j ACCEPT',
      'check the switch passes multicast 224.0.0.18 and rp_filter (sysctl net.ipv4.conf.all.rp_filter)',
      'tcpdump -nn -v -i IF proto 112 on each member: every member must see the master’s adverts',
    ],
    scope: 'cluster',
  },
  {
    id: 'stale-vip',
    title: 'stale VIP on a host without keepalived',
    severity: 'error',
    check: 'stale-vip',
    cause:
      'VIP {vip} is still on {interface} although keepalived is not running here (e.g. it was killed): traffic may go to the wrong host.',
    fix: ['ip addr del {vip}/32 dev {interface}', 'then start keepalived again: systemctl start keepalived'],
    scope: 'each',
  },
  {
    id: 'service-down',
    title: 'keepalived is not running',
    severity: 'error',
    check: 'service-down',
    explainedBy: ['config-permanent-error', 'vrid-invalid', 'interface-missing'],
    cause: 'keepalived is configured on this host but its VRRP process is not running.',
    fix: ['systemctl start keepalived && journalctl -u keepalived -n 50 --no-pager'],
    scope: 'each',
  },
  {
    id: 'multicast-not-joined',
    title: 'not joined to the VRRP multicast group',
    severity: 'warning',
    check: 'multicast-not-joined',
    cause:
      'keepalived runs in multicast mode but {interface} is not a member of 224.0.0.18: adverts from the others are not received.',
    fix: [
      'ip maddr show dev {interface}   # must list inet 224.0.0.18',
      'restart keepalived; check IGMP snooping on the switch',
    ],
    scope: 'each',
  },
  {
    id: 'rp-filter-strict',
    title: 'strict reverse-path filtering where adverts are missed',
    severity: 'warning',
    check: 'rp-filter-strict',
    cause:
      'rp_filter is strict ({rp_filter}) on a host that misses the other members’ adverts; strict filtering drops packets arriving on an unexpected interface.',
    fix: [
      'sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.{interface}.rp_filter=2   # loose mode',
      'persist it in /etc/sysctl.d/',
    ],
    scope: 'each',
  },
  {
    id: 'members-differ',
    title: 'cluster members disagree on settings that must match',
    severity: 'error',
    check: 'members-differ',
    cause: 'members of one cluster differ in {fields}; everything except state and priority must match.',
    fix: ['make these settings identical on all members (vipctl configure renders them from one inventory)'],
    scope: 'cluster',
  },
  {
    id: 'inventory-drift',
    title: 'the host’s config differs from the inventory',
    severity: 'warning',
    check: 'inventory-drift',
    cause:
      'the running keepalived.conf differs from the inventory in {fields}: someone changed the host by hand or configure was not run.',
    fix: [
      'vipctl configure -i INVENTORY --limit HOST --check --diff   # see the difference',
      'vipctl configure -i INVENTORY --limit HOST',
    ],
    scope: 'each',
  },
  {
    id: 'equal-priorities',
    title: 'members have equal priorities',
    severity: 'warning',
    check: 'equal-priorities',
    cause: 'members {holders} share priority {priority}: the master is decided by IP address, not by intent.',
    fix: ['give each member a distinct priority (master highest, e.g. 100 / 90)'],
    scope: 'cluster',
  },
  {
    id: 'unicast-peer-wrong',
    title: 'unicast_peer does not list the other members',
    severity: 'error',
    log: [{ pattern: /unicast source address \S+ not a unicast peer/, keepalived: '2.x', verified: false }],
    check: 'unicast-peer-wrong',
    cause: 'unicast_peer lists {peers} but the other members are {expected}: adverts go nowhere useful.',
    fix: [
      'list every other member’s address in unicast_peer { … } (and this host’s address in unicast_src_ip)',
    ],
    scope: 'each',
  },
  {
    id: 'flapping',
    title: 'state flapping',
    severity: 'warning',
    check: 'flapping',
    cause:
      '{count} state transitions within {window}: the instance keeps changing role (lost adverts, VRID clash, failing check).',
    fix: ['look at the other findings for the cause; tcpdump -nn -v -i IF proto 112 shows who sends adverts'],
    scope: 'each',
  },
  {
    id: 'not-installed',
    title: 'keepalived is not installed',
    severity: 'error',
    check: 'not-installed',
    cause: 'the inventory puts this host in a cluster but keepalived is not installed on it.',
    fix: ['vipctl install -i INVENTORY --limit HOST', 'vipctl configure -i INVENTORY --limit HOST'],
    scope: 'each',
  },
  {
    id: 'not-configured',
    title: 'keepalived has no configuration',
    severity: 'error',
    check: 'not-configured',
    cause:
      'keepalived is installed but /etc/keepalived/keepalived.conf is missing or empty: this host runs no VRRP.',
    fix: ['vipctl configure -i INVENTORY --limit HOST'],
    scope: 'each',
  },
  {
    id: 'config-test-failed',
    title: 'keepalived -t rejects the current configuration',
    severity: 'error',
    check: 'config-test-failed',
    cause:
      'keepalived -t reports problems with the current /etc/keepalived/keepalived.conf: the next restart will fail or ignore settings.',
    fix: ['keepalived -t -f /etc/keepalived/keepalived.conf   # fix each line it names'],
    scope: 'each',
  },
  // LVS side (docs/lvs.md), recorded from 2.2.7 on a kernel without IPVS (test/fixtures/diagnose/recorded/lvs/).
  {
    id: 'ipvs-unavailable',
    title: 'keepalived stopped: virtual servers on a kernel without IPVS',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern: /IPVS: Can't initialize ipvs: /,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}lvs/no-ipvs.log`,
      },
    ],
    cause:
      'the health-check process could not open IPVS: the kernel has no ip_vs. keepalived 2.2.7 then exits altogether, VRRP included, so this host holds no VIP.',
    fix: [
      'modprobe ip_vs && ls /proc/net/ip_vs   # a kernel with IPVS (not possible in some containers)',
      'or take virtual_servers off the clusters of this host, then: vipctl configure -i INVENTORY --limit HOST',
    ],
    scope: 'each',
  },
  {
    id: 'checker-permanent-error',
    title: 'keepalived stopped: a child process exited with a permanent error',
    severity: 'error',
    phase: 'runtime',
    log: [
      {
        pattern: /exited with permanent error FATAL\. Terminating/,
        keepalived: '2.x',
        verified: true,
        recorded: `${REC}lvs/no-ipvs.log`,
      },
    ],
    explainedBy: ['ipvs-unavailable'],
    cause:
      'a keepalived child (health checks or VRRP) exited with a FATAL error and keepalived terminated: this host runs no VRRP at all.',
    fix: ['journalctl -u keepalived -b   # the line before this one names what failed'],
    scope: 'each',
  },
  // Checker wordings of 2.2.7 (format strings of its binary and check/*.c), never recorded from a run: on this
  // project's kernel keepalived exits before any check runs (docs/lvs.md).
  {
    id: 'real-server-down',
    title: 'a health check took a real server out',
    severity: 'warning',
    phase: 'runtime',
    log: [
      {
        pattern: /(?:TCP|HTTP)_CHECK on service \S+ failed(?: after \d+ retries)?\./,
        keepalived: '2.x',
        verified: false,
      },
      { pattern: /(?:Remov|Disabl)ing service \S+ (?:from|of) VS \S+/, keepalived: '2.x', verified: false },
      { pattern: /=> DNS_CHECK: failed on service <=/, keepalived: '2.x', verified: false },
    ],
    cause:
      "keepalived's health check failed for a real server and took it out of the virtual server (or set its weight to 0 with inhibit_on_failure).",
    fix: [
      'check the real server named in the evidence (service running, port open, the checked URL answering as configured)',
      'ipvsadm -Ln   # what the VIP holder balances over now',
    ],
    scope: 'each',
  },
  {
    id: 'lvs-quorum-lost',
    title: 'a virtual server lost its quorum',
    severity: 'error',
    phase: 'runtime',
    log: [{ pattern: /Lost quorum \d+-\d+=-?\d+ > \d+ for VS \S+/, keepalived: '2.x', verified: false }],
    cause:
      "the weights of the live real servers fell below the virtual server's quorum: keepalived ran quorum_down and switched to the sorry server if there is one.",
    fix: ['bring real servers back (see real-server-down), or lower quorum in the inventory'],
    scope: 'each',
  },
];

export function ruleById(id: string): Rule {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown diagnose rule ${id}`);
  return rule;
}
