import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import type { AuthSpec, Inventory } from '../inventory/types.js';
import { configView } from './view.js';

export const TEMPLATE_FILE = 'keepalived.conf.hbs';

/** The bundled templates/: two levels up from both src/render/ (vitest) and dist/render/ (the CLI). */
export function defaultTemplateDir(): string {
  return fileURLToPath(new URL('../../templates/', import.meta.url));
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

function template(dir: string): HandlebarsTemplateDelegate {
  const file = join(dir, TEMPLATE_FILE);
  const cached = compiled.get(file);
  if (cached) return cached;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    throw new UserError(
      `template ${file} not found`,
      ExitCode.INVENTORY,
      `a template directory must hold ${TEMPLATE_FILE}`,
    );
  }
  // An isolated Handlebars: no global helpers leak in or out; no HTML escaping in a config file.
  const hb = Handlebars.create();
  hb.registerHelper('isDefined', (v: unknown) => v !== undefined && v !== null);
  let fn: HandlebarsTemplateDelegate;
  try {
    fn = hb.compile(source, { noEscape: true });
    fn({ host: '', scriptSecurity: false, scripts: [], instances: [] }); // surfaces syntax errors now
  } catch (err) {
    throw new UserError(`template ${file} is invalid: ${(err as Error).message}`, ExitCode.INVENTORY);
  }
  compiled.set(file, fn);
  return fn;
}

/**
 * keepalived.conf for one host with one vrrp_instance per cluster it belongs to (inventory order, so the
 * text and its checksum are stable). `secrets` lists the revealed passwords for maskSecrets.
 */
export function renderHostConfig(
  inv: Inventory,
  hostName: string,
  opts: { templateDir?: string } = {},
): { text: string; secrets: string[] } {
  const host = inv.hosts.find((h) => h.name === hostName);
  if (!host) {
    throw new UserError(
      `no host "${hostName}" in the inventory`,
      ExitCode.INVENTORY,
      `hosts: ${inv.hosts.map((h) => h.name).join(', ')}`,
    );
  }
  const secrets = new Set<string>();
  const reveal = (auth: AuthSpec): string | undefined => {
    if (auth.type !== 'PASS') return undefined;
    const value = auth.password.reveal();
    if (value !== '') secrets.add(value);
    return value;
  };
  const view = configView(inv, host, reveal);
  const text = template(opts.templateDir ?? inv.templateDir ?? defaultTemplateDir())(view);
  // Blank lines left by skipped blocks carry no meaning; one trailing newline keeps files diff-friendly.
  return { text: `${text.replace(/\n{2,}/g, '\n').trimEnd()}\n`, secrets: [...secrets] };
}
