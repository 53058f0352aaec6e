import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';
import type { AuthSpec, Inventory } from '../inventory/types.js';
import { configView } from './view.js';
import { INVISIBLE } from '../report/terminal-text.js';

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

// Defence in depth behind lint, for values lint does not know about. Two kinds of text reach the template:
// - plain values (names, addresses, passwords, paths): no character that ends a keepalived word, line, block
//   or quoted string or starts a comment;
// - lines and blocks already laid out by the concept modules (src/inventory/vrrp/, built with word()/quoted()):
//   they may hold quotes and braces, but every block they open they close, so none can end its parent.
// Neither may hold control or bidi characters, which make the file read differently from what it does.
const VALUE_BREAKERS = /[\n\r\t{}#!"]/;
const LAID_OUT = new Set([
  'globalDefs',
  'definitions',
  'syncGroups',
  'lvs',
  'statics',
  'routing',
  'tracking',
  'notifyLines',
  'options',
  'extraLines',
]);

function breaker(value: string, laidOut: boolean): string | undefined {
  const bad = INVISIBLE.exec(value) ?? (laidOut ? null : VALUE_BREAKERS.exec(value));
  if (bad) return JSON.stringify(bad[0]);
  if (!laidOut) return undefined;
  let depth = 0;
  for (const line of value.split('\n')) {
    if (/^\s*[#!]/.test(line)) continue;
    for (const c of line) {
      if (c === '{') depth++;
      else if (c === '}' && --depth < 0) return 'a "}" that closes a block it did not open';
    }
  }
  return depth === 0 ? undefined : 'a "{" it does not close';
}

/** Refuses to render when any text the template can interpolate could change the structure of the file. */
export function refuseConfigBreakers(view: unknown, hostName: string): void {
  const visit = (value: unknown, path: string, laidOut: boolean): void => {
    if (typeof value === 'string') {
      const bad = breaker(value, laidOut);
      if (bad) {
        throw new UserError(
          `refusing to render ${JSON.stringify(hostName)}: ${path} holds ${bad}, which would change the structure of keepalived.conf`,
          ExitCode.INVENTORY,
          'control characters, newlines, braces, quotes, # and ! are not allowed in names and values; run `vipctl inventory lint` to find the field',
        );
      }
    } else if (Array.isArray(value) && laidOut && value.every((v) => typeof v === 'string')) {
      // a block may span several lines of one list: the list as a whole must close what it opens
      visit(value.join('\n'), path, true);
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`, laidOut));
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value))
        visit(v, path ? `${path}.${k}` : k, laidOut || LAID_OUT.has(k));
    }
  };
  visit(view, '', false);
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
