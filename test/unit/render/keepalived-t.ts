import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeConfigTest, type ConfigTestResult } from '../../../src/render/config-test.js';

// Runs the real `keepalived -t -f` on a config. keepalived checks that the interfaces exist, so each test
// runs in a throwaway network namespace holding exactly the interfaces the config names (veth, since the
// controller kernel has no dummy module).

const namespace = `vkt-${process.pid}`;
let made = false;

/** Namespaces left by test runs that were killed (their pid is gone). */
function removeStaleNamespaces(): void {
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const m of list.matchAll(/^vkt-(\d+)\b/gm)) {
    const pid = Number(m[1]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) spawnSync('ip', ['netns', 'del', `vkt-${pid}`]);
  }
}

function ensureNamespace(interfaces: readonly string[]): void {
  if (!made) {
    removeStaleNamespaces();
    const r = spawnSync('ip', ['netns', 'add', namespace], { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(
        `keepalived -t needs a throwaway network namespace (root / CAP_NET_ADMIN): ${r.stderr.trim()}`,
      );
    }
    made = true;
  }
  const existing = execFileSync('ip', ['-n', namespace, '-o', 'link'], { encoding: 'utf8' });
  for (const ifname of interfaces) {
    if (new RegExp(`^\\d+: ${ifname}[@:]`, 'm').test(existing)) continue;
    execFileSync('ip', [
      '-n',
      namespace,
      'link',
      'add',
      ifname,
      'type',
      'veth',
      'peer',
      'name',
      `p${process.pid % 1000}${ifname}`.slice(0, 15),
    ]);
  }
}

export function removeNamespace(): void {
  if (made) spawnSync('ip', ['netns', 'del', namespace]);
  made = false;
}

/** Interfaces a rendered config names (interface, dev, track_interface blocks). */
export function interfacesIn(config: string): string[] {
  const names = new Set<string>();
  for (const m of config.matchAll(/^\s*interface (\S+)$/gm)) names.add(m[1]!);
  for (const m of config.matchAll(/ dev (\S+)/g)) names.add(m[1]!);
  for (const block of config.matchAll(/track_interface \{([^}]*)\}/g)) {
    for (const n of block[1]!.split(/\s+/).filter(Boolean)) names.add(n);
  }
  return [...names];
}

export function keepalivedTest(config: string): ConfigTestResult & { stderr: string } {
  ensureNamespace(interfacesIn(config));
  const dir = mkdtempSync(join(tmpdir(), 'vipctl-kt-'));
  const file = join(dir, 'keepalived.conf');
  writeFileSync(file, config);
  const r = spawnSync('ip', ['netns', 'exec', namespace, 'keepalived', '-t', '-f', file], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return {
    ...judgeConfigTest(r.status ?? (r.signal === 'SIGTERM' ? 143 : null), r.stderr),
    stderr: r.stderr,
  };
}
