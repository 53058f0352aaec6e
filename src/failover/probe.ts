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

/** The probe over a window, relative to `zeroMs` (the action): what the HTML report draws. */
export interface ProbeSummary {
  intervalMs: number;
  fromRelMs: number;
  untilRelMs: number;
  /** replies received in the window, and requests sent in it (one per interval) */
  answered: number;
  sent: number;
  /** spans of three intervals or more without a reply */
  silences: { fromRelMs: number; toRelMs: number }[];
}

export function summarizeProbe(
  replies: number[],
  fromMs: number,
  untilMs: number,
  zeroMs: number,
  intervalMs = PROBE_INTERVAL_MS,
): ProbeSummary {
  const inside = replies.filter((t) => t >= fromMs && t <= untilMs).sort((a, b) => a - b);
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
    sent: Math.max(inside.length, Math.floor((untilMs - fromMs) / intervalMs)),
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

  stop(): void {
    this.child.kill('SIGINT');
  }
}
