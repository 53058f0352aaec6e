import { readdirSync, readFileSync, statSync } from 'node:fs';
import { MAX_FILE_BYTES } from './reader.js';

// The parser reads files through this interface, so the same code reads a local file, a host's files fetched
// over SSH (src/import/remote-fs.ts) or texts held in memory (tests).

export type FileRead =
  | { kind: 'file'; text: string }
  | { kind: 'missing' | 'directory' | 'too-large' | 'binary' | 'error'; reason?: string };

export interface ConfigFs {
  read(path: string): FileRead;
  /** entries of a directory (names only), or undefined when it is not a readable directory */
  list(dir: string): string[] | undefined;
}

/** A text is refused when it holds control bytes: keepalived's fgets would read it as garbage. */
export function classifyText(buf: Buffer): FileRead {
  if (buf.length > MAX_FILE_BYTES) return { kind: 'too-large' };
  // NUL or C0 control bytes (other than tab, newline, CR, VT, FF) never occur in a config: a binary file
  for (const b of buf) if (b < 0x20 && (b < 0x09 || b > 0x0d)) return { kind: 'binary' };
  return { kind: 'file', text: buf.toString('utf8') };
}

export const localFs: ConfigFs = {
  read(path) {
    try {
      const st = statSync(path);
      if (st.isDirectory()) return { kind: 'directory' };
      if (st.size > MAX_FILE_BYTES) return { kind: 'too-large' };
      return classifyText(readFileSync(path));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? { kind: 'missing' } : { kind: 'error', reason: code ?? 'error' };
    }
  },
  list(dir) {
    try {
      return readdirSync(dir);
    } catch {
      return undefined;
    }
  },
};

/** Files held in memory, by path (tests, and texts already fetched from a host). */
export function memoryFs(files: Record<string, string> | Map<string, string>): ConfigFs {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return {
    read(path) {
      const text = map.get(path);
      if (text !== undefined) return { kind: 'file', text };
      const prefix = path.endsWith('/') ? path : `${path}/`;
      return [...map.keys()].some((k) => k.startsWith(prefix)) ? { kind: 'directory' } : { kind: 'missing' };
    },
    list(dir) {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const names = new Set<string>();
      for (const k of map.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]!);
      return names.size > 0 ? [...names] : undefined;
    },
  };
}
