// failover-test --report FILE.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with,
// per run, a timeline of which host held each VIP, the takeover against the VRRP bound, the probe's answered and
// silent spans, the restore and the return; then min / median / max over the runs of each cluster.
import type { RunSummary } from '../failover/format.js';
import type { FailoverRun } from '../failover/run.js';
import type { Spread } from '../failover/timeline.js';

export interface ReportMeta {
  generatedAt: Date;
  vipctlVersion: string;
  mode: string;
}

export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ms = (v: number | undefined): string => (v === undefined ? 'n/a' : `${Math.round(v)} ms`);

interface Span {
  host: string;
  vip: string;
  fromRelMs: number;
  toRelMs: number;
}

/** Who held each VIP when: the master from the start of the window, then the address events in order. */
export function holdingSpans(run: FailoverRun, startRelMs: number, endRelMs: number): Span[] {
  const vips = [...new Set([...run.transitions.map((t) => t.vip), ...run.events.map((e) => e.address)])];
  const spans: Span[] = [];
  for (const vip of vips) {
    const open = new Map<string, number>();
    const leaving = run.transitions.find((t) => t.vip === vip)?.leaving ?? run.master;
    const first = run.events.find((e) => e.address === vip && e.host === leaving);
    if (!first || first.kind === 'remove') open.set(leaving, startRelMs);
    for (const e of run.events.filter((x) => x.address === vip)) {
      if (e.kind === 'add' && !open.has(e.host)) open.set(e.host, e.relMs);
      if (e.kind === 'remove' && open.has(e.host)) {
        spans.push({ host: e.host, vip, fromRelMs: open.get(e.host)!, toRelMs: e.relMs });
        open.delete(e.host);
      }
    }
    for (const [host, from] of open) spans.push({ host, vip, fromRelMs: from, toRelMs: endRelMs });
  }
  return spans;
}

function hostsOf(run: FailoverRun): string[] {
  const hosts = [run.master, run.expectedTaker, ...run.events.map((e) => e.host)];
  return [...new Set(hosts)];
}

const W = 960;
const LEFT = 130;
const RIGHT = 20;
const LANE = 30;

