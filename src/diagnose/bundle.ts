// Support bundles: everything gathered as plain files, readable by people and by `diagnose --from`.
//   <host>.log, <host>.conf, ip-addr-<host>.txt, ip-link-<host>.txt, tcpdump-<host>.txt, config-test-<host>.txt,
//   firewall-<host>.txt, facts.json ({host: HostFacts}, plus "unreachable").
// Files collected by hand with those names work too; any subset is fine. A .log holding several hosts' lines
// (a central syslog) is split by the host each line names.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import type { Bundle, HostEvidence, HostFacts } from './evidence.js';
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

interface FactsFile {
  hosts?: Record<string, HostFacts>;
  unreachable?: { host: string; reason: string }[];
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
  let facts: FactsFile = {};
  for (const name of names) {
    if (name === 'facts.json') {
      try {
        facts = JSON.parse(await readFile(join(dir, name), 'utf8')) as FactsFile;
      } catch (err) {
        throw new UserError(
          `${join(dir, name)} is not valid JSON: ${(err as Error).message}`,
          ExitCode.USAGE,
        );
      }
      continue;
    }
    const f = FILES.find((x) => x.re.test(name));
    if (!f) continue;
    const hostName = f.re.exec(name)![1]!;
    const text = await readFile(join(dir, name), 'utf8');
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
  return { hosts: [...hosts.values()], unreachable: facts.unreachable ?? [] };
}

export async function writeBundle(dir: string, bundle: Bundle): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const h of bundle.hosts) {
    for (const f of FILES) {
      const text = h[f.field];
      if (text === undefined) continue;
      await writeFile(join(dir, f.name(h.host)), text.endsWith('\n') || text === '' ? text : `${text}\n`);
      written.push(f.name(h.host));
    }
  }
  const facts: FactsFile = {
    hosts: Object.fromEntries(bundle.hosts.map((h) => [h.host, h.facts])),
    unreachable: bundle.unreachable,
  };
  await writeFile(join(dir, 'facts.json'), `${JSON.stringify(facts, null, 2)}\n`);
  written.push('facts.json');
  return written;
}
