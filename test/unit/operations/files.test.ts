// Regression tests for the security review's findings on deployed files: M1 (operation side: never read or
// replace a file vipctl did not write at an inventory-chosen path), L4 (bounded 0600 backups with unique names),
// L5 (a temp name unique to each run), L13 (no value reaches a command as an option), L15 (owner root:root).
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VIPCTL_MARKER, withMarker } from '../../../src/facts/managed.js';
import { BACKUPS_KEPT, planFile, sha256, type WantedFile } from '../../../src/operations/files.js';
import type { OperationContext } from '../../../src/operations/types.js';
import type { Inventory } from '../../../src/inventory/types.js';
import type { HostFacts } from '../../../src/runner/host-facts.js';
import type { HostConnection } from '../../../src/ssh/types.js';
import { FakeHost } from '../runner/fake-host.js';
import { LocalHost } from './local-host.js';

const asRoot = process.getuid?.() === 0;

function facts(files: HostFacts['files'] = {}, marked: Record<string, boolean> = {}): HostFacts {
  return {
    os: { id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian', family: 'debian' },
    packageManager: 'apt',
    packages: {},
    aptListsAge: 10,
    init: 'systemd',
    service: { active: true, enabled: true, pid: 7 },
    files,
    addresses: [],
    marked,
  };
}

function ctx(conn: HostConnection, f: HostFacts, wantDiff = false): OperationContext {
  return {
    conn,
    host: { name: 'lb1' } as OperationContext['host'],
    inventory: { files: [], hosts: [], clusters: [] } as Inventory,
    facts: f,
    check: false,
    wantDiff,
    progress: () => {},
    started: new Set(),
  };
}

const script = (path: string, content = '#!/bin/sh\necho hi\n'): WantedFile => ({
  path,
  content: withMarker(content),
  mode: 0o755,
  mask: (t) => t,
  backup: false,
  existing: 'marked',
});

describe('files vipctl deploys at inventory-chosen paths (M1)', () => {
  it('a file vipctl did not write is refused and never read, not even for --check --diff', async () => {
    const host = new FakeHost('lb1');
    const f = facts({
      '/etc/shadow': { exists: true, sha256: 'a'.repeat(64), mode: '640', owner: 'root:shadow' },
    });
    await expect(planFile(script('/etc/shadow'), ctx(host, f, true))).rejects.toThrow(
      /refusing to replace \/etc\/shadow: .*did not write/,
    );
    expect(host.commands.filter((c) => /\bcat\b/.test(c))).toEqual([]);
  });

  it('a file vipctl wrote (marker line) is diffed and replaced', async () => {
    const host = new FakeHost('lb1', {}, [
      { match: /^cat /, result: { stdout: withMarker('#!/bin/sh\necho old\n') } },
    ]);
    const path = '/etc/keepalived/notify.sh';
    const f = facts(
      { [path]: { exists: true, sha256: 'b'.repeat(64), mode: '755', owner: 'root:root' } },
      { [path]: true },
    );
    const changes = await planFile(script(path), ctx(host, f, true));
    expect(changes.map((c) => c.description)).toEqual([`update ${path}`]);
    expect(changes[0]!.diff).toMatch(/-echo old\n\+echo hi/);
  });

  it('the marker goes after the #! line, once', () => {
    const marked = withMarker('#!/bin/sh\necho hi\n');
    expect(marked.split('\n').slice(0, 2)).toEqual(['#!/bin/sh', VIPCTL_MARKER]);
    expect(withMarker(marked)).toBe(marked);
    expect(withMarker('echo hi\n').split('\n')[0]).toBe(VIPCTL_MARKER);
  });
});

describe('owner, temp names and operands', () => {
  it('right content and mode but another owner is changed back to root:root (L15)', async () => {
    const host = new FakeHost('lb1');
    const w = script('/etc/keepalived/n.sh');
    const f = facts(
      { [w.path]: { exists: true, sha256: sha256(w.content), mode: '755', owner: 'ops:ops' } },
      { [w.path]: true },
    );
    const changes = await planFile(w, ctx(host, f));
    expect(changes.map((c) => c.description)).toEqual([`set owner root:root and mode 755 on ${w.path}`]);
    await changes[0]!.apply(ctx(host, f));
    expect(host.commands).toEqual([`chown root:root -- ${w.path} && chmod 755 -- ${w.path}`]);
  });

  it('two runs upload under different temp names, and the move names the owner (L5)', async () => {
    const host = new FakeHost('lb1');
    for (let i = 0; i < 2; i++) {
      const changes = await planFile(script('/etc/keepalived/n.sh'), ctx(host, facts()));
      await changes[0]!.apply(ctx(host, facts()));
    }
    const [a, b] = host.puts.map((p) => p.path);
    expect(a).toMatch(/^\/etc\/keepalived\/n\.sh\.vipctl-new-[0-9a-f]{8}$/);
    expect(b).not.toBe(a);
    expect(host.commands.at(-1)).toMatch(/chown root:root -- \S*vipctl-new-[0-9a-f]{8} && mv -f -- /);
  });

  it('relative paths, "-" first and ".." are refused before anything runs (L13)', async () => {
    const host = new FakeHost('lb1');
    for (const path of ['-rf', 'etc/x', '/etc/keepalived/../../root/x']) {
      await expect(planFile({ ...script(path), existing: 'replace' }, ctx(host, facts()))).rejects.toThrow(
        /refusing path/,
      );
    }
    expect(host.commands).toEqual([]);
  });
});

describe.runIf(asRoot)('backups (L4), run for real in a temp directory', () => {
  it(`keeps the newest ${BACKUPS_KEPT}, each 0600 root:root, with unique names within one second`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-backups-'));
    const path = join(dir, 'keepalived.conf');
    writeFileSync(path, 'v0\n', { mode: 0o644 });
    const host = new LocalHost();
    for (let i = 1; i <= BACKUPS_KEPT + 3; i++) {
      const f = facts({
        [path]: { exists: true, sha256: sha256(`v${i - 1}\n`), mode: '600', owner: 'root:root' },
      });
      const want: WantedFile = { path, content: `v${i}\n`, mode: 0o600, mask: (t) => t, backup: true };
      const changes = await planFile(want, ctx(host, f));
      await changes[0]!.apply(ctx(host, f));
    }
    const backups = readdirSync(dir).filter((n) => n.endsWith('.bak'));
    expect(backups).toHaveLength(BACKUPS_KEPT);
    for (const b of backups) expect(statSync(join(dir, b)).mode & 0o777).toBe(0o600);
    // the oldest went first: the backups of v0..v7 leave v3..v7
    const kept = backups.sort().map((b) => readFileSync(join(dir, b), 'utf8').trim());
    expect(kept).toEqual(['v3', 'v4', 'v5', 'v6', 'v7']);
    expect(readdirSync(dir).filter((n) => n.includes('vipctl-new'))).toEqual([]);
  });
});
