// What diagnose knows about one host: raw texts exactly as gathered (or as found in a saved bundle) plus a few facts.
// Everything is optional: a bundle collected by hand may hold only a log.

export interface ServiceFacts {
  /** `systemctl is-active keepalived` (or "running"/"stopped" from an init script); undefined when unknown */
  active?: string;
  /** a keepalived VRRP process was seen (pgrep); the service manager's word is not proof (runbook §8) */
  vrrpProcess?: boolean;
}

export interface HostFacts {
  service?: ServiceFacts;
  /** `keepalived --version` first line */
  version?: string;
  /** sysctl values, e.g. {"net.ipv4.conf.all.rp_filter": "1", "net.ipv4.conf.eth0.rp_filter": "0"} */
  sysctl?: Record<string, string>;
  /** `ip maddr show dev IF` output */
  maddr?: string;
  ipsetInstalled?: boolean;
  /** commands the host lacks (tcpdump, nft, iptables-save, journalctl …): said, never installed */
  missingTools?: string[];
  /** cluster this host belongs to in the inventory (live runs, or --from with -i) */
  cluster?: string;
}

export interface HostEvidence {
  host: string;
  /** keepalived log text: journal, syslog or keepalived's console format */
  log?: string;
  /** keepalived.conf as found on the host */
  config?: string;
  /** `keepalived -t -f CONF` stdout+stderr, ending with a line `exit N` when the code is known */
  configTest?: string;
  /** `ip -o addr` */
  ipAddr?: string;
  /** `ip -o link` */
  ipLink?: string;
  /** `tcpdump -nn -v -i IF proto 112` output */
  tcpdump?: string;
  /** iptables-save and nft list ruleset */
  firewall?: string;
  facts: HostFacts;
}

export interface Bundle {
  hosts: HostEvidence[];
  /** hosts that could not be reached (live) — reported, never analysed */
  unreachable: { host: string; reason: string }[];
  /** what reading a saved bundle skipped (binary files …), shown with the diagnosis' notes */
  notes?: string[];
}
