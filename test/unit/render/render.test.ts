import { afterAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory, loadInventoryTexts } from '../../../src/inventory/load.js';
import { MASK, maskSecrets } from '../../../src/render/mask.js';
import { renderHostConfig } from '../../../src/render/render.js';
import { notifyScriptsFor } from '../../../src/render/notify.js';
import { judgeConfigTest } from '../../../src/render/config-test.js';
import { keepalivedTest, removeNamespace } from './keepalived-t.js';

const RUNBOOK_MASTER = `vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass secret
    }
    virtual_ipaddress {
        10.10.10.50
    }
}
`;
// runbook §2: "lb-host-2 (BACKUP): identical except state BACKUP and priority 90"
const RUNBOOK_BACKUP = RUNBOOK_MASTER.replace('state MASTER', 'state BACKUP').replace(
  'priority 100',
  'priority 90',
);

const withoutComments = (text: string): string =>
  text
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .join('\n');

const PASSWORDS = { VIPCTL_AUTH_PASS: 'secret', VIPCTL_AUTH_WEB: 'web-pw1', VIPCTL_AUTH_DB: 'db-pw2' };
const saved = new Map<string, string | undefined>();
beforeEach(() => {
  for (const [k, v] of Object.entries(PASSWORDS)) {
    saved.set(k, process.env[k]);
    process.env[k] = v;
  }
});
afterEach(() => {
  for (const [k, v] of saved)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});
afterAll(removeNamespace);

describe('the runbook example', () => {
  it('renders exactly the runbook configs for lb-host-1 (MASTER) and lb-host-2 (BACKUP), comments aside', async () => {
    const { inventory, findings } = await loadInventory(['inventories/example.yaml']);
    expect(findings).toEqual([]);
    expect(withoutComments(renderHostConfig(inventory, 'lb-host-1').text)).toBe(RUNBOOK_MASTER);
    expect(withoutComments(renderHostConfig(inventory, 'lb-host-2').text)).toBe(RUNBOOK_BACKUP);
  });

  it('returns the revealed password as a secret, and masking removes it from the text', async () => {
    const { inventory } = await loadInventory(['inventories/example.yaml']);
    const { text, secrets } = renderHostConfig(inventory, 'lb-host-1');
    expect(secrets).toEqual(['secret']);
    const masked = maskSecrets(text, secrets);
    expect(masked).not.toContain('secret');
    expect(masked).toContain(`auth_pass ${MASK}`);
  });

  it('is deterministic: the same inventory renders byte-identical text', async () => {
    const a = await loadInventory(['inventories/multi.yaml']);
    const b = await loadInventory(['inventories/multi.yaml']);
    for (const h of a.inventory.hosts) {
      expect(renderHostConfig(a.inventory, h.name).text).toBe(renderHostConfig(b.inventory, h.name).text);
    }
  });
});

describe('every rendered config of every example inventory passes the real keepalived -t', () => {
  const examples = readdirSync('inventories').filter((f) => f.endsWith('.yaml'));
  it('has at least the runbook and the multi-cluster examples', () => {
    expect(examples).toEqual(expect.arrayContaining(['example.yaml', 'multi.yaml']));
  });
  for (const file of examples) {
    it(`${file}: lint-clean, and keepalived -t accepts each host's config`, async () => {
      const { inventory, findings } = await loadInventory([join('inventories', file)]);
      expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
      for (const host of inventory.hosts) {
        const { text } = renderHostConfig(inventory, host.name);
        const result = keepalivedTest(text);
        expect({ host: host.name, ...result }).toEqual({ host: host.name, status: 'valid', stderr: '' });
      }
    });
  }

  it('the check can fail: keepalived -t rejects a VRID of 300 and a 9-character auth_pass', () => {
    const bad = RUNBOOK_MASTER.replace('virtual_router_id 51', 'virtual_router_id 300').replace(
      'auth_pass secret',
      'auth_pass 123456789',
    );
    const result = keepalivedTest(bad);
    expect(result.status).toBe('invalid');
    expect(result.stderr).toMatch(/VRID '300' not valid/);
    expect(result.stderr).toMatch(/Truncating auth_pass to 8 characters/);
  });
});

describe('golden renders', () => {
  // Reviewed once by eye and by keepalived -t; regenerate with UPDATE_GOLDEN=1 after a deliberate change.
  for (const file of ['multi.yaml', 'ipv6.yaml']) {
    it(`${file}: every host renders exactly its golden file (passwords masked)`, async () => {
      const { inventory } = await loadInventory([join('inventories', file)]);
      const dir = join('test/fixtures/inventory/golden', file.replace('.yaml', ''));
      for (const host of inventory.hosts) {
        const { text, secrets } = renderHostConfig(inventory, host.name);
        const masked = maskSecrets(text, secrets);
        const golden = join(dir, `${host.name}.conf`);
        if (process.env.UPDATE_GOLDEN) {
          mkdirSync(dir, { recursive: true });
          writeFileSync(golden, masked);
        }
        expect(masked, golden).toBe(readFileSync(golden, 'utf8'));
      }
    });
  }
});

