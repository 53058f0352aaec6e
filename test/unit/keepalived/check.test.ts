import { describe, expect, it } from 'vitest';
import { checkMembers, checkParsed } from '../../../src/keepalived/check.js';
import { parseConfigText } from '../../../src/keepalived/parser.js';
import type { ConfigDiagnostic } from '../../../src/keepalived/types.js';

// Each case: a config with one mistake; the exact code(s) and line:column it must produce.

const at = (d: ConfigDiagnostic): string => `${d.code}@${d.location.line}:${d.location.column}`;
const check = (text: string): string[] => checkParsed(parseConfigText(text)).map(at).sort();

const GLOBAL = 'global_defs {\n  enable_script_security\n  script_user root\n}\n'; // 4 lines

function instance(name: string, body: string[]): string {
  return [`vrrp_instance ${name} {`, ...body.map((l) => `  ${l}`), '}'].join('\n');
}

const BASE = [
  /* 2 */ 'state BACKUP',
  /* 3 */ 'interface eth0',
  /* 4 */ 'virtual_router_id 42',
  /* 5 */ 'priority 100',
  /* 6 */ 'virtual_ipaddress {',
  /* 7 */ '  10.0.0.50',
  /* 8 */ '}',
];
const edit = (line: number, text: string): string[] => BASE.map((l, i) => (i + 2 === line ? text : l));

describe('check-config rules', () => {
  it('a clean instance has no findings', () => {
    expect(check(instance('V', BASE))).toEqual([]);
  });

  it.each([
    ['VRID out of range', edit(4, 'virtual_router_id 256'), ['KC101@4:21']],
    ["the sample's VRID 51", edit(4, 'virtual_router_id 51'), ['KC109@4:21']],
    ['priority 0', edit(5, 'priority 0'), ['KC102@5:12']],
    ['priority 255 on a BACKUP', edit(5, 'priority 255'), ['KC102@5:12']],
    ['a placeholder priority', edit(5, 'priority PRIORITY'), ['KC102@5:12']],
    ['state SLAVE', edit(2, 'state SLAVE'), ['KC110@2:9']],
    ['a semicolon after a value', edit(3, 'interface eth0;'), ['KC014@3:17']],
    ['a <placeholder>', edit(3, 'interface <interface>'), ['KC016@3:13']],
    ['a __VIP__ placeholder', edit(7, '  __VIP__/24'), ['KC016@7:5']],
    ['an address that is not one', edit(7, '  10.0.0.300'), ['KC114@7:5']],
    ['nopreempt with state MASTER', [...edit(2, 'state MASTER'), 'nopreempt'], ['KC106@9:3']],
    ['no interface', BASE.filter((l) => !l.startsWith('interface')), ['KC112@1:1']],
    [
      'unicast peers with /prefix',
      [...BASE, 'unicast_src_ip 10.0.0.1/24', 'unicast_peer {', '  10.0.0.2/24', '}'],
      ['KC107@11:5', 'KC107@9:18'],
    ],
    [
      'auth_pass over 8 characters',
      [...BASE, 'authentication {', '  auth_type PASS', '  auth_pass 0123456789', '}'],
      ['KC103@11:15'],
    ],
    [
      'track_script without its vrrp_script',
      [...BASE, 'track_script {', '  chk_haproxy', '}'],
      ['KC108@10:5'],
    ],
    ['a deprecated keyword', [...BASE, 'lvs_sync_daemon_interface eth1'], ['KC118@9:3']],
  ])('%s', (_name, body, expected) => {
    expect(check(instance('V', body))).toEqual(expected);
  });

  it('scripts without enable_script_security, a vrrp_script without script', () => {
    const text =
      'vrrp_script chk {\n  interval 2\n}\n' + instance('V', [...BASE, 'track_script {', '  chk', '}']);
    // keepalived names the closing brace of the script it removes; the track_script naming it tracks nothing
    expect(check(text)).toEqual(['KC105@1:1', 'KC108@13:5', 'KC117@3:1']);
    expect(check(GLOBAL + text)).toEqual(['KC108@17:5', 'KC117@7:1']);
  });

  it('across instances: VRID clash on one interface, one VIP in two instances, a name used twice', () => {
    const text = [
      instance('A', BASE),
      instance('B', edit(5, 'priority 90')),
      instance('A', edit(4, 'virtual_router_id 43')),
    ].join('\n');
    // A: lines 1–9; B: 10–18 (VRID line 13, VIP line 16); second A: 19–27 (VIP line 25)
    expect(check(text)).toEqual(['KC201@13:21', 'KC202@16:5', 'KC202@25:5', 'KC203@19:1']);
  });

  it('across members: advert_int, auth and VIPs must agree; unicast peers must list each other', () => {
    const lb1 = parseConfigText(
      instance('V', [
        ...edit(2, 'state MASTER'),
        'advert_int 1',
        'unicast_src_ip 10.0.0.1',
        'unicast_peer {',
        '  10.0.0.2',
        '}',
      ]),
      'lb1.conf',
    );
    const lb2 = parseConfigText(
      instance('V', [
        ...edit(7, '  10.0.0.51'),
        'advert_int 2',
        'unicast_src_ip 10.0.0.2',
        'unicast_peer {',
        '  10.0.0.9',
        '}',
      ]),
      'lb2.conf',
    );
    const got = checkMembers([lb1, lb2]).map((d) => `${d.code}@${d.location.file}:${d.location.line}`);
    expect(got.sort()).toEqual([
      'KC301@lb2.conf:1',
      'KC301@lb2.conf:1',
      'KC302@lb2.conf:5',
      'KC303@lb2.conf:12',
    ]);
  });
});
