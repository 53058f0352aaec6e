// Issue #17 on the lab: the runbook's cluster applied, verified and failed over by the CLI running on Node 22 and
// 24 (binaries from scripts/node-bin.sh), then `failover-test --probe --count 2 --report` whose HTML file headless
// Chromium renders without errors, showing both runs; its JUnit has one passing case per run.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_SCHEMAS } from '../../src/report/json-schemas.js';
import { renderInChromium } from '../unit/report/chromium.js';
import { purgeKeepalived, runbookInventory, VIPCTL, vipHolders } from './lab-fixture.js';

const ROOT = resolve(import.meta.dirname, '../..');
const HOSTS = ['lb-host-1', 'lb-host-2'];
const VIP = '10.10.10.50';
const out = mkdtempSync(join(tmpdir(), 'vipctl-e2e-report-'));
let inventory = '';

function vipctlOn(node: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      node,
      [VIPCTL, ...args],
      { env: { ...process.env, CI: 'true', NO_COLOR: '1' }, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        done({ code: typeof err?.code === 'number' ? err.code : err ? 1 : 0, stdout, stderr }),
    ),
  );
}

const nodeOf = (major: number): string =>
  join(
    execFileSync('bash', [join(ROOT, 'scripts/node-bin.sh'), String(major)], { encoding: 'utf8' }).trim(),
    'node',
  );

describe('Node 22 / 24 on the lab, and the failover HTML report in Chromium', () => {
  beforeAll(() => {
    inventory = runbookInventory();
  });

  afterAll(async () => {
    await purgeKeepalived(HOSTS, { vip: VIP }); // fresh hosts for the next file
  });

  it.each([22, 24])(
    'on Node %i: apply converges (or finds nothing to do), verify passes, failover-test stop passes',
    async (major) => {
      const node = nodeOf(major);
      expect(execFileSync(node, ['--version'], { encoding: 'utf8' })).toMatch(new RegExp(`^v${major}\\.`));
      const apply = await vipctlOn(node, ['apply', '-i', inventory]);
      expect(apply.code, apply.stdout + apply.stderr).toBe(0);
      const verify = await vipctlOn(node, ['verify', '-i', inventory, '--json']);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
      expect(OUTPUT_SCHEMAS.verify.safeParse(JSON.parse(verify.stdout)).error?.issues).toBeUndefined();
      expect(
        OUTPUT_SCHEMAS.run.safeParse(
          JSON.parse((await vipctlOn(node, ['apply', '-i', inventory, '--json'])).stdout),
        ).error?.issues,
      ).toBeUndefined();
      const fo = await vipctlOn(node, ['failover-test', 'cluster-lb', '-i', inventory, '--json']);
      expect(fo.code, fo.stdout + fo.stderr).toBe(0);
      expect(JSON.parse(fo.stdout)).toMatchObject({
        ok: true,
        mode: 'stop',
        runs: [{ ok: true, master: 'lb-host-1' }],
      });
      expect(await vipHolders(VIP, HOSTS)).toEqual(['lb-host-1']);
    },
    600_000,
  );

  it('failover-test --report: the page renders in headless Chromium without errors and shows both runs', async () => {
    const report = join(out, 'failover.html');
    const junit = join(out, 'failover.xml');
    const r = await vipctlOn(process.execPath, [
      'failover-test',
      'cluster-lb',
      '-i',
      inventory,
      '--count',
      '2',
      '--probe',
      '--report',
      report,
      '--junit',
      junit,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(/<script|<link|src=/i);
    const page = await renderInChromium(report, 1000, 1500);
    expect(page.errors).toEqual([]);
    expect(page.dom.match(/<section class="run" data-cluster="cluster-lb" data-ok="true">/g)).toHaveLength(2);
    expect(page.dom).toMatch(/cluster-lb — stop run 1: <span class="ok">OK<\/span>/);
    expect(page.dom).toMatch(/cluster-lb — stop run 2: <span class="ok">OK<\/span>/);
    // who held the VIP: the master, then lb-host-2 after the stop, then the master again after the return
    expect(page.dom).toMatch(/<rect class="held master" data-host="lb-host-1"/);
    expect(page.dom).toMatch(/<rect class="held" data-host="lb-host-2"/);
    expect(page.dom).toMatch(/\d+ of \d+ requests answered/);
    expect(page.dom).toMatch(/<td>takeover<\/td><td class="n">\d+<\/td>/);
    writeFileSync(join(out, 'failover.png'), page.png);
    process.stderr.write(`failover report: ${report}, screenshot ${join(out, 'failover.png')}\n`);
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).not.toContain('<failure');
    expect(() =>
      execFileSync('xmllint', ['--noout', '--schema', join(ROOT, 'schemas/junit.xsd'), junit], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
  }, 600_000);
});
