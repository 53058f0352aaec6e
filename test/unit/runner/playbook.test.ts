import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/cli/errors.js';
import { loadInventoryTexts } from '../../../src/inventory/load.js';
import { builtinPlaybookPath, loadPlaybook } from '../../../src/runner/playbook.js';
import { rolloutWaves } from '../../../src/runner/runner.js';

const dir = mkdtempSync(join(tmpdir(), 'vipctl-pb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function playbook(text: string): string {
  const f = join(dir, `pb-${Math.random()}.yaml`);
  writeFileSync(f, text);
  return f;
}

describe('playbooks', () => {
  it('loads the built-in playbooks', () => {
    expect(loadPlaybook(builtinPlaybookPath('install')).tasks.map((t) => t.op)).toEqual([
      'packages.present',
      'lvs.ipvs',
      'service.enabled',
      'service.running',
    ]);
    const configure = loadPlaybook(builtinPlaybookPath('configure'));
    expect(configure.order).toBe('backups-first');
    expect(configure.handlers.map((h) => h.name)).toEqual(['reload keepalived']);
  });

  it('refuses unknown operations, unknown handlers and unknown keys with the file named', () => {
    expect(() => loadPlaybook(playbook('name: x\ntasks:\n  - { name: a, op: nope.nothing }\n'))).toThrow(
      /unknown operation "nope.nothing"/,
    );
    expect(() =>
      loadPlaybook(playbook('name: x\ntasks:\n  - { name: a, op: service.enabled, notify: [h] }\n')),
    ).toThrow(/unknown handler "h"/);
    expect(() => loadPlaybook(playbook('name: x\ntask: []\n'))).toThrow(UserError);
  });

  it('rolls out backups before masters', () => {
    const { inventory } = loadInventoryTexts(
      new Map([
        [
          'inv.yaml',
          'hosts:\n  a: { address: 10.10.10.51 }\n  b: { address: 10.10.10.52 }\n  c: { address: 10.10.10.53 }\nclusters:\n  one:\n    virtual_router_id: 51\n    vips: [10.10.10.50]\n    auth: { type: none }\n    members: { a: { priority: 100 }, b: { priority: 90 }, c: { priority: 80 } }\n',
        ],
      ]),
    );
    const pb = loadPlaybook(builtinPlaybookPath('configure'));
    expect(rolloutWaves(pb, inventory, inventory.hosts).map((w) => w.map((h) => h.name))).toEqual([
      ['b', 'c'],
      ['a'],
    ]);
  });

  // Security review M4: a FIFO blocked the event loop for ever (synchronous read); /dev/zero ate memory.
  it('refuses a FIFO, a device and a directory as playbook at once, with the reason', () => {
    const fifo = join(dir, 'pb.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const [file, reason] of [
      [fifo, /a FIFO \(pipe\), not a regular file/],
      ['/dev/zero', /a character device/],
      [dir, /a directory/],
      [join(dir, 'missing.yaml'), /no such file/],
    ] as const) {
      expect(() => loadPlaybook(file)).toThrow(reason);
    }
  });
});
