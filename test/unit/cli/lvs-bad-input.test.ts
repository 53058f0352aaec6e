import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from './run-cli.js';

// Bad LVS input, as everywhere: every error at once with file:line:col and a code, exit 4, no host reached
// (the hosts are TEST-NET addresses nobody answers on: reaching one would time out, not exit 4 at once).

const BAD = `hosts:
  lb1: { address: 192.0.2.1 }
  lb2: { address: 192.0.2.2 }
clusters:
  web:
    virtual_router_id: 51
    vips: [192.0.2.50]
    members: { lb1: { priority: 100 }, lb2: { priority: 90 } }
    virtual_servers:
      - address: 192.0.2.60
        port: 80
        lb_kind: DR
        real_servers:
          - { address: 192.0.2.11, port: 8080, weight: -3, check: { type: HTTP_GET, url: [{ path: /, status_code: 999 }] } }
          - { address: 192.0.2.11, port: 8080 }
      - { group: nothere, real_servers: [] }
`;

describe('configure with bad virtual servers', () => {
  it('exit 4 before any SSH, every LVS error at its file:line:col', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-lvs-bad-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, BAD);
    const r = await runCli(['configure', '-i', file], { env: cleanEnv() });
    expect(r.code, r.stdout + r.stderr).toBe(4);
    const located = [...(r.stdout + r.stderr).matchAll(/bad\.yaml:(\d+):(\d+): error (LVS\d{3})/g)].map(
      (m) => `${m[3]}@${m[1]}:${m[2]}`,
    );
    expect(located).toEqual([
      'LVS001@10:18',
      'LVS007@14:42',
      'LVS005@14:56',
      'LVS010@14:115',
      'LVS006@15:13',
      'LVS007@15:42',
      'LVS002@16:18',
    ]);
    expect(r.stdout + r.stderr).toMatch(/nothing was touched/);
  });
});
