// The diagnose command's contract as a user meets it (built CLI): exit codes, no stack traces, the runbook's
// example offline, an unreachable host. No keepalived state is changed on the lab.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labDefaultsYaml, vipctl, writeInventory } from './lab-fixture.js';

const FIX = resolve(import.meta.dirname, '../fixtures/diagnose');

describe('vipctl diagnose: exit codes and output', () => {
  it('the runbook §7 example offline: its five findings, exit 2', async () => {
    const r = await vipctl(['diagnose', '--from', `${FIX}/runbook`]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toMatch(/^5 findings \(3 errors\) on 1 host \(lb-host-1\)/);
    for (const id of [
      'vrid-invalid',
      'auth-pass-truncated',
      'ipset-missing',
      'config-permanent-error',
      'auth-type-mismatch',
    ])
      expect(r.stdout).toContain(`[${id}]`);
  });

  it('a healthy bundle offline: "healthy", exit 0', async () => {
    const r = await vipctl(['diagnose', '--from', `${FIX}/lab-healthy`]);
    expect(r.stdout).toMatch(/^healthy: no findings on 3 hosts/);
    expect(r.code).toBe(0);
  });

  it('a bad inventory: exit 4, the problem said, no stack trace', async () => {
    const inv = writeInventory(
      `${labDefaultsYaml()}\nhosts:\n  lb-host-1: { address: 10.10.10.51 }\nclusters:\n  c:\n    virtual_router_id: 300\n    vips: [10.10.10.80]\n    members:\n      lb-host-1: { priority: 100 }\n`,
    );
    const r = await vipctl(['diagnose', 'c', '-i', inv]);
    expect(r.code).toBe(4);
    expect(r.stderr + r.stdout).toMatch(/virtual_router_id/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreadable bundle: exit 5, no stack trace', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'diag-empty-'));
    writeFileSync(join(empty, 'notes.md'), 'nothing for diagnose here\n');
    const r = await vipctl(['diagnose', '--from', empty]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('holds no diagnose files');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreachable host: exit 3, named first, never called healthy', async () => {
    // 10.10.10.99: on the lab bridge, no host behind it
    const inv = writeInventory(`${labDefaultsYaml()}\nhosts:\n  ghost: { address: 10.10.10.99 }\n`);
    const r = await vipctl(['diagnose', 'ghost', '-i', inv, '--capture', '0'], { timeoutMs: 90_000 });
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toMatch(/^UNREACHABLE ghost: cannot connect/);
    expect(r.stdout).toContain('nothing checked: no host could be reached');
    expect(r.stdout).not.toMatch(/healthy/);
  }, 100_000);
});
