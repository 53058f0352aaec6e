// Each rule's wordings against keepalived's own source (the catalogue): a rule that names a packet or config
// problem must recognise that message in every release that prints it — keepalived 2.3 rewords most packet
// errors ("received an invalid passwd from 10.0.0.2!").
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/diagnose/messages/catalog.js';
import { RULES } from '../../../src/diagnose/rules.js';

const line = (format: string, from = '10.10.10.52'): string =>
  format
    .replace(/ from %s/g, ` from ${from}`)
    .replace(
      /%[-+ #0']*(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|z|j|t|L|q)?([a-zA-Z%])/g,
      (_, _w, _p, _l, c: string) => (c === 's' ? 'VI_1' : c === '%' ? '%' : '1'),
    );

const CASES: { rule: string; wording: RegExp }[] = [
  { rule: 'auth-password-mismatch', wording: /received an invalid passwd/ },
  { rule: 'auth-type-mismatch', wording: /received a %d auth/ },
  { rule: 'advert-int-mismatch', wording: /advertisement interval mismatch/ },
  { rule: 'vrrp-version-mismatch', wording: /wrong (VRRP )?version/ },
  { rule: 'vrid-clash', wording: /ip address associated with VRID %d/ },
  { rule: 'ttl-invalid', wording: /invalid TTL\/HL/ },
  { rule: 'unicast-multicast-mismatch', wording: /Expected %sicast packet/ },
];

describe('rule wordings in every release that prints them', () => {
  it.each(CASES)('$rule', ({ rule, wording }) => {
    const patterns = RULES.find((r) => r.id === rule)!.log!;
    const msgs = CATALOG.filter(
      (m) => wording.test(m.format) && Object.keys(m.sites).some((v) => v.startsWith('2.')),
    );
    const versions = new Set(msgs.flatMap((m) => Object.keys(m.sites)));
    expect(versions.has('2.2.7') || versions.has('2.3.3')).toBe(true);
    for (const m of msgs)
      expect(
        patterns.some((p) => p.pattern.test(line(m.format))),
        m.format,
      ).toBe(true);
  });
});
