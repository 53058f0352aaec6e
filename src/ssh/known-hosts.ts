// Host-key checking against an OpenSSH known_hosts file: plain and hashed (|1|salt|hash) names, [host]:port,
// @revoked markers, !negated patterns. Unknown keys are refused unless the caller accepts new ones; a changed key
// always is.
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export type HostKeyVerdict = 'trusted' | 'unknown' | 'changed' | 'revoked';

interface Entry {
  marker?: string;
  patterns: string[];
  keyType: string;
  keyBase64: string;
}

function parse(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    const marker = parts[0]?.startsWith('@') ? parts.shift() : undefined;
    const [names, keyType, keyBase64] = parts;
    if (!names || !keyType || !keyBase64) continue;
    entries.push({ marker, patterns: names.split(','), keyType, keyBase64 });
  }
  return entries;
}

/** The name a host has in known_hosts: `addr` on port 22, `[addr]:port` otherwise. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** OpenSSH wildcards: `*` and `?` only; everything else, `[` `]` of `[host]:port` included, is literal. */
function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(name);
}

function matchesOne(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    const h = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return h === hash;
  }
  return globMatch(pattern, name);
}

/** A line applies when one pattern matches and no `!pattern` does (a negation vetoes the whole line, as in sshd). */
function lineApplies(patterns: string[], name: string): boolean {
  if (patterns.some((p) => p.startsWith('!') && matchesOne(p.slice(1), name))) return false;
  return patterns.some((p) => !p.startsWith('!') && matchesOne(p, name));
}

// Parsed once per file and modification time: a run checks many hosts against one (possibly large) file.
const cache = new Map<string, { stamp: string; entries: Entry[] }>();

function entriesOf(file: string): Entry[] | undefined {
  let st;
  try {
    st = statSync(file);
  } catch {
    return undefined;
  }
  // inode, size and mtime: a file replaced, appended to or rewritten is parsed again.
  const stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
  const hit = cache.get(file);
  if (hit?.stamp === stamp) return hit.entries;
  const entries = parse(readFileSync(file, 'utf8'));
  cache.set(file, { stamp, entries });
  return entries;
}

/** SHA256 fingerprint as OpenSSH prints it. */
export function fingerprint(keyBase64: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside an SSH wire-format public key blob. */
export function keyTypeOf(blob: Buffer): string {
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString();
}

export function checkHostKey(file: string, name: string, blob: Buffer): HostKeyVerdict {
  const entries = entriesOf(file);
  if (!entries) return 'unknown';
  const keyBase64 = blob.toString('base64');
  const keyType = keyTypeOf(blob);
  const forHost = entries.filter((e) => lineApplies(e.patterns, name));
  if (forHost.some((e) => e.marker === '@revoked' && e.keyBase64 === keyBase64)) return 'revoked';
  const plain = forHost.filter((e) => !e.marker);
  if (plain.some((e) => e.keyBase64 === keyBase64)) return 'trusted';
  // Another key of the same type recorded for this name: the host's identity changed (or an impostor).
  if (plain.some((e) => e.keyType === keyType)) return 'changed';
  return 'unknown';
}

export function recordHostKey(file: string, name: string, blob: Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, `${name} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
  cache.delete(file);
}
