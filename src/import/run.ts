import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import { formatFindings } from '../inventory/findings.js';
import { terminalSafe } from '../report/terminal-text.js';
import { loadInventory } from '../inventory/load.js';
import { openSession, type SessionOptions } from '../runner/session.js';
import { checkParsed } from '../keepalived/check.js';
import { parseConfig, parseConfigText } from '../keepalived/parser.js';
import { ipFamily } from '../inventory/ip.js';
import type { ConfigDiagnostic, ParsedConfig } from '../keepalived/types.js';
import { buildInventory, type HostInput, type ImportResult } from './build.js';
import { emitInventory, type SecretsMode } from './emit.js';
import { readAnsibleInventory, renderRoleConfig } from './ansible.js';
import { parseRemoteConfig } from './remote-fs.js';
import { checkRoundTrip, type RoundTripResult } from './roundtrip.js';

// vipctl import: configs (files, or read from hosts over SSH) → parsed → inventory → YAML, checked by the
// round trip (render the imported inventory, parse it, compare with the original).

export const REMOTE_CONFIG = '/etc/keepalived/keepalived.conf';

export interface ImportOptions {
  secrets: SecretsMode;
  output?: string;
  configId?: string;
}

export interface ImportReport {
  result: ImportResult;
  yaml: string;
  written: string[];
  roundTrip: RoundTripResult[];
  configFindings: ConfigDiagnostic[];
  sources: Map<string, string>;
}

/** `NAME=VALUE` pairs of a repeated flag. */
export function pairs(values: string[] | undefined, flag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) {
      throw new UserError(
        `--${flag} ${v}: expected NAME=VALUE`,
        ExitCode.USAGE,
        `e.g. --${flag} lb-host-1=…`,
      );
    }
    const name = v.slice(0, eq);
    if (out.has(name)) throw new UserError(`--${flag}: ${name} is given twice`, ExitCode.USAGE);
    out.set(name, v.slice(eq + 1));
  }
  return out;
}

export function parseLocal(
  files: Map<string, string>,
  configId?: string,
): { host: string; parsed: ParsedConfig }[] {
  return [...files].map(([host, path]) => ({
    host,
    parsed: parseConfig(path, configId === undefined ? {} : { configId }),
  }));
}

/** Reads each host's config over SSH (one connection per host, opened in parallel), with its includes. */
export async function parseRemote(
  inventoryFiles: string[],
  opts: SessionOptions & { configId?: string; path?: string; only?: string[] },
): Promise<{
  configs: { host: string; parsed: ParsedConfig }[];
  hostsDoc: Record<string, unknown>;
  unreachable: string[];
}> {
  const { inventory } = await loadInventory(inventoryFiles);
  if (inventory.hosts.length === 0) throw new UserError('the inventory has no hosts', ExitCode.INVENTORY);
  const only = opts.only;
  for (const name of only ?? []) {
    if (!inventory.hosts.some((h) => h.name === name)) {
      const known = inventory.hosts.map((h) => h.name).join(', ');
      throw new UserError(`no host "${name}" in the inventory`, ExitCode.USAGE, `hosts: ${known}`);
    }
  }
  const selected = only ? inventory.hosts.filter((h) => only.includes(h.name)) : inventory.hosts;
  const session = await openSession(selected, opts);
  try {
    const configs = await Promise.all(
      session.reachable.map(async (h) => ({
        host: h.host.name,
        parsed: await parseRemoteConfig(
          h.conn,
          opts.path ?? REMOTE_CONFIG,
          opts.configId === undefined ? {} : { configId: opts.configId },
        ),
      })),
    );
    // keep the hosts (and defaults) exactly as the user wrote them: ssh settings, become, addresses
    const hostsDoc: Record<string, unknown> = {};
    for (const file of inventoryFiles) {
      const doc = parseDocument(readFileSync(file, 'utf8')).toJSON() as Record<string, unknown> | null;
      if (doc?.defaults)
        hostsDoc.defaults = { ...(hostsDoc.defaults as object), ...(doc.defaults as object) };
      if (doc?.hosts) hostsDoc.hosts = { ...(hostsDoc.hosts as object), ...(doc.hosts as object) };
    }
    const unreachable = session.hosts
      .filter((h) => h.conn === undefined)
      .map((h) => `${h.host.name}: ${h.error?.message ?? 'unreachable'}`);
    return { configs, hostsDoc, unreachable };
  } finally {
    await session.close();
  }
}

/**
 * check-config findings that mean part of the configuration was not read (see docs/import.md): a file missing,
 * a directory, not text or too large (KC009, or KC007 for an included one), an include cycle (KC008). A glob
 * that matches nothing (`include conf.d/*.conf` with conf.d empty) loses nothing: keepalived reads nothing either.
 */
