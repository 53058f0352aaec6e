// A bundle leaves the machine (support tickets, CI artefacts): auth passwords never go with it. Each distinct
// password (as keepalived uses it: the first 8 characters) becomes its own label, masked-1, masked-2 … (8
// characters at most, since the comparison also reads 8), so a saved bundle still tells "members use
// different passwords" from "the same one" — and nothing more.
import type { Bundle } from './evidence.js';

const AUTH_PASS = /^(\s*auth_pass\s+)(\S+)/gm;

export function maskBundle(bundle: Bundle): Bundle {
  const labels = new Map<string, string>();
  const label = (pass: string): string => {
    const key = pass.slice(0, 8);
    if (!labels.has(key)) labels.set(key, `masked${labels.size < 9 ? '-' : ''}${labels.size + 1}`);
    return labels.get(key)!;
  };
  return {
    ...bundle,
    hosts: bundle.hosts.map((h) => ({
      ...h,
      config: h.config?.replace(AUTH_PASS, (_, lead: string, pass: string) => `${lead}${label(pass)}`),
      tcpdump: h.tcpdump?.replace(/ auth "[^"]*"/g, ' auth "********"'),
    })),
  };
}
