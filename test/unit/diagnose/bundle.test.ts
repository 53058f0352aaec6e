import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import { readBundle, writeBundle } from '../../../src/diagnose/bundle.js';
import { maskBundle } from '../../../src/diagnose/mask.js';
import { host, read } from './recorded.js';

const FIX = resolve(import.meta.dirname, '../../fixtures/diagnose');

describe('bundles', () => {
  it('a bundle gathered live from the lab (3 hosts, two clusters) reads back as healthy', async () => {
    const b = await readBundle(`${FIX}/lab-healthy`);
    expect(b.hosts.map((h) => h.host)).toEqual(['lb-host-1', 'lb-host-2', 'lb-host-3']);
    expect(b.hosts[0]!.facts.service).toEqual({ active: 'active', vrrpProcess: true });
    const d = analyze(b);
    expect(d.findings).toEqual([]);
    expect(d.verdict).toBe('healthy');
  });

  it('--save masks auth passwords in configs and captures; --from finds the same problems', async () => {
    const bundle = {
      hosts: [
        host('lb-host-1', {
          log: read('pairs/authpw-h1.log'),
          config: read('configs/ok1.conf'),
          tcpdump: read('pairs/tcpdump-healthy.txt'),
          facts: { version: 'Keepalived v2.2.7' },
        }),
        host('lb-host-2', { log: read('pairs/authpw-h2.log'), config: read('configs/pw2.conf') }),
      ],
      unreachable: [{ host: 'lb-host-3', reason: 'connect timeout' }],
    };
    const dir = mkdtempSync(join(tmpdir(), 'diag-bundle-'));
    await writeBundle(dir, maskBundle(bundle));
    expect(readdirSync(dir).sort()).toEqual([
      'facts.json',
      'lb-host-1.conf',
      'lb-host-1.log',
      'lb-host-2.conf',
      'lb-host-2.log',
      'tcpdump-lb-host-1.txt',
    ]);
    const all = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    expect(all).not.toMatch(/auth_pass (secret|other)|auth "secret"/);
    // one label per distinct password: lb-host-1 'secret' → masked-1, lb-host-2 'other' → masked-2
    expect(all).toContain('auth_pass masked-1');
    expect(all).toContain('auth_pass masked-2');
    const back = await readBundle(dir);
    expect(back.unreachable).toEqual(bundle.unreachable);
    expect(back.hosts[0]!.facts.version).toBe('Keepalived v2.2.7');
    // the masked bundle tells what the unmasked evidence tells: the log line, and configs that differ
    const rules = (b: typeof bundle): string[] => analyze(b).findings.map((f) => f.rule);
    expect(rules(back)).toEqual(['auth-password-mismatch', 'members-differ']);
    expect(rules(back)).toEqual(rules(bundle));
  });

  it('masking keeps equal passwords equal: a healthy pair stays healthy from its saved bundle', async () => {
    const pair = {
      hosts: [
        host('lb-host-1', { log: read('pairs/healthy-h1.log'), config: read('configs/ok1.conf') }),
        host('lb-host-2', { log: read('pairs/healthy-h2.log'), config: read('configs/ok2.conf') }),
      ],
      unreachable: [],
    };
    const masked = maskBundle(pair);
    expect(masked.hosts.map((h) => /auth_pass (\S+)/.exec(h.config!)?.[1])).toEqual(['masked-1', 'masked-1']);
    expect(analyze(masked).findings).toEqual([]);
  });

  it('files collected by hand: any subset, by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diag-hand-'));
    writeFileSync(join(dir, 'db-1.log'), read('console/invalid-vrid.log'));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const d = analyze(await readBundle(dir));
    expect(d.hosts).toEqual(['db-1']);
    expect(d.findings.map((f) => f.rule).sort()).toEqual(['config-permanent-error', 'vrid-invalid']);
  });

  it('an empty or missing directory is a usage error', async () => {
    await expect(readBundle(mkdtempSync(join(tmpdir(), 'diag-empty-')))).rejects.toThrow(
      /holds no diagnose files/,
    );
    await expect(readBundle('/nonexistent-bundle')).rejects.toThrow(/cannot read bundle directory/);
  });
});
