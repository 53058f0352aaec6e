// known_hosts parsed once per run, not once per connection (review L16): a 10k-line hashed file cost ~34 ms of
// blocked event loop per host. Cached by path and re-read when the file changes (size, mtime or inode), so keys
// recorded by --accept-new-host-keys are seen by the next check.
import { statSync, readFileSync } from 'node:fs';
import { parse, verdictFor, type Entry, type HostKeyVerdict } from './known-hosts.js';

const cache = new Map<string, { stamp: string; entries: Entry[] }>();

/** How many times a file was read and parsed (for tests and timings). */
export let knownHostsParses = 0;

export function checkHostKeyCached(file: string, name: string, blob: Buffer): HostKeyVerdict {
  let stamp: string;
  try {
    const st = statSync(file);
    stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return 'unknown';
  }
  let hit = cache.get(file);
  if (hit?.stamp !== stamp) {
    hit = { stamp, entries: parse(readFileSync(file, 'utf8')) };
    knownHostsParses++;
    cache.set(file, hit);
  }
  return verdictFor(hit.entries, name, blob);
}
