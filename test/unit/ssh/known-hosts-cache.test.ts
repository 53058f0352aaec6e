// Regression test for the security review's L16: known_hosts is parsed once per run (per file version), not
// once per connection, and a key recorded meanwhile is seen.
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as cached from '../../../src/ssh/known-hosts-cache.js';
import { recordHostKey } from '../../../src/ssh/known-hosts.js';

function blob(type: string, seed: string): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.from(seed.padEnd(32, '.'))]);
}

describe('known_hosts cache', () => {
  it('100 hosts checked against one 5k-line file: one parse, same verdicts as the file says', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-khc-'));
    const f = join(dir, 'known_hosts');
    const keys = Array.from({ length: 5000 }, (_, i) => blob('ssh-ed25519', `k${i}`));
    writeFileSync(
      f,
      keys.map((k, i) => `10.1.${i >> 8}.${i & 255} ssh-ed25519 ${k.toString('base64')}\n`).join(''),
    );
    const before = cached.knownHostsParses;
    for (let i = 0; i < 100; i++) {
      expect(cached.checkHostKeyCached(f, `10.1.${i >> 8}.${i & 255}`, keys[i]!)).toBe('trusted');
    }
    expect(cached.checkHostKeyCached(f, '10.1.0.1', keys[2]!)).toBe('changed');
    expect(cached.knownHostsParses - before).toBe(1);
  });

  it('a key recorded during the run (--accept-new-host-keys) is seen by the next check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-khc-'));
    const f = join(dir, 'known_hosts');
    writeFileSync(f, '');
    const k = blob('ssh-ed25519', 'new');
    expect(cached.checkHostKeyCached(f, '10.9.9.9', k)).toBe('unknown');
    recordHostKey(f, '10.9.9.9', k);
    expect(cached.checkHostKeyCached(f, '10.9.9.9', k)).toBe('trusted');
    appendFileSync(f, `# comment\n`);
    expect(cached.checkHostKeyCached(f, '10.9.9.9', k)).toBe('trusted');
  });
});
