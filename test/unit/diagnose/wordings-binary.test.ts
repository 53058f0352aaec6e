// The rule data's version labels, checked against the keepalived 2.2.7 binary installed on this controller
// (Debian 12): every wording recorded from 2.2.7 is one of its format strings, and no wording labelled 1.x-only
// is (2.2.7 cannot print it: those rules stay unverified for a reason, not for lack of trying).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseLog } from '../../../src/diagnose/log-parse.js';
import { formatToRegex } from '../../../src/diagnose/messages/match.js';
import { RULES } from '../../../src/diagnose/rules.js';

const binary = execFileSync('bash', ['-c', 'strings "$(command -v keepalived)"'], {
  encoding: 'utf8',
  maxBuffer: 64 << 20,
}).split('\n');
// a format string as it could be printed: every conversion filled with a number or a word keepalived passes
// (VRRP_Script(%s) %s is printed as "VRRP_Script(chk) failed")
const printable = binary.flatMap((s) =>
  /%/.test(s) ? ['8', 'CONFIG', 'eth0', 'failed', 'down'].map((x) => s.replace(/%(?:z|l)?[sdui]/g, x)) : [s],
);
const patterns = RULES.flatMap((r) => (r.log ?? []).map((p) => ({ rule: r.id, ...p })));
// formats whose words come as arguments ("Netlink reflector reports IP %s %s %s"): the recorded line itself
// must be printed by one of the binary's formats
const formats = binary
  .filter((s) => /%[-+ #0]*\d*(?:\.\d+)?(?:z|l|ll|h)?[sdui]/.test(s) && s.length > 12)
  .map((s) => new RegExp(`^(?:\\([^()]*Line \\d+\\) )?${formatToRegex(s).source}$`));
function recordedLinePrinted(p: { pattern: RegExp; recorded?: string }): boolean {
  if (!p.recorded) return false;
  const lines = parseLog(
    readFileSync(resolve(import.meta.dirname, '../../..', p.recorded), 'utf8'),
    p.recorded,
  );
  const line = lines.find((l) => p.pattern.test(l.message));
  return line !== undefined && formats.some((f) => f.test(line.message));
}

describe('log wordings against the keepalived 2.2.7 binary', () => {
  it('reads the keepalived v2.2.7 binary', () => {
    expect(binary.some((s) => s.includes('2.2.7'))).toBe(true);
  });

  it('every wording recorded from 2.2.7 is a format string of the binary', () => {
    const recorded = patterns.filter((p) => p.verified);
    expect(recorded.length).toBeGreaterThan(10);
    for (const p of recorded)
      expect(
        printable.some((s) => p.pattern.test(s)) || recordedLinePrinted(p),
        `${p.rule}: ${p.pattern}`,
      ).toBe(true);
  });

  it('no 1.x-only wording is in the binary', () => {
    const old = patterns.filter((p) => p.keepalived === '1.x');
    expect(old.length).toBeGreaterThan(3);
    for (const p of old) {
      expect(p.verified, `${p.rule}: ${p.pattern}`).toBe(false);
      expect(
        printable.filter((s) => p.pattern.test(s)),
        `${p.rule}: ${p.pattern}`,
      ).toEqual([]);
    }
  });
});
