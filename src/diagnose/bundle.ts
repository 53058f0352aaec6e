// Support bundles: everything gathered as plain files, readable by people and by `diagnose --from`.
//   <host>.log, <host>.conf, ip-addr-<host>.txt, ip-link-<host>.txt, tcpdump-<host>.txt, config-test-<host>.txt,
//   firewall-<host>.txt, facts.json ({host: HostFacts}, plus "unreachable").
// Files collected by hand with those names work too; any subset is fine. A .log holding several hosts' lines
// (a central syslog) is split by the host each line names.
// Bundles come from tickets and are untrusted: every file is stat'ed (regular files only, size capped),
// facts.json is checked against a schema, and problems are usage errors (exit 5), never a crash.
// Writing (--save) never follows links: a fresh 0700 directory, files created exclusively with mode 0600, and
// host names encoded so that no name can leave the directory.
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, chmod } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import type { Bundle, HostEvidence } from './evidence.js';
import { parseFactsFile, type FactsFile } from './facts-schema.js';
import { splitByHost } from './log-split.js';

type TextField = 'log' | 'config' | 'ipAddr' | 'ipLink' | 'tcpdump' | 'configTest' | 'firewall';

const FILES: { field: TextField; re: RegExp; name: (host: string) => string }[] = [
  { field: 'ipAddr', re: /^ip-addr-(.+)\.txt$/, name: (h) => `ip-addr-${h}.txt` },
  { field: 'ipLink', re: /^ip-link-(.+)\.txt$/, name: (h) => `ip-link-${h}.txt` },
  { field: 'tcpdump', re: /^tcpdump-(.+)\.txt$/, name: (h) => `tcpdump-${h}.txt` },
  { field: 'configTest', re: /^config-test-(.+)\.txt$/, name: (h) => `config-test-${h}.txt` },
  { field: 'firewall', re: /^firewall-(.+)\.txt$/, name: (h) => `firewall-${h}.txt` },
  { field: 'log', re: /^(.+)\.log$/, name: (h) => `${h}.log` },
  { field: 'config', re: /^(.+)\.conf$/, name: (h) => `${h}.conf` },
];

/** Larger files are not what diagnose gathers (journal windows, configs): refused rather than read whole. */
export const MAX_BUNDLE_FILE = 64 * 1024 * 1024;

/**
 * A host name as a file name: letters, digits, `_`, `-` and inner dots stay; anything else (`/`, `%`, a leading
 * dot, control characters) becomes %HH, so `../x` cannot leave the directory and names read back unchanged.
 */
