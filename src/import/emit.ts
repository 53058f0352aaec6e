import { basename, dirname, join, relative } from 'node:path';
import { Document, isMap, isPair, isScalar, type Pair } from 'yaml';
import type { InventoryFile } from '../inventory/schema.js';
import type { ImportResult, Unmapped } from './build.js';

// The imported inventory as YAML a person reads: a header naming the sources, each cluster with a comment
// listing what could not be mapped (kept there verbatim, never dropped), and auth passwords moved out of the
// file: into password files (default, 0600 beside the output), an env file (password_env), or inline on request.

export type SecretsMode = 'file' | 'env' | 'inline';

export interface EmittedFile {
  path: string;
  content: string;
  mode: number;
}

export interface Emitted {
  /** the inventory as written */
  yaml: string;
  /** the same inventory with inline passwords, for the round-trip check only (never written, never printed) */
  verifyYaml: string;
  /** secret files to write (password files or the env file) */
  files: EmittedFile[];
}

const envName = (cluster: string, member?: string): string =>
  `VIPCTL_AUTH_${[cluster, member].filter(Boolean).join('_')}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

function placeSecrets(doc: InventoryFile, mode: SecretsMode, output: string | undefined): EmittedFile[] {
  const files: EmittedFile[] = [];
  const base = output ?? 'inventory.yaml';
  const dir = dirname(base);
  const secretsDir = join(dir, `${basename(base).replace(/\.ya?ml$/, '')}.secrets`);
  const envLines: string[] = [];
  const place = (auth: Record<string, unknown> | undefined, cluster: string, member?: string): void => {
    if (!auth || auth.type !== 'PASS' || typeof auth.password !== 'string') return;
    const value = auth.password;
    if (mode === 'inline') return;
    delete auth.password;
    if (mode === 'file') {
      const path = join(secretsDir, `${[cluster, member].filter(Boolean).join('.')}.pass`);
      auth.password_file = relative(dir, path);
      files.push({ path, content: `${value}\n`, mode: 0o600 });
    } else {
      const name = envName(cluster, member);
      auth.password_env = name;
      envLines.push(`${name}='${value.replace(/'/g, `'\\''`)}'`);
    }
  };
  for (const [name, c] of Object.entries(doc.clusters ?? {})) {
    place(c.auth as Record<string, unknown> | undefined, name);
    for (const [host, m] of Object.entries(c.members))
      place(m.auth as Record<string, unknown> | undefined, name, host);
  }
  if (envLines.length > 0) {
    files.push({
      path: join(dir, `${basename(base).replace(/\.ya?ml$/, '')}.env`),
      content: `${envLines.join('\n')}\n`,
      mode: 0o600,
    });
  }
  return files;
}

const commentLines = (items: Unmapped[]): string =>
  items.map((u) => ` ${u.host}: ${u.text}  (${u.loc.file}:${u.loc.line}; ${u.why})`).join('\n');

export function emitInventory(
  result: ImportResult,
  opts: { secrets: SecretsMode; output?: string; sources: string[] },
): Emitted {
  const verifyYaml = new Document(result.doc).toString();
  const doc = structuredClone(result.doc);
  const files = placeSecrets(doc, opts.secrets, opts.output);
  const yamlDoc = new Document(doc);
  const global = result.unmapped.filter((u) => u.cluster === undefined);
  const header = [
    ` Imported by vipctl import from ${opts.sources.join(', ')}.`,
    ' Check it with `vipctl inventory lint`, then `vipctl configure --check --diff` before `vipctl configure`.',
  ];
  if (global.length > 0) {
    header.push(
      ' Not modelled yet, so not written by vipctl (kept here so nothing is lost):',
      commentLines(global),
    );
  }
  yamlDoc.commentBefore = header.join('\n');
  const clusters = yamlDoc.get('clusters', true);
  if (isMap(clusters)) {
    for (const item of clusters.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const name = String(item.key.value);
      const lost = result.unmapped.filter((u) => u.cluster === name);
      if (lost.length === 0) continue;
      (item as Pair<{ commentBefore?: string }>).key!.commentBefore =
        ` Not modelled, kept here verbatim (vipctl will not write these):\n${commentLines(lost)}`;
    }
  }
  return { yaml: yamlDoc.toString({ lineWidth: 0 }), verifyYaml, files };
}
