// Brings the lab up once for the whole e2e run (fresh hosts: keepalived not installed) and tears it down at
// the end, also when tests fail. The e2e suite needs root; without it, it fails loudly rather than skipping.
import { labDown, labUp } from '../../src/lab/lab.js';
import { rmSync, writeFileSync } from 'node:fs';
import { acquireLabLock, releaseLabLock } from './lab-lock.js';
import { takeSnapshot } from './machine-snapshot.js';

/** The controller before the lab existed, for the "lab down leaves nothing" test. */
export const BASELINE_FILE = '/run/vipctl-e2e.baseline.json';

export const E2E_HOSTS = 3;

export default async function setup(): Promise<() => Promise<void>> {
  if (process.getuid?.() !== 0) throw new Error('the e2e suite builds a real lab and needs root');
  await acquireLabLock();
  const log = (m: string): void => {
    process.stderr.write(`lab: ${m}\n`);
  };
  try {
    await labDown({ log }); // whatever an earlier crashed run left
    writeFileSync(BASELINE_FILE, JSON.stringify(takeSnapshot()));
    const r = await labUp({ hosts: E2E_HOSTS, flavour: 'machine', log });
    log(`${r.state.hosts.length} hosts up in ${r.seconds.toFixed(1)}s (base built: ${r.baseBuilt})`);
  } catch (err) {
    await labDown({ log }).catch(() => {});
    rmSync(BASELINE_FILE, { force: true });
    releaseLabLock();
    throw err;
  }
  return async () => {
    try {
      await labDown({ log });
    } finally {
      rmSync(BASELINE_FILE, { force: true });
      releaseLabLock();
    }
  };
}