function timelineSvg(run: FailoverRun, index: number): string {
  const restoreRel =
    run.restoredAtMs === undefined ? undefined : Math.round(run.restoredAtMs - run.actedAtMs);
  const returnRel =
    restoreRel !== undefined && run.returned?.returnMs !== undefined
      ? restoreRel + run.returned.returnMs
      : undefined;
  const lastEvent = Math.max(0, ...run.events.map((e) => e.relMs));
  const start = Math.min(-500, ...run.events.map((e) => e.relMs - 200));
  const end = Math.max(lastEvent, restoreRel ?? 0, returnRel ?? 0, run.boundMs + run.toleranceMs) + 500;
  const x = (rel: number): number => LEFT + ((rel - start) / (end - start)) * (W - LEFT - RIGHT);
  const hosts = hostsOf(run);
  const vips = [...new Set(run.transitions.map((t) => t.vip))];
  const lanes = hosts.flatMap((h) => vips.map((v) => ({ host: h, vip: v })));
  const probeLane = run.probe ? 1 : 0;
  const top = 40; // two rows of mark labels above the lanes
  const height = top + (lanes.length + probeLane) * LANE + 40;
  const out: string[] = [];
  out.push(
    `<svg class="timeline" role="img" aria-label="run ${index + 1}: who held the VIP over time" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
  );
  // the VRRP bound and the tolerance above it, as a band after the action
  out.push(
    `<rect class="bound" x="${x(0)}" y="${top - 6}" width="${x(run.boundMs) - x(0)}" height="${lanes.length * LANE + 6}"><title>VRRP bound ${run.boundMs} ms (${htmlEscape(run.boundFormula)})</title></rect>`,
    `<rect class="tolerance" x="${x(run.boundMs)}" y="${top - 6}" width="${x(run.boundMs + run.toleranceMs) - x(run.boundMs)}" height="${lanes.length * LANE + 6}"><title>tolerance ${run.toleranceMs} ms</title></rect>`,
  );
  const spans = holdingSpans(run, start, end);
  lanes.forEach((lane, i) => {
    const y = top + i * LANE;
    const label = vips.length > 1 ? `${lane.host} ${lane.vip}` : lane.host;
    out.push(
      `<text class="lane" x="${LEFT - 8}" y="${y + LANE / 2 + 4}" text-anchor="end">${htmlEscape(label)}</text>`,
    );
    out.push(
      `<line class="lane-line" x1="${LEFT}" x2="${W - RIGHT}" y1="${y + LANE / 2}" y2="${y + LANE / 2}"/>`,
    );
    for (const s of spans.filter((sp) => sp.host === lane.host && sp.vip === lane.vip)) {
      const cls = s.host === run.master ? 'held master' : 'held';
      out.push(
        `<rect class="${cls}" data-host="${htmlEscape(s.host)}" x="${x(s.fromRelMs).toFixed(1)}" y="${y + 6}" width="${Math.max(1, x(s.toRelMs) - x(s.fromRelMs)).toFixed(1)}" height="${LANE - 12}"><title>${htmlEscape(`${s.host} holds ${s.vip}: ${s.fromRelMs} → ${s.toRelMs} ms`)}</title></rect>`,
      );
    }
  });
  if (run.probe) {
    const y = top + lanes.length * LANE;
    const p = run.probe;
    out.push(
      `<text class="lane" x="${LEFT - 8}" y="${y + LANE / 2 + 4}" text-anchor="end">probe (ICMP)</text>`,
    );
    out.push(
      `<rect class="answered" x="${x(Math.max(start, p.fromRelMs))}" y="${y + 10}" width="${x(Math.min(end, p.untilRelMs)) - x(Math.max(start, p.fromRelMs))}" height="${LANE - 20}"><title>${p.answered} of ${p.sent} requests answered</title></rect>`,
    );
    for (const s of p.silences) {
      const a = Math.max(start, s.fromRelMs);
      const b = Math.min(end, s.toRelMs);
      if (b > a)
        out.push(
          `<rect class="silence" x="${x(a).toFixed(1)}" y="${y + 6}" width="${Math.max(1, x(b) - x(a)).toFixed(1)}" height="${LANE - 12}"><title>no reply ${s.fromRelMs} → ${s.toRelMs} ms</title></rect>`,
        );
    }
  }
  const axisY = top + (lanes.length + probeLane) * LANE + 8;
  const marks: [number, string, string][] = [[0, `${run.mode} ${run.master}`, 'act']];
  if (run.takeoverMs !== undefined)
    marks.push([run.takeoverMs, `taken over ${ms(run.takeoverMs)}`, 'takeover']);
  if (restoreRel !== undefined) marks.push([restoreRel, 'restore', 'restore']);
  if (returnRel !== undefined) marks.push([returnRel, 'returned', 'return']);
  // a label goes on the first of two rows where it does not run into the previous one (≈ 6 px per character)
  const rowEnd = [-Infinity, -Infinity];
  for (const [rel, label, cls] of marks.sort((a, b) => a[0] - b[0])) {
    const at = x(rel) + 3;
    const row = at > rowEnd[0]! + 6 ? 0 : 1;
    rowEnd[row] = at + label.length * 6;
    out.push(
      `<line class="mark ${cls}" x1="${x(rel)}" x2="${x(rel)}" y1="${top - 26 + row * 14}" y2="${axisY}"/>`,
      `<text class="mark-label ${cls}" x="${at}" y="${top - 28 + row * 14}">${htmlEscape(label)}</text>`,
    );
  }
  // axis: ticks every second (or 500 ms on short windows)
  const step = end - start > 6000 ? 1000 : 500;
  out.push(`<line class="axis" x1="${LEFT}" x2="${W - RIGHT}" y1="${axisY}" y2="${axisY}"/>`);
  for (let t = Math.ceil(start / step) * step; t <= end; t += step)
    out.push(
      `<line class="axis" x1="${x(t)}" x2="${x(t)}" y1="${axisY}" y2="${axisY + 5}"/>`,
      `<text class="tick" x="${x(t)}" y="${axisY + 18}" text-anchor="middle">${(t / 1000).toFixed(step < 1000 ? 1 : 0)} s</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}

function factsTable(run: FailoverRun): string {
  const within = run.takeoverMs !== undefined && run.takeoverMs <= run.boundMs + run.toleranceMs;
  const rows: [string, string][] = [
    [
      'takeover',
      `${ms(run.takeoverMs)} — bound ${run.boundMs} ms (${run.boundFormula}) + tolerance ${run.toleranceMs} ms: ${within ? 'within' : 'OVER'}`,
    ],
    ['gap (no holder)', ms(run.gapMs)],
    ['overlap (two holders)', `${ms(run.overlapMs)}${run.splitBrain ? ' — SPLIT BRAIN' : ''}`],
  ];
  if (run.probe)
    rows.push([
      'probe',
      `${run.probe.answered} of ${run.probe.sent} requests answered (every ${run.probe.intervalMs} ms); client-visible outage ${ms(run.probeOutageMs)}`,
    ]);
  if (run.returned) rows.push(['return', run.returned.message]);
  rows.push([
    "dead man's switch",
    `${run.deadman.how}, ${run.deadman.armedSeconds} s, ${run.deadman.disarmed ? 'disarmed' : 'NOT disarmed'}`,
  ]);
  for (const n of run.notes) rows.push(['note', n]);
  for (const p of run.problems) rows.push(['problem', p]);
  return `<table class="facts">${rows.map(([k, v]) => `<tr><th>${htmlEscape(k)}</th><td>${htmlEscape(v)}</td></tr>`).join('')}</table>`;
}

function summaryTable(summaries: RunSummary[]): string {
  const cell = (v?: Spread): string =>
    v
      ? `<td class="n">${Math.round(v.min)}</td><td class="n">${Math.round(v.median)}</td><td class="n">${Math.round(v.max)}</td>`
      : '<td colspan="3">n/a</td>';
  const rows = summaries.flatMap((s) =>
    (
      [
        ['takeover', s.takeoverMs],
        ['gap', s.gapMs],
        ['overlap', s.overlapMs],
        ['return', s.returnMs],
        ...(s.probeOutageMs ? [['client outage', s.probeOutageMs] as const] : []),
      ] as const
    ).map(
      ([label, v], i) =>
        `<tr>${i === 0 ? `<th rowspan="${s.probeOutageMs ? 5 : 4}">${htmlEscape(s.cluster)}<br><small>${s.runs} runs, ${s.failed} failed, bound ${s.boundMs} ms</small></th>` : ''}<td>${label}</td>${cell(v)}</tr>`,
    ),
  );
  return `<table class="summary"><thead><tr><th>cluster</th><th>measure</th><th>min ms</th><th>median ms</th><th>max ms</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 6px}
.meta{color:#57606a;margin-bottom:16px}
.ok{color:#1a7f37;font-weight:600}.failed{color:#cf222e;font-weight:600}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right}
svg.timeline{display:block;max-width:100%;height:auto}
svg .lane{font-size:12px;fill:#1b1f24}svg .tick,svg .mark-label{font-size:11px;fill:#57606a}
svg .lane-line{stroke:#eaeef2}svg .axis{stroke:#8c959f}
svg .held{fill:#0969da}svg .held.master{fill:#8250df}
svg .bound{fill:#dafbe1}svg .tolerance{fill:#fff8c5}
svg .answered{fill:#1a7f37}svg .silence{fill:#cf222e}
svg .mark{stroke:#1b1f24;stroke-dasharray:3 3}svg .mark.takeover{stroke:#0969da}svg .mark.restore,svg .mark.return{stroke:#8250df}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
`;

export function failoverReportHtml(runs: FailoverRun[], summaries: RunSummary[], meta: ReportMeta): string {
  const ok = runs.length > 0 && runs.every((r) => r.ok);
  const perCluster = new Map<string, number>();
  const sections = runs.map((run, i) => {
    const n = (perCluster.get(run.cluster) ?? 0) + 1;
    perCluster.set(run.cluster, n);
    return `<section class="run" data-cluster="${htmlEscape(run.cluster)}" data-ok="${run.ok}">
<h2>${htmlEscape(run.cluster)} — ${htmlEscape(run.mode)} run ${n}: <span class="${run.ok ? 'ok' : 'failed'}">${run.ok ? 'OK' : 'FAILED'}</span></h2>
<div>master ${htmlEscape(run.master)} → expected ${htmlEscape(run.expectedTaker)}; wall time ${(run.wallMs / 1000).toFixed(1)} s</div>
${timelineSvg(run, i)}
${factsTable(run)}
</section>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vipctl failover-test report</title>
<style>${CSS}</style>
</head>
<body>
<h1>vipctl failover-test: <span class="${ok ? 'ok' : 'failed'}">${ok ? 'all runs OK' : 'FAILED'}</span></h1>
<div class="meta">${runs.length} run(s), mode ${htmlEscape(meta.mode)}, ${htmlEscape(meta.generatedAt.toISOString())}, vipctl ${htmlEscape(meta.vipctlVersion)}. Times are relative to the moment the master was failed.</div>
<div class="legend"><span><i style="background:#8250df"></i>original master holds the VIP</span><span><i style="background:#0969da"></i>another member holds it</span><span><i style="background:#dafbe1"></i>VRRP bound</span><span><i style="background:#fff8c5"></i>tolerance</span><span><i style="background:#1a7f37"></i>probe answered</span><span><i style="background:#cf222e"></i>probe silent</span></div>
<h2>Summary</h2>
${summaries.length > 0 ? summaryTable(summaries) : '<p>no runs</p>'}
${sections.join('\n')}
</body>
</html>
`;
}
