// Ctrl-C in the middle of a configure run, at several moments: every host must be left working — a complete
// config (old or new, never half), keepalived active, one VIP holder, no temp files — and vipctl exits 130.
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, sshExec, vipctl, vipctlSpawn, vipHolders, runbookInventory } from './lab-fixture.js';

const HOSTS = ['lb-host-1', 'lb-host-2'];
const VIP = '10.10.10.50';

const inventory = (backupPriority: number): string => runbookInventory({ backupPriority });

describe('an interrupted configure leaves every host working', () => {
  beforeAll(async () => {
    const inv = inventory(90);
    for (const cmd of ['install', 'configure']) {
      const r = await vipctl([cmd, '-i', inv]);
      if (r.code !== 0) throw new Error(`${cmd}: ${r.stdout}${r.stderr}`);
    }
  }, 300_000);

  it.each([100, 700, 900, 1100, 1300])('SIGINT %i ms into the run', async (delayMs) => {
    const child = vipctlSpawn(['configure', '-i', inventory(30 + delayMs / 50)]);
    const exited = new Promise<number | null>((resolve) =>
      // A signal before Node has run any of vipctl's code ends the process by signal: what a shell shows as 130.
      child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : null))),
    );
    await new Promise((r) => setTimeout(r, delayMs));
    child.kill('SIGINT');
    const code = await exited;
    expect([0, 130]).toContain(code); // 0 only if the run had already finished
    for (const h of HOSTS) {
      const r = await sshExec(
        h,
        'keepalived -t -f /etc/keepalived/keepalived.conf 2>&1 && echo valid; systemctl is-active keepalived; ls /etc/keepalived | grep -c vipctl-new || true',
      );
      const listing = (await sshExec(h, 'ls -la --time-style=full-iso /etc/keepalived')).stdout;
      expect(r.stdout.trim().split('\n'), `${h}\n${listing}`).toEqual(['valid', 'active', '0']);
    }
    expect(await eventually(async () => (await vipHolders(VIP, HOSTS)).length === 1, 8000)).toBe(true);
  });
});