function unread(f: ConfigDiagnostic): boolean {
  if (f.code === 'KC008' || f.code === 'KC009') return true;
  return f.code === 'KC007' && !/^include \S*[*?[{]\S*: no matching file$/.test(f.message);
}

export function runImport(
  configs: { host: string; parsed: ParsedConfig; address?: string }[],
  opts: ImportOptions & { hostsDoc?: Record<string, unknown> },
): ImportReport {
  const sources = new Map<string, string>();
  for (const c of configs) for (const [k, v] of c.parsed.sources) sources.set(k, v);
  const configFindings = configs.flatMap((c) => checkParsed(c.parsed));
  // A config not read whole (a file missing, a directory, not text, too large; an include missing or cyclic)
  // must not become an inventory: configure would write a config without what could not be read.
  const lost = configFindings.filter(unread);
  if (lost.length > 0) {
    throw new UserError(
      `cannot import: the configuration could not be read whole\n${formatFindings(lost, sources)}`,
      ExitCode.INVENTORY,
      'fix the file or the include (vipctl check-config shows the same findings), then import again',
    );
  }
  const inputs: HostInput[] = configs.map((c) =>
    c.address === undefined
      ? { name: c.host, parsed: c.parsed }
      : { name: c.host, parsed: c.parsed, address: c.address },
  );
  const result = buildInventory(inputs);
  if (opts.hostsDoc) {
    // hosts read over SSH: address and SSH settings come from the inventory given; what the configs hold per
    // host (global_defs, static_*) stays
    const hosts = opts.hostsDoc.hosts as Record<string, unknown> | undefined;
    const imported = (result.doc.hosts ?? {}) as Record<string, Record<string, unknown>>;
    for (const name of Object.keys(imported)) {
      const given = hosts?.[name];
      if (given && typeof given === 'object') imported[name] = { ...imported[name], ...given };
    }
    result.findings = result.findings.filter((f) => f.code !== 'IMP001');
    // defaults: the ones given (SSH settings…) with what every config holds alike (global_defs) on top
    const given = opts.hostsDoc.defaults as Record<string, unknown> | undefined;
    if (given) {
      const { defaults: imported, ...rest } = result.doc;
      const merged: Record<string, unknown> = {
        ...given,
        ...(imported as Record<string, unknown> | undefined),
      };
      const gd = given.global_defs as Record<string, unknown> | undefined;
      const id = imported?.global_defs as Record<string, unknown> | undefined;
      if (gd && id) merged.global_defs = { ...gd, ...id };
      result.doc = { defaults: merged as never, ...rest };
    }
  }
  const blocking = result.findings.filter((f) => f.severity === 'error');
  if (blocking.length > 0) {
    throw new UserError(`cannot import:\n${formatFindings(blocking, sources)}`, ExitCode.INVENTORY);
  }
  const emitted = emitInventory(result, {
    secrets: opts.secrets,
    sources: configs.map((c) => `${c.host}=${c.parsed.file}`),
    ...(opts.output !== undefined ? { output: opts.output } : {}),
  });
  const roundTrip = checkRoundTrip(emitted.verifyYaml, configs, result.unmapped);
  const written: string[] = [];
  for (const f of emitted.files) {
    mkdirSync(dirname(f.path), { recursive: true, mode: 0o700 });
    writeFileSync(f.path, f.content, { mode: f.mode });
    chmodSync(f.path, f.mode);
    written.push(f.path);
  }
  if (opts.output !== undefined) {
    writeFileSync(opts.output, emitted.yaml);
    written.unshift(opts.output);
  }
  return { result, yaml: emitted.yaml, written, roundTrip, configFindings, sources };
}

/** The summary import prints: what was mapped, what was kept aside, the round trip's verdict. */
export function formatSummary(r: ImportReport): string {
  const c = r.result.counts;
  const lines = [
    `imported ${c.hosts} hosts: ${c.instances} vrrp_instances → ${c.clusters} clusters, ${c.scripts} vrrp_scripts, ${c.virtualServers ?? 0} virtual_servers, ${c.extra} keywords kept verbatim in extra, ${r.result.unmapped.length} not modelled (listed as comments in the YAML), ${r.configFindings.length} check-config findings`,
  ];
  for (const u of r.result.unmapped)
    lines.push(`  not modelled: ${u.host}: ${u.text} (${u.loc.file}:${u.loc.line}; ${u.why})`);
  for (const f of r.result.findings) {
    const { file, line, column } = f.location;
    lines.push(
      `  ${terminalSafe(file)}:${line}:${column}: ${f.severity} ${f.code} ${terminalSafe(f.message)}`,
    );
  }
  for (const t of r.roundTrip) {
    if (t.missing.length === 0 && t.added.length === 0) {
      lines.push(
        `round trip ${t.host}: same configuration${t.expectedMissing > 0 ? ` (except the ${t.expectedMissing} not modelled)` : ''}`,
      );
    } else {
      lines.push(`round trip ${t.host}: DIFFERS`);
      for (const m of t.missing) lines.push(`  - ${m}`);
      for (const a of t.added) lines.push(`  + ${a}`);
    }
  }
  if (r.configFindings.some((f) => f.severity === 'error')) {
    lines.push('note: check-config finds errors in these configs; run `vipctl check-config` on them');
  }
  for (const w of r.written) lines.push(`wrote ${w}`);
  return lines.join('\n');
}

/**
 * Hosts of an Ansible inventory that use the evrardjp/ansible-keepalived role (keepalived_instances set): the
 * config the role would write for each, parsed as if read from `ansible:HOST`. `notes` name what is not imported.
 */
export function parseAnsible(
  inventory: string,
  playbookVars?: string,
): { configs: { host: string; parsed: ParsedConfig; address?: string }[]; notes: string[] } {
  const notes: string[] = [];
  const configs: { host: string; parsed: ParsedConfig; address?: string }[] = [];
  for (const h of readAnsibleInventory(inventory, playbookVars)) {
    if (h.vars.keepalived_instances === undefined) continue;
    const { text, ignored } = renderRoleConfig(h.vars);
    for (const v of ignored) notes.push(`${h.name}: ${v} is not imported`);
    const parsed = parseConfigText(text, `ansible:${h.name}`);
    const address =
      typeof h.vars.ansible_host === 'string' ? h.vars.ansible_host : ipFamily(h.name) ? h.name : undefined;
    configs.push(address === undefined ? { host: h.name, parsed } : { host: h.name, parsed, address });
  }
  if (configs.length === 0) {
    throw new UserError(
      `no host of ${inventory} sets keepalived_instances`,
      ExitCode.USAGE,
      'give the inventory (and group_vars/host_vars beside it) the role runs with; --playbook-vars FILE for vars set in the playbook',
    );
  }
  return { configs, notes };
}
