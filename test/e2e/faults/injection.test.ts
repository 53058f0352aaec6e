// Shell and config metacharacters in the fields lint lets through reach the hosts, for real: a track script
// with $(…) and backticks, a password with $(…) (quotes are refused by AUTH006), an `extra` value with $(…). Nothing may run — no
// marker file appears on any host or on the controller — and a value keepalived rejects fails validation
// without touching the live config.
import { existsSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PAIR,
  VIP,
  converge,
  expectConverged,
  faultInventory,
  faultRecord,
  liveSha,
} from './fault-fixture.js';
import { hostExec, labDefaultsYaml, vipctl, writeInventory } from '../lab-fixture.js';

const MARK = '/tmp/vipctl-pwned';

function hostile(extra?: string): string {
  return writeInventory(
    [
      labDefaultsYaml(),
      'hosts:',
      '  lb-host-1: { address: 10.10.10.51 }',
      '  lb-host-2: { address: 10.10.10.52 }',
      'clusters:',
      '  cluster-lb:',
      '    virtual_router_id: 51',
      `    vips: [${VIP}]`,
      '    auth: { type: PASS, password: "$(id)" }',
      '    members: { lb-host-1: { priority: 100 }, lb-host-2: { priority: 90 } }',
      // the bad `extra` goes alone: with a script in the config keepalived 2.2.7's -t cannot judge (runbook §8)
      ...(extra
        ? [`    extra: { garp_lower_prio_repeat: "${extra}" }`]
        : [
            '    track_scripts:',
            `      chk: { script: "/bin/true $(touch ${MARK}-track) \`touch ${MARK}-bt\` ; touch ${MARK}-semi", interval: 1 }`,
          ]),
      '',
    ].join('\n'),
  );
}

async function marks(): Promise<string[]> {
  const found: string[] = [];
  for (const h of PAIR) {
    const r = await hostExec(h, `ls -d ${MARK}* /vipctl-pwned* /root/vipctl-pwned* 2>/dev/null || true`);
    found.push(
      ...r.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((f) => `${h}:${f}`),
    );
  }
  found.push(
    ...readdirSync('/tmp')
      .filter((f) => f.startsWith('vipctl-pwned'))
      .map((f) => `controller:/tmp/${f}`),
  );
  if (existsSync('/vipctl-pwned')) found.push('controller:/vipctl-pwned');
  return found;
}

describe('metacharacters that pass lint reach the hosts and run nothing', () => {
  beforeAll(() => converge(faultInventory()), 600_000);

  it('configure --check --diff -vv, configure, keepalived running the track script: no marker anywhere', async (ctx) => {
    const meta = faultRecord(ctx, 'injection.test.ts', ['H2', 'M2', 'L13', 'L14']);
    expect(await marks()).toEqual([]);
    const inv = hostile();
    for (const args of [
      ['configure', '--check', '--diff', '-vv'],
      ['configure', '-vv'],
    ]) {
      const r = await vipctl([...args, '-i', inv]);
      meta.faults = (meta.faults ?? 0) + 1;
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    await new Promise((r) => setTimeout(r, 3000)); // the track script runs every second
    expect(await marks()).toEqual([]);
    const before = await liveSha('lb-host-1');
    const bad = await vipctl(['configure', '-i', hostile(`$(touch ${MARK}-extra)`)]);
    meta.faults = (meta.faults ?? 0) + 1;
    expect(bad.code, bad.stdout + bad.stderr).not.toBe(0);
    expect(await liveSha('lb-host-1'), 'a rejected config never goes live').toBe(before);
    expect(await marks()).toEqual([]);
    await converge(faultInventory());
    await expectConverged(meta);
  }, 300_000);
});
