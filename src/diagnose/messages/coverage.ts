// What becomes of each message keepalived can print, per version: a rule explains it (which), it is normal
// operation (why), or a report shows it as unexplained. Computed from the catalog and the rules, never by hand.
import { RULES, wordingVerified } from '../rules.js';
import { CATALOG, CATALOG_VERSIONS } from './catalog.js';
import { benignFormat } from './classify.js';
import { sampleLine } from './sample.js';
import type { CatalogMessage } from './types.js';

export type Classification =
  | { kind: 'rule'; rule: string; verified: boolean }
  | { kind: 'benign'; why: string }
  | { kind: 'unexplained' };

/** `version`: count a rule's wording as recorded only when it was recorded on that version. */
export function classifyMessage(msg: CatalogMessage, version?: string): Classification {
  const line = sampleLine(msg.format);
  // specific rules first: a general one takes only what none of them explains (as the analyzer does)
  for (const r of [...RULES.filter((x) => !x.general), ...RULES.filter((x) => x.general)]) {
    const p = (r.log ?? []).find((x) => x.pattern.test(line));
    if (p)
      return {
        kind: 'rule',
        rule: r.id,
        verified: version === undefined ? p.verified : wordingVerified(p, version),
      };
  }
  const why = benignFormat(msg);
  return why !== undefined ? { kind: 'benign', why } : { kind: 'unexplained' };
}

/** The code keepalived's VRRP and config reading live in (the checker, BFD and SNMP are elsewhere). */
export const VRRP_AND_PARSER =
  /^(keepalived\/vrrp\/|keepalived\/core\/|lib\/parser\.c|keepalived\/trackers\/)/;

export interface CoverageFigures {
  version: string;
  messages: number;
  byRule: number;
  byRecordedRule: number;
  benign: number;
  unexplained: number;
}

export function coverage(
  filter: (msg: CatalogMessage, site: string) => boolean = () => true,
): CoverageFigures[] {
  return CATALOG_VERSIONS.map((version) => {
    const msgs = CATALOG.filter((m) => m.sites[version] !== undefined && filter(m, m.sites[version]!));
    const cls = msgs.map((m) => classifyMessage(m, version));
    return {
      version,
      messages: msgs.length,
      byRule: cls.filter((c) => c.kind === 'rule').length,
      byRecordedRule: cls.filter((c) => c.kind === 'rule' && c.verified).length,
      benign: cls.filter((c) => c.kind === 'benign').length,
      unexplained: cls.filter((c) => c.kind === 'unexplained').length,
    };
  });
}
