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
  if (exitCode === 143 || messages.some((l) => /^Terminated\b/.test(l))) {
    return {
      status: 'unavailable',
      reason: 'keepalived -t terminated itself (keepalived 2.2.7 with script security)',
    };
  }
  // keepalived exits 0 when the file does not exist; any message at all (warnings too) means "not clean".
  if (exitCode === 0 && messages.length === 0) return { status: 'valid' };
  return { status: 'invalid', messages: messages.length > 0 ? messages : [`exit code ${String(exitCode)}`] };
}
