import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/load.js';
import { sha256 } from '../../../src/operations/files.js';
import { renderHostConfig } from '../../../src/render/render.js';
import type { HostResult } from '../../../src/report/results.js';
import type { HostFacts } from '../../../src/runner/host-facts.js';
import type { HostRunState } from '../../../src/runner/runner.js';
import { unchangedObservations } from '../../../src/verify/after-apply.js';

const saved = process.env.VIPCTL_AUTH_PASS;
beforeAll(() => void (process.env.VIPCTL_AUTH_PASS = 'secret'));
afterAll(() => {
  if (saved === undefined) delete process.env.VIPCTL_AUTH_PASS;
  else process.env.VIPCTL_AUTH_PASS = saved;
});

const facts = (configSha: string | undefined): HostFacts =>
  ({
    os: { id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian', family: 'debian' },
    packageManager: 'apt',
    packages: { keepalived: '1:2.2.7-1+b2' },
    aptListsAge: 10,
    init: 'systemd',
    service: { active: true, enabled: true, pid: 7 },
    files: {
      '/etc/keepalived/keepalived.conf': configSha ? { exists: true, sha256: configSha } : { exists: false },
    },
    addresses: [{ ifname: 'eth0', address: '10.10.10.50', prefix: 32 }],
  }) as HostFacts;

const result = (host: string, status: HostResult['status']): HostResult => ({
  host,
  status,
  tasks: [],
  ms: 0,
});

describe("apply's verify reuses the facts of hosts it changed nothing on", () => {
  it('an unchanged host whose config is the rendered one is judged from its facts; a changed one is read again', async () => {
    const { inventory } = await loadInventory(['inventories/example.yaml']);
    const rendered = renderHostConfig(inventory, 'lb-host-1').text;
    const state = new Map<string, HostRunState>([
      ['lb-host-1', { facts: facts(sha256(rendered)), started: new Set() }],
      [
        'lb-host-2',
        { facts: facts(sha256(renderHostConfig(inventory, 'lb-host-2').text)), started: new Set() },
      ],
    ]);
    const known = unchangedObservations(
      inventory,
      [result('lb-host-1', 'ok'), result('lb-host-2', 'changed')],
      state,
    );
    expect([...known.keys()]).toEqual(['lb-host-1']);
    expect(known.get('lb-host-1')).toEqual({
      addresses: [{ dev: 'eth0', address: '10.10.10.50' }],
      serviceActive: true,
      serviceEnabled: true,
      packages: { keepalived: true, ipset: false },
      config: rendered,
    });
  });

  it('an unchanged host whose on-host config differs (or is missing) is read again', async () => {
    const { inventory } = await loadInventory(['inventories/example.yaml']);
    const state = new Map<string, HostRunState>([
      ['lb-host-1', { facts: facts('0'.repeat(64)), started: new Set() }],
      ['lb-host-2', { facts: facts(undefined), started: new Set() }],
    ]);
    const ok = [result('lb-host-1', 'ok'), result('lb-host-2', 'ok')];
    expect(unchangedObservations(inventory, ok, state).size).toBe(0);
  });
});
