import { execFileSync, spawnSync } from 'node:child_process';
import type { ConfigNode } from '../../../src/keepalived/types.js';

// The real `keepalived -t -f FILE` for a corpus config, in a throwaway network namespace holding the
// interfaces the config names (ifb links with multicast on: this kernel has no dummy module).

const namespace = `vkc-${process.pid}`;
let made = false;

/** Interfaces a parsed config names (interface, track_interface, `dev X` in value lines). */
export function interfacesOf(nodes: ConfigNode[], out = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if ((n.keyword === 'interface' || n.keyword === 'lvs_sync_daemon_interface') && n.args[0])
      out.add(n.args[0].text);
    if (n.keyword === 'track_interface') for (const v of n.values) if (v[0]) out.add(v[0].text);
    for (const v of n.values) {
      const i = v.findIndex((t) => t.text === 'dev');
      if (i >= 0 && v[i + 1]) out.add(v[i + 1]!.text);
    }
    interfacesOf(n.children, out);
  }
  return out;
}

export function keepalivedAvailable(): boolean {
  return (
    spawnSync('keepalived', ['--version']).status === 0 && spawnSync('ip', ['netns', 'list']).status === 0
  );
}

function ensure(interfaces: Iterable<string>): void {
  if (!made) {
    const r = spawnSync('ip', ['netns', 'add', namespace], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`keepalived -t needs a network namespace (root): ${r.stderr.trim()}`);
    made = true;
  }
  const existing = execFileSync('ip', ['-n', namespace, '-o', 'link'], { encoding: 'utf8' });
  for (const name of interfaces) {
    if (!/^[A-Za-z0-9_.-]{1,15}$/.test(name)) continue;
    if (existing.includes(`: ${name}:`) || existing.includes(`: ${name}@`)) continue;
    spawnSync('ip', ['-n', namespace, 'link', 'add', name, 'type', 'ifb']);
    spawnSync('ip', ['-n', namespace, 'link', 'set', name, 'multicast', 'on', 'up']);
  }
}

export function removeNamespace(): void {
  if (made) spawnSync('ip', ['netns', 'del', namespace]);
  made = false;
}

export interface KeepalivedVerdict {
  exit: number | null;
  messages: string[];
  /** line numbers keepalived names for this file ("(FILE: Line N)" or "(Line N)") */
  lines: number[];
}

export function keepalivedCheck(file: string, nodes: ConfigNode[]): KeepalivedVerdict {
  ensure(interfacesOf(nodes));
  const r = spawnSync('ip', ['netns', 'exec', namespace, 'keepalived', '-t', '-f', file], {
    encoding: 'utf8',
    timeout: 30_000,
    cwd: '/',
  });
  const messages = r.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const lines = new Set<number>();
  for (const m of messages) {
    const hit = /^\((?:([^:()]+): )?Line (\d+)\)/.exec(m);
    if (hit && (hit[1] === undefined || hit[1] === file)) lines.add(Number(hit[2]));
  }
  return { exit: r.status, messages, lines: [...lines].sort((a, b) => a - b) };
}
