// Judging `keepalived -t -f FILE` (runbook §8): exit codes are unreliable on 2.2.7, so the stderr text decides.

export type ConfigTestResult =
  | { status: 'valid' }
  | { status: 'invalid'; messages: string[] }
  /** 2.2.7 kills itself ("Terminated", 143) on valid configs with script security: no verdict. */
  | { status: 'unavailable'; reason: string };

export function judgeConfigTest(exitCode: number | null, stderr: string): ConfigTestResult {
  const messages = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  // "Terminated" means "no verdict" only when keepalived said nothing else: a real error printed before it wins.
  const others = messages.filter((l) => !/^Terminated\b/.test(l));
  if (others.length === 0 && (exitCode === 143 || messages.length > 0)) {
    return {
      status: 'unavailable',
      reason: 'keepalived -t terminated itself (keepalived 2.2.7 with script security)',
    };
  }
  // keepalived exits 0 when the file does not exist; any message at all (warnings too) means "not clean".
  if (exitCode === 0 && messages.length === 0) return { status: 'valid' };
  return { status: 'invalid', messages: others.length > 0 ? others : [`exit code ${String(exitCode)}`] };
}