describe('multi-cluster rendering', () => {
  it('puts both of lb-host-2 clusters in one config, IPv6 VIPs of an IPv4 instance in the excluded list', async () => {
    const { inventory } = await loadInventory(['inventories/multi.yaml']);
    const { text, secrets } = renderHostConfig(inventory, 'lb-host-2');
    expect(text.match(/^vrrp_instance /gm)).toHaveLength(2);
    expect(text).toMatch(
      /vrrp_instance VI_cluster-web \{[\s\S]*virtual_ipaddress_excluded \{\n\s+fd00:10::50\/64\n/,
    );
    expect(text).toMatch(/unicast_src_ip 10\.10\.10\.52\n\s+unicast_peer \{\n\s+10\.10\.10\.53\n\s+\}/);
    expect(text).toContain(
      'global_defs {\n    router_id lb-host-2\n    script_user root\n    enable_script_security\n}',
    );
    expect(secrets).toEqual(['web-pw1']);
  });

  it('derives BACKUP for every member under nopreempt and preempt_delay (keepalived ignores them on MASTER)', async () => {
    const { inventory } = await loadInventory(['inventories/multi.yaml']);
    for (const c of inventory.clusters.filter((c) => !c.preempt || c.preemptDelay !== undefined)) {
      expect(c.members.map((m) => m.state)).toEqual(c.members.map(() => 'BACKUP'));
    }
  });
});

describe('notify scripts with content', () => {
  it('are listed per host for deployment, once per path', async () => {
    const { inventory } = await loadInventory(['inventories/multi.yaml']);
    const scripts = notifyScriptsFor(inventory, 'lb-host-2');
    expect(scripts.map((s) => [s.path, s.clusters])).toEqual([
      ['/etc/keepalived/notify-web.sh', ['cluster-web']],
    ]);
    expect(scripts[0]?.content).toMatch(/^#!\/bin\/sh\n/);
    expect(notifyScriptsFor(inventory, 'lb-host-3')).toEqual([]);
  });
});

describe('templates and errors', () => {
  const base = `hosts:\n  a: { address: 10.0.0.1 }\n  b: { address: 10.0.0.2 }\nclusters:\n  c:\n    virtual_router_id: 7\n    vips: [10.0.0.9]\n    members: { a: { priority: 100 }, b: { priority: 50 } }\n`;

  it('uses a template directory of the user', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-tpl-'));
    writeFileSync(
      join(dir, 'keepalived.conf.hbs'),
      '{{#each instances}}{{name}} {{priority}} {{state}}\n{{/each}}',
    );
    const { inventory } = loadInventoryTexts(new Map([['/inv.yaml', base]]));
    expect(renderHostConfig(inventory, 'b', { templateDir: dir }).text).toBe('VI_c 50 BACKUP\n');
  });

  it('names a missing template as a user error', () => {
    const { inventory } = loadInventoryTexts(new Map([['/inv.yaml', base]]));
    expect(() => renderHostConfig(inventory, 'a', { templateDir: '/nonexistent' })).toThrow(
      /template .*keepalived.conf.hbs not found/,
    );
  });

  it('renders no authentication block for auth none and refuses an unknown host', () => {
    const { inventory } = loadInventoryTexts(new Map([['/inv.yaml', base]]));
    const { text, secrets } = renderHostConfig(inventory, 'a');
    expect(text).not.toContain('authentication');
    expect(secrets).toEqual([]);
    expect(() => renderHostConfig(inventory, 'zz')).toThrow(/no host "zz"/);
  });

  it('reports an unavailable password as a user error naming its source', () => {
    const text = base.replace(
      '    members:',
      '    auth: { type: PASS, password_env: VIPCTL_TEST_UNSET_VAR }\n    members:',
    );
    const { inventory } = loadInventoryTexts(new Map([['/inv.yaml', text]]));
    expect(() => renderHostConfig(inventory, 'a')).toThrow(/VIPCTL_TEST_UNSET_VAR is not set/);
  });
});

describe('masking', () => {
  it('masks every occurrence, longest secret first', () => {
    expect(maskSecrets('a=abc b=abcdef c=abc', ['abc', 'abcdef'])).toBe(`a=${MASK} b=${MASK} c=${MASK}`);
    expect(maskSecrets('nothing here', ['', 'zzz'])).toBe('nothing here');
  });
});

describe('judging keepalived -t output (runbook §8)', () => {
  it('clean exit without messages is valid; any message or non-zero exit is invalid', () => {
    expect(judgeConfigTest(0, '')).toEqual({ status: 'valid' });
    expect(judgeConfigTest(5, '(f: Line 7) Truncating auth_pass to 8 characters\n')).toEqual({
      status: 'invalid',
      messages: ['(f: Line 7) Truncating auth_pass to 8 characters'],
    });
    expect(judgeConfigTest(0, "Config files missing '/x'.\n").status).toBe('invalid');
  });
  it('143 / Terminated is "unavailable", not invalid', () => {
    expect(judgeConfigTest(143, '').status).toBe('unavailable');
    expect(judgeConfigTest(1, 'Terminated\n').status).toBe('unavailable');
  });
});
