import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { terminalSafe } from '../report/terminal-text.js';
import { shq } from '../ssh/quote.js';
import type { HostConnection } from '../ssh/types.js';
import { classifyText, type ConfigFs, type FileRead } from '../keepalived/fs.js';
import { parseConfig } from '../keepalived/parser.js';
import { MAX_FILE_BYTES, type ReadOptions } from '../keepalived/reader.js';
import type { ParsedConfig } from '../keepalived/types.js';

// A host's keepalived.conf and everything it includes, read over SSH. The parser is synchronous and reads
// through a ConfigFs, so the files are fetched in rounds: parse with what is known, fetch every path and
// directory the parse asked for and did not have (one remote command per round), parse again, until nothing
// new is asked (includes nest, so a few rounds).

const MAX_ROUNDS = 8;

interface Cache {
  files: Map<string, FileRead>;
  dirs: Map<string, string[] | undefined>;
}

function recordingFs(cache: Cache, wantFiles: Set<string>, wantDirs: Set<string>): ConfigFs {
  return {
    read(path) {
      const got = cache.files.get(path);
      if (got) return got;
      wantFiles.add(path);
      return { kind: 'missing' };
    },
    list(dir) {
      if (cache.dirs.has(dir)) return cache.dirs.get(dir);
      wantDirs.add(dir);
      return undefined;
    },
  };
}

/** One remote command: for each path, a header line (F, D or M, a tab, the path) then one base64 line. */
function fetchScript(files: string[], dirs: string[]): string {
  const f = files.map(shq).join(' ');
  const d = dirs.map(shq).join(' ');
  return [
    `for p in ${f}; do`,
    `  if [ -d "$p" ]; then printf 'D\\t%s\\n\\n' "$p";`,
    `  elif [ -f "$p" ] && [ -r "$p" ]; then printf 'F\\t%s\\n' "$p"; head -c ${MAX_FILE_BYTES + 1} -- "$p" | base64 -w0; echo;`,
    `  else printf 'M\\t%s\\n\\n' "$p"; fi`,
    'done',
    `for p in ${d}; do`,
    `  if [ -d "$p" ]; then printf 'L\\t%s\\n' "$p"; ls -1A -- "$p" | base64 -w0; echo; else printf 'M\\t%s\\n\\n' "$p"; fi`,
    'done',
  ].join('\n');
}

async function fetchRound(
  conn: HostConnection,
  files: string[],
  dirs: string[],
  cache: Cache,
): Promise<void> {
  const r = await conn.run(fetchScript(files, dirs), { become: true, timeoutMs: 60_000 });
  if (r.code !== 0)
    throw new UserError(
      `reading the config on ${conn.host} failed: ${terminalSafe(r.stderr.trim()) || `exit ${r.code}`}`,
      ExitCode.FAILED,
      'the host needs sh, head and base64 (coreutils), and root or sudo to read /etc/keepalived',
    );
  const lines = r.stdout.split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [kind, path] = [lines[i]!.slice(0, 1), lines[i]!.slice(2)];
    const data = Buffer.from(lines[i + 1]!, 'base64');
    if (kind === 'F') cache.files.set(path, classifyText(data));
    else if (kind === 'D') cache.files.set(path, { kind: 'directory' });
    else if (kind === 'L') cache.dirs.set(path, data.toString('utf8').split('\n').filter(Boolean));
    else if (files.includes(path)) cache.files.set(path, { kind: 'missing' });
    else cache.dirs.set(path, undefined);
  }
  // anything asked and not answered is missing (never ask twice)
  for (const p of files) if (!cache.files.has(p)) cache.files.set(p, { kind: 'missing' });
  for (const p of dirs) if (!cache.dirs.has(p)) cache.dirs.set(p, undefined);
}

/** Parses `path` on the host behind `conn` (with its includes), as parseConfig does for a local file. */
export async function parseRemoteConfig(
  conn: HostConnection,
  path: string,
  opts: ReadOptions = {},
): Promise<ParsedConfig> {
  const cache: Cache = { files: new Map(), dirs: new Map() };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const wantFiles = new Set<string>();
    const wantDirs = new Set<string>();
    const parsed = parseConfig(path, { ...opts, fs: recordingFs(cache, wantFiles, wantDirs) });
    if (wantFiles.size === 0 && wantDirs.size === 0) return parsed;
    await fetchRound(conn, [...wantFiles], [...wantDirs], cache);
  }
  return parseConfig(path, { ...opts, fs: recordingFs(cache, new Set(), new Set()) });
}
