// --probe: the client's view. ICMP echo to the VIP from the controller every 10 ms (ping -D stamps replies);
// the longest silence between two replies is the outage a client on the segment saw.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { UserError } from '../cli/errors.js';
import { ExitCode } from '../cli/exit-codes.js';

export const PROBE_INTERVAL_MS = 10;

export function assertPingAvailable(): void {
  const r = spawnSync('ping', ['-V'], { stdio: 'ignore' });
  if (r.error) {
    throw new UserError(
      '--probe needs ping on the controller',
      ExitCode.ENVIRONMENT,
      'apt-get install iputils-ping',
    );
  }
}

/** Reply times (ms) from `ping -D` lines: "[1764059457.316814] 64 bytes from 10.10.10.50: icmp_seq=3 …". */
export function parsePingReplies(text: string): number[] {
  return [...text.matchAll(/^\[(\d+(?:\.\d+)?)\]\s+\d+\s+bytes from/gm)].map((m) => Number(m[1]) * 1000);
}

/** The longest span without replies inside [fromMs, untilMs], minus one probe interval (0 when none missed). */
export function longestSilenceMs(
  replies: number[],
  fromMs: number,
  untilMs: number,
  intervalMs = PROBE_INTERVAL_MS,
): number {
  const points = [fromMs, ...replies.filter((t) => t > fromMs && t < untilMs).sort((a, b) => a - b), untilMs];
  let worst = 0;
  for (let i = 1; i < points.length; i++) worst = Math.max(worst, points[i]! - points[i - 1]!);
  return Math.max(0, Math.round(worst - intervalMs));
}

/** Replies from `ping -D` with their icmp_seq: the sequence numbers say how many requests were sent. */
export function parsePingSeqReplies(text: string): { atMs: number; seq: number }[] {
  return [...text.matchAll(/^\[(\d+(?:\.\d+)?)\]\s+\d+\s+bytes from.*\bicmp_seq=(\d+)/gm)].map((m) => ({
    atMs: Number(m[1]) * 1000,
    seq: Number(m[2]),
  }));
}

/** The probe over a window, relative to `zeroMs` (the action): what the HTML report draws. */
export interface ProbeSummary {
  intervalMs: number;
  fromRelMs: number;
  untilRelMs: number;
  /** replies received in the window, and requests sent in it (from icmp_seq: first to last reply) */
  answered: number;
  sent: number;
  /** spans of three intervals or more without a reply */
  silences: { fromRelMs: number; toRelMs: number }[];
}

export function summarizeProbe(
  replies: { atMs: number; seq: number }[],
  fromMs: number,
  untilMs: number,
  zeroMs: number,
  intervalMs = PROBE_INTERVAL_MS,
): ProbeSummary {
  const got = replies.filter((r) => r.atMs >= fromMs && r.atMs <= untilMs).sort((a, b) => a.atMs - b.atMs);
  const inside = got.map((r) => r.atMs);
  // the window the probe actually covered: before its first reply it had not started, after its last it had stopped
  if (inside.length > 0) {
    fromMs = Math.max(fromMs, inside[0]!);
    untilMs = Math.min(untilMs, inside.at(-1)!);
  }
  const seqs = got.map((r) => r.seq);
  const points = [fromMs, ...inside, untilMs];
  const silences: ProbeSummary['silences'] = [];
  for (let i = 1; i < points.length; i++)
    if (points[i]! - points[i - 1]! >= 3 * intervalMs)
      silences.push({
        fromRelMs: Math.round(points[i - 1]! - zeroMs),
        toRelMs: Math.round(points[i]! - zeroMs),
      });
  return {
    intervalMs,
    fromRelMs: Math.round(fromMs - zeroMs),
    untilRelMs: Math.round(untilMs - zeroMs),
    answered: inside.length,
    sent: seqs.length > 0 ? Math.max(...seqs) - Math.min(...seqs) + 1 : 0,
    silences,
  };
}

export class VipProbe {
  private child: ChildProcess;
  private output = '';

  /** maxSeconds bounds ping itself (-w), so it never outlives a vipctl that was killed. */
  constructor(vip: string, maxSeconds: number) {
    const args = [
      '-D',
      '-n',
      '-i',
      String(PROBE_INTERVAL_MS / 1000),
      '-W',
      '1',
      '-w',
      String(Math.ceil(maxSeconds)),
      vip,
    ];
    this.child = spawn('ping', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    this.child.stdout?.on('data', (c: Buffer) => (this.output += c.toString()));
  }

  replies(): number[] {
    return parsePingReplies(this.output);
  }

  repliesWithSeq(): { atMs: number; seq: number }[] {
    return parsePingSeqReplies(this.output);
  }

  stop(): void {
    this.child.kill('SIGINT');
  }
}
