// The failover HTML report from a run shaped like a real one (a clean stop on the runbook's pair, with --probe):
// structure, self-containment, escaping, and the page as headless Chromium renders it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/failover/format.js';
import type { FailoverRun } from '../../../src/failover/run.js';
import { failoverReportHtml, holdingSpans } from '../../../src/report/failover-html.js';
import { renderInChromium } from './chromium.js';

const T0 = 1_764_600_000_000;

function stopRun(over: Partial<FailoverRun> = {}): FailoverRun {
  const ev = (host: string, kind: 'add' | 'remove', relMs: number) => ({
    host,
    kind,
    address: '10.10.10.50',
    atMs: T0 + relMs,
    relMs,
  });
  return {
    cluster: 'cluster-lb',
    mode: 'stop',
    master: 'lb-host-1',
    expectedTaker: 'lb-host-2',
    actedAtMs: T0,
    restoredAtMs: T0 + 3000,
    boundMs: 648,
    boundFormula: 'clean stop: skew (256 − 90)/256 s',
    toleranceMs: 500,
    transitions: [
      {
        vip: '10.10.10.50',
        leaving: 'lb-host-1',
        releasedMs: T0 + 12,
        takenBy: 'lb-host-2',
        takenMs: T0 + 702,
        takeoverMs: 702,
        gapMs: 690,
        overlapMs: 0,
        overlapHosts: [],
      } as FailoverRun['transitions'][number],
    ],
    takeoverMs: 702,
    gapMs: 690,
    overlapMs: 0,
    staleVip: false,
    splitBrain: false,
    probeOutageMs: 700,
    probe: {
      intervalMs: 10,
      fromRelMs: -1000,
      untilRelMs: 6000,
      answered: 620,
      sent: 700,
      silences: [{ fromRelMs: 5, toRelMs: 712 }],
    },
    returned: {
      preempt: true,
      ok: true,
      returnMs: 1100,
      message: 'lb-host-1 holds the VIP again after 1100 ms',
    },
    wallMs: 9400,
    clockOffsets: [],
    deadman: { armedSeconds: 30, how: 'systemd-run timer', disarmed: true },
    events: [
      ev('lb-host-1', 'remove', 12),
      ev('lb-host-2', 'add', 702),
      ev('lb-host-2', 'remove', 4080),
      ev('lb-host-1', 'add', 4100),
    ],
    problems: [],
    notes: [],
    ok: true,
    ...over,
  };
}

const meta = { generatedAt: new Date(T0), vipctlVersion: '0.1.0', mode: 'stop' };

describe('failover HTML report', () => {
  it('holding spans: the master until it released, the backup until the return, the master again', () => {
    expect(holdingSpans(stopRun(), -500, 6000)).toEqual([
      { host: 'lb-host-1', vip: '10.10.10.50', fromRelMs: -500, toRelMs: 12 },
      { host: 'lb-host-2', vip: '10.10.10.50', fromRelMs: 702, toRelMs: 4080 },
      { host: 'lb-host-1', vip: '10.10.10.50', fromRelMs: 4100, toRelMs: 6000 },
    ]);
  });

  it('one self-contained document: no script, no external reference, a CSP that forbids loading anything', () => {
    const html = failoverReportHtml([stopRun()], [summarize([stopRun()])], meta);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    expect(html.match(/https?:\/\/[^"]*/g)).toEqual(['http://www.w3.org/2000/svg']); // the SVG namespace only
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('shows each run with its timeline, the bound, the probe and a summary over runs', () => {
    const second = stopRun({ takeoverMs: 1400, ok: false, problems: ['takeover 1400 ms over the bound'] });
    const html = failoverReportHtml([stopRun(), second], [summarize([stopRun(), second])], meta);
    expect(html.match(/<section class="run"/g)).toHaveLength(2);
    expect(html).toContain('cluster-lb — stop run 1: <span class="ok">OK</span>');
    expect(html).toContain('cluster-lb — stop run 2: <span class="failed">FAILED</span>');
    expect(html).toContain('<title>VRRP bound 648 ms (clean stop: skew (256 − 90)/256 s)</title>');
    expect(html).toContain('620 of 700 requests answered');
    expect(html).toContain('<title>no reply 5 → 712 ms</title>');
    expect(html).toMatch(
      /<td>takeover<\/td><td class="n">702<\/td><td class="n">1051<\/td><td class="n">1400<\/td>/,
    );
    expect(html).toContain('takeover 1400 ms over the bound');
  });

  it('no run (every cluster refused): a page that says FAILED and shows no timeline', () => {
    const html = failoverReportHtml([], [], meta);
    expect(html).toContain('vipctl failover-test: <span class="failed">FAILED</span>');
    expect(html).toContain('<p>no runs</p>');
    expect(html).not.toContain('<svg');
  });

  it('escapes what comes from the inventory and the hosts', () => {
    const html = failoverReportHtml([stopRun({ cluster: '<b>x</b>', notes: ['"a" & <i>'] })], [], meta);
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&#60;b&#62;x&#60;/b&#62;');
    expect(html).toContain('&#34;a&#34; &#38; &#60;i&#62;');
  });

  it('renders in headless Chromium without errors, with both runs on the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vipctl-report-'));
    const file = join(dir, 'report.html');
    const runs = [stopRun(), stopRun({ takeoverMs: 680 })];
    writeFileSync(file, failoverReportHtml(runs, [summarize(runs)], meta));
    const page = await renderInChromium(file);
    expect(page.errors).toEqual([]);
    expect(page.dom.match(/<section class="run"/g)).toHaveLength(2);
    expect(page.dom).toContain('<svg class="timeline"');
    expect(page.png.subarray(1, 4).toString()).toBe('PNG');
    expect(page.png.length).toBeGreaterThan(20_000); // a drawn page, not a blank one
  }, 120_000);
});
