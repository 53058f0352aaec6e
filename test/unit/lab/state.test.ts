// Regression tests for the security review's L17: lab.json is written whole or not at all, and an unreadable one
// is reported rather than silently taken for "no lab".
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readState, writeState, type LabState } from '../../../src/lab/state.js';

const state: LabState = {
  flavour: 'light',
  hosts: [{ name: 'lb-host-1', address: '10.10.10.51', pid: 42, hostKey: 'ssh-ed25519 AAAA' }],
  createdAt: '2026-12-01T00:00:00Z',
};

describe('lab state', () => {
  it('round-trips and leaves no temp file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-state-'));
    const file = join(dir, 'lab.json');
    writeState(state, file);
    expect(readState(file, () => {})).toEqual(state);
    expect(readdirSync(dir)).toEqual(['lab.json']);
  });

  it('says when lab.json is unreadable (a truncated write) instead of silently meaning "no lab"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-state-'));
    const file = join(dir, 'lab.json');
    writeFileSync(file, '{"flavour": "light", "hos');
    const problems: string[] = [];
    expect(readState(file, (m) => problems.push(m))).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(file);
    expect(problems[0]).toMatch(/unreadable/);
  });

  it('a missing lab.json is simply no lab', () => {
    const problems: string[] = [];
    expect(readState('/nonexistent/lab.json', (m) => problems.push(m))).toBeUndefined();
    expect(problems).toEqual([]);
  });
});
