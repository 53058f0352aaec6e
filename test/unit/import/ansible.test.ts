import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAnsibleInventory, renderRoleConfig } from '../../../src/import/ansible.js';
import { parseAnsible, runImport } from '../../../src/import/run.js';

// An Ansible inventory with the evrardjp/ansible-keepalived role's variables, as a team would have it:
// the instance in group_vars, each host's priority and state in host_vars, a check script.

function project(inventory: { name: string; text: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'vipctl-ansible-'));
  mkdirSync(join(dir, 'group_vars'));
  mkdirSync(join(dir, 'host_vars'));
  writeFileSync(join(dir, inventory.name), inventory.text);
  writeFileSync(
    join(dir, 'group_vars', 'keepalived.yml'),
    [
      'keepalived_scripts:',
      '  haproxy_check:',
      '    check_script: "killall -0 haproxy"',
      '    interval: 2',
      '    weight: -20',
      'keepalived_instances:',
      '  VI_web:',
      '    interface: eth0',
      '    state: BACKUP',
      '    virtual_router_id: 61',
      '    priority: 100',
      '    authentication_password: "s3cret"',
      '    vips:',
      '      - "10.0.0.50 dev eth0"',
      '    track_scripts: [haproxy_check]',
      '    smtp_alert: yes',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'host_vars', 'lb1.yml'),
    'keepalived_instances:\n  VI_web: { interface: eth0, state: MASTER, virtual_router_id: 61, priority: 150, authentication_password: s3cret, vips: ["10.0.0.50 dev eth0"], track_scripts: [haproxy_check], smtp_alert: yes }\n',
  );
  return join(dir, inventory.name);
}

const INI = {
  name: 'hosts.ini',
  text: '[keepalived]\nlb1 ansible_host=10.0.0.11\nlb2 ansible_host=10.0.0.12\n\n[web]\nweb1\n',
};
const YAML = {
  name: 'hosts.yml',
  text: 'all:\n  children:\n    keepalived:\n      hosts:\n        lb1: { ansible_host: 10.0.0.11 }\n        lb2: { ansible_host: 10.0.0.12 }\n    web:\n      hosts:\n        web1:\n',
};

describe('import from an Ansible inventory (evrardjp/ansible-keepalived)', () => {
  it.each([INI, YAML])('$name: group_vars, then host_vars, per host', (inv) => {
    const hosts = readAnsibleInventory(project(inv));
    expect(hosts.map((h) => h.name).sort()).toEqual(['lb1', 'lb2', 'web1']);
    const lb1 = hosts.find((h) => h.name === 'lb1')!;
    expect(lb1.vars.ansible_host).toBe('10.0.0.11');
    expect((lb1.vars.keepalived_instances as Record<string, { priority: number }>).VI_web!.priority).toBe(
      150,
    );
    expect(hosts.find((h) => h.name === 'web1')!.vars.keepalived_instances).toBeUndefined();
  });

  it('writes the config the role would, and imports it into one cluster that renders back the same', () => {
    const { configs, notes } = parseAnsible(project(INI));
    expect(notes).toEqual([]);
    expect(configs.map((c) => [c.host, c.address])).toEqual([
      ['lb1', '10.0.0.11'],
      ['lb2', '10.0.0.12'],
    ]);
    const r = runImport(configs, { secrets: 'inline' });
    expect(r.result.doc.clusters).toMatchObject({
      web: {
        virtual_router_id: 61,
        vips: [{ address: '10.0.0.50', dev: 'eth0' }],
        auth: { type: 'PASS', password: 's3cret' },
        // the role's script defaults (fall 3, rise 6) written out
        track_scripts: {
          haproxy_check: { script: 'killall -0 haproxy', interval: 2, weight: -20, fall: 3, rise: 6 },
        },
        members: { lb1: { state: 'MASTER', priority: 150 }, lb2: { state: 'BACKUP', priority: 100 } },
        smtp_alert: true, // modelled since #13 (was extra)
      },
    });
    expect(r.roundTrip.every((t) => t.missing.length + t.added.length === 0)).toBe(true);
  });

  it('leaves a Jinja expression it cannot evaluate visible as a placeholder', () => {
    const { text } = renderRoleConfig({
      keepalived_instances: {
        VI_1: {
          interface: 'eth0',
          state: 'BACKUP',
          virtual_router_id: 5,
          priority: "{{ 100 - groups['lb'].index(inventory_hostname) }}",
        },
      },
      keepalived_sync_groups: { g: {} },
    });
    expect(text).toContain("priority {{ 100 - groups['lb'].index(inventory_hostname) }}");
  });
});
