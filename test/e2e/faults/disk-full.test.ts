// Disk full where the config lives: /etc/keepalived on lb-host-2 becomes a small tmpfs filled to the last
// byte. configure must fail that host with a clear message, leave the old config intact and keepalived running;
// once there is room again, the next run converges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  converge,
  expectConverged,
  faultInventory,
  faultRecord,
  liveSha,
  renderedSha,
} from './fault-fixture.js';
import { hostExec, vipctl } from '../lab-fixture.js';

const TARGET = 'lb-host-2';
const DIR = '/etc/keepalived';

async function mountFullTmpfs(): Promise<void> {
  const r = await hostExec(
    TARGET,
    [
      'set -e',
      'rm -rf /run/vipctl-fault-keep && mkdir /run/vipctl-fault-keep && cp -a /etc/keepalived/. /run/vipctl-fault-keep/',
      `mount -t tmpfs -o size=64k,mode=0755 vipctl-fault ${DIR}`,
      `cp -a /run/vipctl-fault-keep/. ${DIR}/`,
      `dd if=/dev/zero of=${DIR}/zz-fill bs=1k 2>/dev/null || true`,
      `: > ${DIR}/zz-probe 2>/dev/null; dd if=/dev/zero of=${DIR}/zz-probe bs=1 count=1 2>/dev/null && echo room || echo full`,
    ].join('\n'),
  );
  if (!r.stdout.includes('full')) throw new Error(`could not fill ${DIR}: ${r.stdout}${r.stderr}`);
}

async function unmountTmpfs(): Promise<void> {
  await hostExec(
    TARGET,
    `rm -f ${DIR}/zz-fill ${DIR}/zz-probe; if mountpoint -q ${DIR}; then cp -a ${DIR}/. /run/vipctl-fault-keep/ && umount ${DIR} && cp -a /run/vipctl-fault-keep/. ${DIR}/; fi; rm -rf /run/vipctl-fault-keep`,
  );
}

describe('disk full on the host', () => {
  beforeAll(() => converge(faultInventory()), 600_000);
  afterAll(() => unmountTmpfs(), 60_000);

  it('a clear error, the old config intact, keepalived running; with room again the next run converges', async (ctx) => {
    const meta = faultRecord(ctx, 'disk-full.test.ts', ['L3']);
    const inv = faultInventory({ backupPriority: 77 });
    const before = await liveSha(TARGET);
    await mountFullTmpfs();
    meta.faults = (meta.faults ?? 0) + 1;
    const r = await vipctl(['configure', '-i', inv]);
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(2);
    expect(out).toMatch(/no space|disk full|ENOSPC/i);
    expect(out).toContain(TARGET);
    expect(await liveSha(TARGET), 'the old config is intact').toBe(before);
    expect((await hostExec(TARGET, 'systemctl is-active keepalived')).stdout.trim()).toBe('active');
    // (the partial temp file the failed write left counts against the host until the room is back)
    await hostExec(TARGET, `rm -f ${DIR}/zz-fill`);
    const again = await vipctl(['configure', '-i', inv]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await liveSha(TARGET)).toBe(await renderedSha(inv, TARGET));
    await unmountTmpfs();
    await expectConverged(meta);
  }, 240_000);
});
