// Benchmarks tear the lab down and rebuild it: only ever under the lab lock that scripts/with-lab-lock.sh takes
// (the one the e2e suite takes), never under a test run's feet.
import { existsSync, readFileSync } from 'node:fs';

const PID_FILE = '/run/vipctl-e2e.lock/pid';

export function assertHoldsLabLock(how) {
  const holder = existsSync(PID_FILE) ? Number(readFileSync(PID_FILE, 'utf8')) : 0;
  if (holder !== process.ppid) throw new Error(`run it as \`${how}\`: it must hold the lab lock`);
}