export function fileSafeName(host: string): string {
  const enc = host.replace(/[^A-Za-z0-9_.-]/gu, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  return enc.replace(/^\./, '%2E') || '%';
}

function hostFromFileName(name: string): string {
  if (!name.includes('%')) return name;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function bundleError(path: string, what: string): UserError {
  return new UserError(
    `${path}: ${what}`,
    ExitCode.USAGE,
    'a bundle holds regular text files written by diagnose --save (or collected by hand with those names)',
  );
}

/** A bundle file's text, after checking it is a regular file of sane size. */
async function readBundleFile(path: string): Promise<string> {
  let st;
  try {
    st = await lstat(path);
  } catch (err) {
    throw bundleError(path, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (st.isSymbolicLink()) throw bundleError(path, 'is a symbolic link; bundles hold regular files only');
  if (!st.isFile()) throw bundleError(path, 'is not a regular file');
  if (st.size > MAX_BUNDLE_FILE)
    throw bundleError(path, `is ${st.size} bytes; bundle files are at most ${MAX_BUNDLE_FILE} bytes`);
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw bundleError(path, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export async function readBundle(dir: string): Promise<Bundle> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (err) {
    throw new UserError(`cannot read bundle directory ${dir}: ${(err as Error).message}`, ExitCode.USAGE);
  }
  const hosts = new Map<string, HostEvidence>();
  const host = (name: string): HostEvidence => {
    let h = hosts.get(name);
    if (!h) hosts.set(name, (h = { host: name, facts: {} }));
    return h;
  };
  const notes: string[] = [];
  let facts: FactsFile = {};
  for (const name of names) {
    if (name === 'facts.json') {
      facts = parseFactsFile(join(dir, name), await readBundleFile(join(dir, name)));
      continue;
    }
    const f = FILES.find((x) => x.re.test(name));
    if (!f) continue;
    const hostName = hostFromFileName(f.re.exec(name)![1]!);
    const text = await readBundleFile(join(dir, name));
    if (text.includes('\0')) {
      // binary data is not keepalived output: said, not analysed
      notes.push(`${name}: binary content (NUL bytes), skipped`);
      continue;
    }
    const parts = f.field === 'log' ? splitByHost(text) : undefined;
    if (!parts) host(hostName)[f.field] = text;
    // a central syslog: each host's lines go to that host (appended to its own log file, if any)
    else for (const [h, t] of parts) host(h).log = (host(h).log ?? '') + t;
  }
  for (const [name, hf] of Object.entries(facts.hosts ?? {})) host(name).facts = hf;
  if (hosts.size === 0) {
    throw new UserError(
      `${dir} holds no diagnose files`,
      ExitCode.USAGE,
      'expected <host>.log, <host>.conf, ip-addr-<host>.txt, tcpdump-<host>.txt, config-test-<host>.txt or facts.json',
    );
  }
  return {
    hosts: [...hosts.values()],
    unreachable: facts.unreachable ?? [],
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * The directory --save writes into: created here with mode 0700, or an existing empty directory of ours
 * (not a link), tightened to 0700. Anything else is refused: a bundle holds logs and configs.
 */
export async function freshDirectory(dir: string): Promise<void> {
  await mkdir(dirname(dir), { recursive: true });
  try {
    await mkdir(dir, { mode: 0o700 });
    await chmod(dir, 0o700); // the umask may have taken bits away; never added any
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new UserError(`cannot create ${dir}: ${(err as Error).message}`, ExitCode.USAGE);
    }
  }
  const st = await lstat(dir);
  const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
  if (st.isSymbolicLink() || !st.isDirectory() || !mine || (await readdir(dir)).length > 0) {
    throw new UserError(
      `--save ${dir}: already exists${st.isSymbolicLink() ? ' as a symbolic link' : st.isDirectory() ? (mine ? ' and is not empty' : ' and belongs to another user') : ' and is not a directory'}`,
      ExitCode.USAGE,
      'give a new directory (diagnose creates it, readable only by you)',
    );
  }
  await chmod(dir, 0o700);
}

/** Creates one file, never through a link and never over an existing file, readable only by its owner. */
async function writeNew(path: string, text: string): Promise<void> {
  let fh;
  try {
    fh = await open(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
  } catch (err) {
    throw new UserError(`cannot write ${path}: ${(err as Error).message}`, ExitCode.USAGE);
  }
  try {
    await fh.writeFile(text);
  } finally {
    await fh.close();
  }
}

export async function writeBundle(dir: string, bundle: Bundle): Promise<string[]> {
  await freshDirectory(dir);
  const written: string[] = [];
  for (const h of bundle.hosts) {
    for (const f of FILES) {
      const text = h[f.field];
      if (text === undefined) continue;
      const file = f.name(fileSafeName(h.host));
      await writeNew(join(dir, file), text.endsWith('\n') || text === '' ? text : `${text}\n`);
      written.push(file);
    }
  }
  const facts: FactsFile = {
    hosts: Object.fromEntries(bundle.hosts.map((h) => [h.host, h.facts])),
    unreachable: bundle.unreachable,
  };
  await writeNew(join(dir, 'facts.json'), `${JSON.stringify(facts, null, 2)}\n`);
  written.push('facts.json');
  return written;
}
