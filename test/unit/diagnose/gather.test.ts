import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evidenceFromOutput, gatherScript, parseSections } from '../../../src/diagnose/gather.js';

const runLocally = (script: string): string =>
  spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000 }).stdout;

describe('the gather script', () => {
  it('runs in one shell and yields every section (on this controller)', () => {
    const out = runLocally(gatherScript({ since: '10 minutes ago', interface: 'lo', captureSeconds: 1 }));
    const sections = parseSections(out);
    expect([...sections.keys()]).toEqual([
      'missing',
      'log',
      'service',
      'processes',
      'version',
      'config',
      'config-test',
      'ip-addr',
      'ip-link',
      'firewall',
      'sysctl',
      'maddr',
      'ipset',
      'tcpdump',
      'end',
    ]);
    const ev = evidenceFromOutput('controller', out);
    expect(ev.facts.version).toMatch(/^Keepalived v2\.2\.7/);
    expect(ev.ipAddr).toMatch(/^1: lo\s+inet 127\.0\.0\.1\/8/m);
    expect(ev.facts.sysctl?.['net.ipv4.conf.lo.rp_filter']).toMatch(/^\d$/);
    expect(ev.facts.ipsetInstalled).toBe(true);
    expect(ev.tcpdump).toMatch(/listening on lo/);
    expect(ev.facts.missingTools).toEqual([]);
  });

  it('quotes inventory values: a hostile interface name is data, not code', () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'diag-q-')), 'pwned');
    runLocally(
      gatherScript({
        since: `1 hour ago'; touch ${marker}; '`,
        interface: `eth0"; touch ${marker}; "`,
        captureSeconds: 0,
      }),
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('reports missing tools and skips their sections', () => {
    const out = [
      '@@VIPCTL-DIAG missing@@',
      'tcpdump',
      'nft',
      '@@VIPCTL-DIAG service@@',
      'inactive',
      '@@VIPCTL-DIAG processes@@',
      '0',
      '@@VIPCTL-DIAG tcpdump@@',
      '',
      '@@VIPCTL-DIAG end@@',
      '',
    ].join('\n');
    const ev = evidenceFromOutput('h', out);
    expect(ev.facts.missingTools).toEqual(['tcpdump', 'nft']);
    expect(ev.facts.service).toEqual({ active: 'inactive', vrrpProcess: false });
    expect(ev.tcpdump).toBeUndefined();
  });
});
