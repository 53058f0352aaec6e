// Every --json document has a JSON Schema in schemas/ (generated from src/report/json-schemas.ts), and real output
// of the built CLI parses with it: lint and show on the example, configure/apply against hosts that refuse the
// connection, diagnose on recorded bundles, lab status; verify's and failover-test's documents from their own
// formatters here, from the real lab in test/e2e/failover-report.test.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verdictsJson } from '../../../src/verify/format.js';
import { OUTPUT_SCHEMAS, outputJsonSchema, type OutputName } from '../../../src/report/json-schemas.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = resolve(ROOT, 'bin/vipctl.js');
const EXAMPLE = resolve(ROOT, 'inventories/example.yaml');

function vipctl(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => done({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr }),
    ),
  );
}

function parses(name: OutputName, stdout: string): void {
  const r = OUTPUT_SCHEMAS[name].safeParse(JSON.parse(stdout));
  expect(r.success ? [] : r.error.issues).toEqual([]);
}

const refusing = (): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'vipctl-schema-')), 'inv.yaml');
  writeFileSync(
    file,
    [
      'defaults:',
      '  ssh: { user: root, port: 1, known_hosts: /dev/null }', // nothing listens on port 1: refused at once
      '  interface: eth0',
      'hosts:',
      '  lb-host-1: { address: 127.0.0.1 }',
      '  lb-host-2: { address: 127.0.0.2 }',
      'clusters:',
      '  cluster-lb:',
      '    virtual_router_id: 51',
      '    vips: [10.10.10.50]',
      '    auth: { type: PASS, password: secret }',
      '    members: { lb-host-1: { priority: 100 }, lb-host-2: { priority: 90 } }',
      '',
    ].join('\n'),
  );
  return file;
};

describe('schemas/*.schema.json', () => {
  it.each(Object.keys(OUTPUT_SCHEMAS))(
    '%s.schema.json is what src/report/json-schemas.ts generates',
    (name) => {
      const file = JSON.parse(readFileSync(resolve(ROOT, `schemas/${name}.schema.json`), 'utf8')) as unknown;
      expect(file, 'run `npm run build && node scripts/write-schemas.js`').toEqual(
        outputJsonSchema(name as OutputName),
      );
      expect(file).toMatchObject({
        required: expect.arrayContaining(['schemaVersion']),
        properties: { schemaVersion: { const: 1 } },
      });
    },
  );
});

describe('real --json output against its schema', () => {
  it('inventory lint: clean, and with a finding', async () => {
    parses(
      'inventory-lint',
      (await vipctl(['inventory', 'lint', '-i', EXAMPLE, '--json'], { VIPCTL_AUTH_PASS: 'secret' })).stdout,
    );
    // the example in its environment-variable form, with a password keepalived would truncate
    const envForm = join(mkdtempSync(join(tmpdir(), 'vipctl-schema-')), 'env.yaml');
    writeFileSync(
      envForm,
      readFileSync(EXAMPLE, 'utf8').replace(/password_file: \S+/, 'password_env: VIPCTL_AUTH_PASS'),
    );
    const bad = await vipctl(['inventory', 'lint', '-i', envForm, '--json'], {
      VIPCTL_AUTH_PASS: 'much-too-long',
    });
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, findings: [{ severity: 'error' }] });
    parses('inventory-lint', bad.stdout);
  });

  it('inventory show', async () => {
    parses(
      'inventory-show',
      (await vipctl(['inventory', 'show', '-i', EXAMPLE, '--json'], { VIPCTL_AUTH_PASS: 'secret' })).stdout,
    );
  });

  it.each([
    ['configure', ['--check']],
    ['install', []],
    ['apply', []],
  ])(
    '%s %s against hosts that refuse the connection (exit 3, every host unreachable)',
    async (command, extra) => {
      const r = await vipctl([command, '-i', refusing(), '--json', ...extra]);
      expect(r.code).toBe(3);
      expect(JSON.parse(r.stdout)).toMatchObject({ command, exitCode: 3, summary: { unreachable: 2 } });
      parses('run', r.stdout);
    },
  );

  it.each(['runbook', 'lab-healthy', 'lab-authpw'])(
    'diagnose --from test/fixtures/diagnose/%s',
    async (bundle) => {
      const r = await vipctl([
        'diagnose',
        '--from',
        resolve(ROOT, 'test/fixtures/diagnose', bundle),
        '--json',
      ]);
      expect([0, 2]).toContain(r.code);
      parses('diagnose', r.stdout);
    },
  );

  it('lab status (up or not)', async () => {
    parses('lab-status', (await vipctl(['lab', 'status', '--json'])).stdout);
  });

  it('verify, from its formatter', () => {
    const doc = verdictsJson([
      {
        cluster: 'cluster-lb',
        ok: false,
        holders: { '10.10.10.50': ['lb-host-1', 'lb-host-2'] },
        checks: [
          { name: 'vip 10.10.10.50', status: 'fail', message: 'SPLIT BRAIN' },
          { name: 'config lb-host-2', status: 'fail', message: 'drift', host: 'lb-host-2', diff: '-a\n+b' },
        ],
      },
    ]);
    parses('verify', doc);
  });

  it('the schemas can fail: an unknown field, a wrong version, a missing field', () => {
    const ok = { schemaVersion: 1, ok: true, clusters: [] };
    expect(OUTPUT_SCHEMAS.verify.safeParse(ok).success).toBe(true);
    expect(OUTPUT_SCHEMAS.verify.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    expect(OUTPUT_SCHEMAS.verify.safeParse({ ...ok, schemaVersion: 2 }).success).toBe(false);
    expect(OUTPUT_SCHEMAS.verify.safeParse({ schemaVersion: 1, ok: true }).success).toBe(false);
  });
});
