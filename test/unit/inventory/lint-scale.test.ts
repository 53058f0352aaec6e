import { describe, expect, it } from 'vitest';
import { lintInventory } from '../../../src/inventory/lint.js';
import type { ClusterSpec, HostSpec, Inventory } from '../../../src/inventory/types.js';

// Security review M5: lint must stay linear. 10k hosts and 5k two-member clusters took 51 s when every cluster
// rebuilt the host-by-address map and every host filtered all clusters.

const at = { file: '/scale.yaml', line: 1, column: 1 };

function inventory(hosts: number, clusters: number): Inventory {
  const hostSpecs: HostSpec[] = Array.from({ length: hosts }, (_, i) => ({
    name: `h${i}`,
    address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    ssh: { user: 'root', port: 22, connectTimeoutMs: 10_000 },
    become: { enabled: false, method: 'sudo' },
    interface: 'eth0',
    vars: {},
    location: at,
    prefix: 8,
  }));
  const clusterSpecs: ClusterSpec[] = Array.from({ length: clusters }, (_, i) => ({
    name: `c${i}`,
    instanceName: `VI_c${i}`,
    // VRIDs repeat on one segment on purpose: the clash check must not be quadratic either
    virtualRouterId: (i % 255) + 1,
    vips: [{ address: `11.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, prefix: 32, family: 4 }],
    advertInt: 1,
    auth: { type: 'none' },
    members: [0, 1].map((k) => ({
      host: `h${(2 * i + k) % hosts}`,
      priority: 100 - 10 * k,
      state: k === 0 ? 'MASTER' : 'BACKUP',
      interface: 'eth0',
    })),
    preempt: true,
    unicast: false,
    trackInterfaces: [],
    trackScripts: [],
    tracking: { interfaces: [], scripts: [], processes: [], files: [] },
    options: { keywords: {}, garp: {}, peerTtl: {} },
    routes: [],
    rules: [],
    notify: {},
    garp: {},
    extra: {},
    location: at,
  }));
  return { files: ['/scale.yaml'], hosts: hostSpecs, clusters: clusterSpecs };
}

describe('lint at scale', () => {
  it('10k hosts × 5k clusters lint in well under the 51 s the review measured (linear)', () => {
    const small = inventory(1000, 500);
    const big = inventory(10_000, 5000);
    const t0 = performance.now();
    const smallFindings = lintInventory(small);
    const t1 = performance.now();
    const bigFindings = lintInventory(big);
    const t2 = performance.now();
    // every cluster past the 255th clashes with an earlier VRID on the one /8 segment: findings scale too
    expect(bigFindings.filter((f) => f.code === 'VRID002').length).toBeGreaterThan(smallFindings.length);
    expect(t2 - t1).toBeLessThan(10_000);
    // ten times the input costs at most ~30 times the time (quadratic would be ~100 times)
    expect((t2 - t1) / Math.max(t1 - t0, 20)).toBeLessThan(30);
  });
});
