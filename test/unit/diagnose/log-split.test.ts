import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/diagnose/analyze.js';
import { readBundle } from '../../../src/diagnose/bundle.js';
import { splitByHost } from '../../../src/diagnose/log-split.js';

const FIX = resolve(import.meta.dirname, '../../fixtures/diagnose');
const lines = (file: string): string[] => readFileSync(`${FIX}/${file}`, 'utf8').split('\n').filter(Boolean);

describe('a central syslog collected by hand', () => {
  it('is split by the host each line names, every line kept in order', () => {
    const a = lines('lab-healthy/lb-host-1.log');
    const b = lines('lab-healthy/lb-host-2.log');
    // interleaved as a syslog server writes them (both are short-iso: text order is time order)
    const central = [...a, ...b].sort().join('\n');
    const parts = splitByHost(central)!;
    expect([...parts.keys()].sort()).toEqual(['lb-host-1', 'lb-host-2']);
    expect(parts.get('lb-host-1')).toBe(`${[...a].sort().join('\n')}\n`);
    expect(parts.get('lb-host-2')).toBe(`${[...b].sort().join('\n')}\n`);
  });

  it('one host’s log stays whole, under the file’s name', () => {
    expect(splitByHost(lines('lab-healthy/lb-host-1.log').join('\n'))).toBeUndefined();
    expect(splitByHost(lines('runbook/lb-host-1.log').join('\n'))).toBeUndefined();
  });

  it('--from on such a file: findings name the host whose lines show the failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diag-central-'));
    // the runbook's failing start on lb-host-1 and a healthy lb-host-2, in one file called "syslog.log"
    writeFileSync(
      join(dir, 'syslog.log'),
      [...lines('runbook/lb-host-1.log'), ...lines('lab-healthy/lb-host-2.log')].join('\n'),
    );
    const bundle = await readBundle(dir);
    expect(bundle.hosts.map((h) => h.host).sort()).toEqual(['lb-host-1', 'lb-host-2']);
    const d = analyze(bundle);
    expect(d.findings.length).toBe(5);
    for (const f of d.findings) expect(f.hosts).toEqual(['lb-host-1']);
  });
});
