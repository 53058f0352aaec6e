// keepalived messages that describe normal operation: start, stop, reload, state changes of a working failover,
// gratuitous ARPs. Matched against the catalog's printf formats (not log lines), each with the reason it is
// benign. Anything keepalived prints that is neither here nor explained by a rule is shown as unexplained.
export interface BenignFormat {
  format: RegExp;
  why: string;
}

const START = 'keepalived starting, stopping or reloading (normal operation)';
const STATE = 'a state change of a working failover; the rules judge whether it was expected';
const ANNOUNCE = 'announcing addresses after a state change (normal operation)';
const SCRIPT = 'a check or script succeeding';

export const BENIGN_FORMATS: readonly BenignFormat[] = [
  { format: /^Starting %s(, git commit %s)?$/, why: START },
  { format: /^Starting (VRRP|Healthcheck|BFD) child process, pid=%d$/, why: START },
  { format: /^Running on %s/, why: START },
  { format: /^Command line:/, why: START },
  { format: /^Configuration file %s$/, why: START },
  { format: /^Opening file '%s'\.$/, why: START },
  { format: /^Startup complete$|^%s complete$/, why: START },
  {
    format: /^Assigned address %s for interface %s$/,
    why: 'keepalived listing the host’s addresses at start',
  },
  { format: /^Registering (Kernel netlink|gratuitous)/, why: START },
  { format: /^Unregistering/, why: START },
  { format: /^Initializing ipvs/, why: START },
  { format: /^Stopping$|^Stopped( %s)?(, git commit %s)?$|^Stopped - used /, why: START },
  { format: /^Reloading( \.\.\.)?$|^Reload finished|^Processing queued reload$/, why: START },
  { format: /^Got SIG(TERM|HUP|INT)\b/, why: START },
  { format: /^Remove a zombie pid/, why: START },
  { format: /^VRRP child process\(%d\) (exited|terminated)/i, why: START },
  { format: /^Keepalived_%s exited with status/, why: START },
  { format: /^Configuration is using : /, why: START },
  { format: /^CPU usage /, why: START },
  { format: /^Changing syslog ident to/, why: START },
  {
    format:
      /^NOTICE: setting config option max_auto_priority should result in better keepalived performance$/,
    why: 'a performance hint printed on every start by Debian 12’s keepalived; no effect on failover',
  },
  { format: /^(VRRP_Instance)?\(%s\) Entering (MASTER|BACKUP) STATE( \(init\))?$/, why: STATE },
  { format: /^(VRRP_Instance)?\(%s\) Entering %s STATE$/, why: STATE },
  {
    format:
      /^(VRRP_Instance)?\(%s\) (Transition to MASTER STATE|Received higher prio advert|Received advert with higher priority)/,
    why: STATE,
  },
  {
    format: /^(VRRP_Instance)?\(%s\) received lower priority \(%d\) advert from %s - discarding$/,
    why: STATE,
  },
  { format: /^(VRRP_Instance)?\(%s\) Received advert from %s with lower priority %d, ours %d/, why: STATE },
  {
    format: /^(VRRP_Instance)?\(%s\) Master received advert from %s with higher priority %d, ours %d$/,
    why: STATE,
  },
  {
    format:
      /^(VRRP_Instance)?\(%s\) Master received advert from %s with same priority %d but higher IP address than ours$/,
    why: STATE,
  },
  {
    format: /^(VRRP_Instance)?\(%s\) (Backup|Master) received priority 0/,
    why: 'the master is stopping and hands over at once (normal failover)',
  },
  {
    format: /^(VRRP_Instance)?\(%s\) sent 0 priority$/,
    why: 'this master is stopping and hands over at once (normal failover)',
  },
  {
    format: /^(VRRP_Instance)?\(%s\) Receive advertisement timeout$/,
    why: 'the master fell silent and this backup takes over; the rules judge why',
  },
  {
    format:
      /^(VRRP_Instance)?\(%s\) Now in FAULT state$|^(VRRP_Instance)?\(%s\) Changing effective priority from %d to %d$/,
    why: 'a tracked check changed the priority; a failing check is reported by its own rule',
  },
  { format: /^(VRRP_Instance)?\(%s\) (start|stop) preempt delay/, why: STATE },
  {
    format: /^(VRRP_Instance)?\(%s\) removing protocol (VIPs|Virtual Routes|iptable drop rule)\.?$/,
    why: STATE,
  },
  {
    format: /^(VRRP_Instance)?\(%s\) setting protocol (VIPs|Virtual Routes|iptable drop rule)\.?$/,
    why: STATE,
  },
  { format: /^\(%s\) %sing (%sVIPs\.|Virtual Routes|Virtual Rules)$/, why: ANNOUNCE },
  { format: /^\(%s\) Sending\/queueing %s on %s for %s$/, why: ANNOUNCE },
  { format: /^(VRRP_Instance\(%s\) )?Sending gratuitous ARP/, why: ANNOUNCE },
  { format: /^%s: sending gratuitous %s for %s$/, why: ANNOUNCE },
  { format: /^(VRRP_Script\(%s\)|%s script) succeeded$|^Script `%s` now returning 0$/, why: SCRIPT },
];

/** Lines that are not keepalived's messages but travel with them. */
export const BENIGN_LINES: readonly BenignFormat[] = [
  // keepalived -l wraps a long command line onto indented lines of quoted words
  { format: /^('[^']*'\s*)+$/, why: START },
  { format: /^Command line: /, why: START },
  // "Netlink reports %s %s": up is news, down is the interface-down rule's
  { format: /^Netlink reports \S+ up$/, why: 'an interface came up' },
  // a capture by hand or by vipctl's gather appends the exit status of the command
  { format: /^exit -?\d+$/, why: 'the exit status recorded with the output' },
  { format: /^VRRP sockpool: \[/, why: 'a socket listing keepalived prints at start (debug detail)' },
  // keepalived 1.x (lib/notify.c) looks its default script user up at every start, before it reads the
  // config's script_user (recorded on the lab's 1.3.5 with script_user root set)
  {
    format: /^Unable to resolve default script username '[^']*' - ignoring$/,
    why: 'keepalived 1.x looks up keepalived_script at start, before reading script_user',
  },
];

/** systemd's own lines in `journalctl -u keepalived`. */
export const BENIGN_SYSTEMD: readonly BenignFormat[] = [
  {
    format:
      /^(Starting|Started|Stopping|Stopped|Reloading|Reloaded) keepalived\.service\b|^keepalived\.service: Deactivated successfully\.$|^keepalived\.service: Consumed /,
    why: 'the service manager starting, stopping or reloading keepalived',
  },
  {
    format:
      /^keepalived\.service: Got notification message from PID \d+, but reception only permitted for main PID \d+$/,
    why: 'a known, harmless systemd notice with keepalived 2.2.x (the VRRP child notifies)',
  },
  {
    format:
      /^keepalived\.service - .* was skipped because of an unmet condition check \(ConditionFileNotEmpty=/,
    why: 'keepalived had no configuration yet at boot (before configure)',
  },
];
