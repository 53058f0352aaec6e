// The commands failover-test runs on the master: act per mode, undo (restore), and the dead man's switch that
// restores on its own if vipctl or its SSH connection dies. Everything works with systemd and without it.
// Inventory values (VIPs, interface) go through shq().
import type { ClusterMember, ClusterSpec } from '../inventory/types.js';
import { shq } from '../ssh/quote.js';
import type { FailoverMode } from './bound.js';

export const STATE_DIR = '/run/vipctl-failover';
export const DEADMAN_UNIT = 'vipctl-failover-deadman';
const NFT_TABLE = 'vipctl_failover';
const IPT_RULE = '-p 112 -m comment --comment vipctl-failover -j DROP';

const SYSTEMD = '[ -d /run/systemd/system ]';

/** The host's wall clock as ip -ts prints it (local time, no zone), printed just before acting. */
export const STAMP = 'date +%Y-%m-%dT%H:%M:%S.%N';

export function serviceCommand(verb: 'start' | 'stop'): string {
  return `if ${SYSTEMD}; then systemctl ${verb} keepalived; else service keepalived ${verb}; fi`;
}

function signalKeepalived(signal: 'KILL' | 'STOP' | 'CONT'): string {
  // All keepalived processes (parent and VRRP child): a crash or hang of the whole daemon.
  return `p=$(pidof keepalived) && kill -${signal} $p`;
}

/** Refuses early (before anything changes) when the host lacks what the mode needs. */
export function preflightCommand(mode: FailoverMode): string {
  const needs = ['command -v pidof >/dev/null || { echo "pidof is missing"; exit 3; }'];
  if (mode === 'isolate') {
    needs.push(
      'command -v nft >/dev/null || command -v iptables >/dev/null || { echo "neither nft nor iptables is installed"; exit 3; }',
    );
  }
  needs.push('pidof keepalived >/dev/null || { echo "keepalived is not running"; exit 3; }');
  return needs.join('; ');
}

export function actCommand(mode: FailoverMode): string {
  switch (mode) {
    case 'stop':
      // An init script may return while keepalived is still exiting (seen on light hosts under load): wait for it
      // (≤ 10 s) so that the restore never takes a dying keepalived for a running one and skips the start.
      return `${serviceCommand('stop')} && for i in $(seq 100); do pidof keepalived >/dev/null || break; sleep 0.1; done`;
    case 'kill':
      return signalKeepalived('KILL');
    case 'pause':
      return signalKeepalived('STOP');
    case 'isolate':
      // Drop only what the master sends: the backups stop hearing it and take over (expected split brain).
      return [
        'if command -v nft >/dev/null; then',
        `  nft add table inet ${NFT_TABLE} && nft add chain inet ${NFT_TABLE} out '{ type filter hook output priority -10; }' && nft add rule inet ${NFT_TABLE} out meta l4proto vrrp drop`,
        'else',
        `  iptables -I OUTPUT ${IPT_RULE}`,
        'fi',
      ].join('\n');
  }
}

/**
 * Undo every mode, idempotently (it runs from vipctl and from the dead man's switch, maybe both): remove the
 * firewall rule, wake a paused keepalived, and if keepalived is not running, drop the stale VIPs a crash left
 * behind and start it.
 */
export function restoreScript(cluster: ClusterSpec, member: ClusterMember): string {
  const dropStale = cluster.vips
    .map(
      (v) =>
        `ip addr del ${shq(`${v.address}/${v.prefix}`)} dev ${shq(v.dev ?? member.interface)} 2>/dev/null`,
    )
    .join('; ');
  return [
    `nft delete table inet ${NFT_TABLE} 2>/dev/null`,
    `while iptables -D OUTPUT ${IPT_RULE} 2>/dev/null; do :; done`,
    `${signalKeepalived('CONT')} 2>/dev/null`,
    `if ! pidof keepalived >/dev/null; then ${dropStale}; ${serviceCommand('start')}; fi`,
    'true',
  ].join('\n');
}

/** Writes the restore script and arms a timer that runs it after `seconds` unless disarmed. */
export function armCommand(script: string, seconds: number): string {
  const dir = shq(STATE_DIR);
  const fire = `if [ -f ${STATE_DIR}/armed ]; then rm -f ${STATE_DIR}/armed; sh ${STATE_DIR}/restore.sh; date > ${STATE_DIR}/fired; fi`;
  return [
    `mkdir -p ${dir} && rm -f ${dir}/fired`,
    `cat > ${dir}/restore.sh <<'VIPCTL_RESTORE'\n${script}\nVIPCTL_RESTORE`,
    `printf '%s\\n' ${shq(fire)} > ${dir}/fire.sh`,
    `touch ${dir}/armed`,
    // systemd-run puts the timer outside this SSH session; without systemd a detached sleeper does the same.
    // AccuracySec: a timer's default accuracy is one minute, far too loose for a switch that must fire on time.
    `if ${SYSTEMD} && command -v systemd-run >/dev/null; then`,
    `  systemctl stop ${DEADMAN_UNIT}.timer 2>/dev/null; systemctl reset-failed ${DEADMAN_UNIT}.service 2>/dev/null`,
    `  systemd-run --quiet --unit=${DEADMAN_UNIT} --on-active=${seconds} --timer-property=AccuracySec=100ms /bin/sh ${dir}/fire.sh && echo armed=systemd-run`,
    'else',
    `  setsid nohup sh -c ${shq(`sleep ${seconds}; sh ${STATE_DIR}/fire.sh`)} </dev/null >/dev/null 2>&1 & echo $! > ${dir}/sleeper.pid; echo armed=sleeper`,
    'fi',
  ].join('\n');
}

export function disarmCommand(): string {
  const dir = STATE_DIR;
  return [
    `rm -f ${dir}/armed`,
    `if ${SYSTEMD} && command -v systemd-run >/dev/null; then systemctl stop ${DEADMAN_UNIT}.timer 2>/dev/null; systemctl reset-failed ${DEADMAN_UNIT}.service 2>/dev/null; fi`,
    `[ -f ${dir}/sleeper.pid ] && kill $(cat ${dir}/sleeper.pid) 2>/dev/null; rm -f ${dir}/sleeper.pid`,
    'true',
  ].join('\n');
}

export const MONITOR_READY = 'VIPCTL-MONITOR-READY';

/**
 * The address monitor, bounded so it never outlives the test. It prints its PID first: closing the SSH channel
 * does not end it (sshd ignores the TERM request), so stopping kills it by PID.
 */
export function monitorCommand(maxSeconds: number): string {
  return `echo ${MONITOR_READY} $$; exec timeout ${Math.ceil(maxSeconds)} ip -o -ts monitor address`;
}

/** Ends a monitor started by monitorCommand (the PID is the `timeout` process, which passes TERM on to ip). */
export function stopMonitorCommand(pid: number): string {
  return `kill ${Math.trunc(pid)} 2>/dev/null; true`;
}
