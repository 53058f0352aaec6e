import { afterAll, describe, expect, it } from 'vitest';
import { InventoryError, type LintFinding } from '../../../src/inventory/findings.js';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { renderHostConfig } from '../../../src/render/render.js';
import { keepalivedTest, removeNamespace } from '../render/keepalived-t.js';

// The keepalived model beyond one vrrp_instance: each concept's schema, lint codes (with positions) and
// rendering, and the real keepalived -t on what renders.

afterAll(removeNamespace);

const FILE = '/inv/model.yaml';

const HOSTS = ['hosts:', '  h1: { address: 10.0.0.1/24 }', '  h2: { address: 10.0.0.2/24 }'];
const CLUSTER = [
  'clusters:',
  '  c1:',
  '    virtual_router_id: 51',
  '    vips: [10.0.0.50]',
  '    members:',
  '      h1: { priority: 100 }',
  '      h2: { priority: 90 }',
];

function load(lines: string[]): ReturnType<typeof loadInventoryTexts> {
  return loadInventoryTexts(new Map([[FILE, lines.join('\n') + '\n']]));
}

/** Every finding as CODE@line:col (loading errors, or lint findings when loading succeeds). */
function codes(lines: string[]): string[] {
  let findings: LintFinding[];
  try {
    findings = load(lines).findings;
  } catch (err) {
    if (!(err instanceof InventoryError)) throw err;
    findings = err.findings;
  }
  return findings.map((f) => `${f.code}@${f.location.line}:${f.location.column}`);
}

function render(lines: string[], host = 'h1'): string {
  return renderHostConfig(load(lines).inventory, host).text;
}

function expectValid(text: string): void {
  expect(keepalivedTest(text)).toEqual({ status: 'valid', stderr: '' });
}

describe('global_defs', () => {
  const defs = [
    'defaults:',
    '  global_defs:',
    '    notification_email: [ops@example.com]',
    '    notification_email_from: keepalived@example.com',
    '    smtp_server: 10.0.0.25',
    '    smtp_port: 2525',
    '    smtp_connect_timeout: 30',
    '    vrrp_garp_master_delay: 2',
    '    vrrp_garp_interval: 0.001',
    '    max_auto_priority: 50',
    '    vrrp_startup_delay: 5.5',
    '    dynamic_interfaces: true',
    '    vrrp_version: 2',
  ];

  it('renders defaults with router_id = the host name, host keys override key by key, keepalived -t accepts it', () => {
    const lines = [
      ...defs,
      ...HOSTS.slice(0, 2),
      '  h2:',
      '    address: 10.0.0.2/24',
      '    global_defs: { router_id: lb-two, max_auto_priority: -1 }',
      ...CLUSTER,
    ];
    expect(codes(lines)).toEqual([]);
    const h1 = render(lines, 'h1');
    expect(h1).toContain(
      [
        'global_defs {',
        '    router_id h1',
        '    notification_email {',
        '        ops@example.com',
        '    }',
        '    smtp_server 10.0.0.25 2525',
        '    notification_email_from keepalived@example.com',
        '    smtp_connect_timeout 30',
        '    vrrp_garp_master_delay 2',
        '    vrrp_garp_interval 0.001',
        '    vrrp_version 2',
        '    max_auto_priority 50',
        '    vrrp_startup_delay 5.5',
        '    dynamic_interfaces',
        '}',
      ].join('\n'),
    );
    const h2 = render(lines, 'h2');
    expect(h2).toContain('router_id lb-two');
    expect(h2).toContain('max_auto_priority -1');
    expect(h2).toContain('smtp_server 10.0.0.25 2525');
    expectValid(h1);
    expectValid(h2);
  });

  it('no global setting and no script: no global_defs block (the runbook config stays as written)', () => {
    expect(render([...HOSTS, ...CLUSTER])).not.toContain('global_defs');
  });

  it('script_user and enable_script_security are settings with the safe default', () => {
    const notify = ['    notify: { master: /etc/keepalived/m.sh }'];
    const base = [...HOSTS, ...CLUSTER, ...notify];
    expect(render(base)).toMatch(/script_user root\n\s+enable_script_security/);
    const custom = ['defaults:', '  global_defs: { script_user: keepalived_script }', ...base];
    expect(render(custom)).toMatch(/script_user keepalived_script\n\s+enable_script_security/);
    const off = ['defaults:', '  global_defs: { enable_script_security: false }', ...base];
    expect(render(off)).not.toContain('enable_script_security');
    expect(codes(off)).toEqual(['GDEF004@2:42']);
  });

  it('refuses numbers outside keepalived ranges (NUM001), bad emails, bad users and script hooks in extra', () => {
    expect(
      codes([
        'defaults:',
        '  global_defs:',
        '    max_auto_priority: 100',
        '    vrrp_version: 4',
        '    vrrp_startup_delay: 1e300',
        '    notification_email: [not-an-email]',
        '    script_user: "root; id"',
        '    extra: { startup_script: /tmp/x, include: /etc/x, vrrp_no_swap: true, vrrp_version: 3 }',
        ...HOSTS,
        ...CLUSTER,
      ]),
    ).toEqual([
      'NUM001@3:24',
      'NUM001@4:19',
      'NUM001@5:25',
      'GDEF001@6:26',
      'GDEF003@7:18',
      'EXT003@8:14',
      'EXT003@8:38',
      'EXT001@8:75',
    ]);
  });

  it('wrong types and unknown keys are schema errors with did-you-mean', () => {
    expect(
      codes([
        'defaults:',
        '  global_defs:',
        '    vrrp_versoin: 3',
        '    smtp_connect_timeout: "30"',
        ...HOSTS,
        ...CLUSTER,
      ]),
    ).toEqual(['SCH002@3:5', 'SCH001@4:27']);
  });
});
