import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeKeepalivedConfig } from '../../../src/keepalived/summary.js';

// The summary diagnose reads, from the real parser. diagnose had its own small parser until it switched to this
// one; test/fixtures/keepalived-corpus-summaries.json is what that parser (src/diagnose/config-parse.ts at
// b5dcaee) returned for every well-formed corpus config, so the switch changed nothing there. Where the two
// differ, keepalived's rules decide (cases below).

const ROOT = resolve('test/fixtures/keepalived-corpus');
const expected = JSON.parse(readFileSync(join(ROOT, 'expected-errors.json'), 'utf8')) as Record<
  string,
  string[]
>;
const clean = Object.keys(expected).filter((f) => expected[f]!.length === 0);
const recorded = JSON.parse(
  readFileSync(resolve('test/fixtures/keepalived-corpus-summaries.json'), 'utf8'),
) as Record<string, unknown>;

describe('summarizeKeepalivedConfig', () => {
  it('has a recorded summary for every well-formed corpus config', () => {
    expect(Object.keys(recorded).sort()).toEqual([...clean].sort());
  });

  it.each(clean)('%s: the same instances as diagnose read before the switch', (f) => {
    const text = readFileSync(join(ROOT, f), 'utf8');
    expect(summarizeKeepalivedConfig(text)).toEqual(recorded[f]);
  });

  it("follows keepalived where the small parser cannot: quoted '#', one-line blocks, a block after a flag", () => {
    const text = [
      'vrrp_instance V {',
      '  interface eth0',
      '  notify_master "/usr/local/bin/n.sh #1"',
      '  virtual_ipaddress { 10.0.0.5 }',
      '  smtp_alert {',
      '  }',
      '  priority 50',
      '}',
    ].join('\n');
    const s = summarizeKeepalivedConfig(text).instances;
    expect(s[0]).toMatchObject({ notifyScripts: ['/usr/local/bin/n.sh #1'], vips: ['10.0.0.5'] });
    // keepalived ignores the { after smtp_alert and its } closes the instance: priority is read outside it
    expect(s[0]!.priority).toBeUndefined();
  });
});
