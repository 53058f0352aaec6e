import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  actCommand,
  armCommand,
  disarmCommand,
  monitorCommand,
  restoreScript,
  stopMonitorCommand,
} from '../../../src/failover/host-actions.js';
import type { ClusterMember, ClusterSpec } from '../../../src/inventory/types.js';

const member: ClusterMember = {
  host: 'lb-1',
  priority: 100,
  state: 'MASTER',
  interface: "eth0'; touch /tmp/pwned; '",
};
const cluster = {
  name: 'c',
  vips: [{ address: '10.10.10.50', prefix: 32, family: 4 }],
} as unknown as ClusterSpec;

const syntaxOk = (script: string): void => {
  execFileSync('sh', ['-n', '-c', script]);
};

describe('commands run on the master', () => {
  it('every mode acts as the runbook does', () => {
    expect(actCommand('stop')).toContain('systemctl stop keepalived');
    expect(actCommand('stop')).toContain('service keepalived stop');
    // and waits for the daemon to be gone, so the restore starts it again
    expect(actCommand('stop')).toMatch(/keepalived stop; fi && for i in .*pidof keepalived/);
    expect(actCommand('kill')).toContain('kill -KILL');
    expect(actCommand('pause')).toContain('kill -STOP');
    expect(actCommand('isolate')).toMatch(/hook output.*\n?.*meta l4proto vrrp drop/s);
    for (const m of ['stop', 'kill', 'pause', 'isolate'] as const) syntaxOk(actCommand(m));
  });

  it('restore undoes every mode and quotes inventory values', () => {
    const s = restoreScript(cluster, member);
    expect(s).toContain('kill -CONT');
    expect(s).toContain('nft delete table inet vipctl_failover');
    expect(s).toContain(`dev 'eth0'\\''; touch /tmp/pwned; '\\'''`);
    syntaxOk(s);
  });

  it('arming writes the restore script and a timer, disarming removes both', () => {
    const a = armCommand(restoreScript(cluster, member), 30);
    expect(a).toContain('--on-active=30 --timer-property=AccuracySec=100ms');
    expect(a).toContain('sleep 30');
    syntaxOk(a);
    expect(disarmCommand()).toContain('rm -f /run/vipctl-failover/armed');
    syntaxOk(disarmCommand());
  });
});

describe('address monitor', () => {
  it('prints its PID before it starts, and is stopped by that PID', () => {
    const out = execFileSync('sh', ['-c', monitorCommand(5).replace(/exec timeout.*/, 'exit 0')], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/^VIPCTL-MONITOR-READY \d+\n$/);
    expect(monitorCommand(5)).toContain('exec timeout 5 ip -o -ts monitor address');
    expect(stopMonitorCommand(1234)).toBe('kill 1234 2>/dev/null; true');
  });
});
