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

// Characters that end a keepalived word, line, block or quoted string, or start a comment, and control or
// bidi characters that would make the file read differently from what it does. Lint refuses them field by
// field; this is the last line of defence for any value a rule does not know about. Tab is whitespace, as space.
/* eslint-disable-next-line no-control-regex -- control characters are what this finds */
const CONFIG_BREAKERS = /[\n\r{}#!"\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Refuses to render when any value the template can interpolate holds a config-breaking character. */
export function refuseConfigBreakers(view: unknown, hostName: string): void {
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      const bad = CONFIG_BREAKERS.exec(value);
      if (bad) {
        throw new UserError(
          `refusing to render ${JSON.stringify(hostName)}: ${path} holds ${JSON.stringify(bad[0])}, which would change the structure of keepalived.conf`,
          ExitCode.INVENTORY,
          'newlines, braces, quotes, # and ! are not allowed in names and values; run `vipctl inventory lint` to find the field',
        );
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k);
    }
  };
  visit(view, '');
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
    // PASS with an empty password must never render like `none` (the block would silently disappear).
    if (value === '') {
      throw new UserError(
        `auth password (${auth.password.describe}) is empty: refusing to render ${hostName} without authentication`,
        ExitCode.INVENTORY,
        'set the password, or say auth: { type: none } if the cluster is meant to run without it',
      );
    }
    secrets.add(value);
    return value;
  };
  const view = configView(inv, host, reveal);
  refuseConfigBreakers(view, hostName);
  const text = template(opts.templateDir ?? inv.templateDir ?? defaultTemplateDir())(view);
  // Blank lines left by skipped blocks carry no meaning; one trailing newline keeps files diff-friendly.
  return { text: `${text.replace(/\n{2,}/g, '\n').trimEnd()}\n`, secrets: [...secrets] };
}
