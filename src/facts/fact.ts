// A fact is the command that reads one piece of host state and the parser of its output. gatherFacts runs
// many facts in one remote round trip: one script, one section per fact.
import type { HostConnection } from '../ssh/types.js';

export interface Fact<T> {
  name: string;
  /** POSIX sh; must not read stdin; its exit code is ignored */
  command: string;
  parse(stdout: string): T;
}

const MARK = '@@vipctl-fact:';

export type FactValues<F extends Record<string, Fact<unknown>>> = {
  [K in keyof F]: ReturnType<F[K]['parse']>;
};

export async function gatherFacts<F extends Record<string, Fact<unknown>>>(
  conn: HostConnection,
  facts: F,
): Promise<FactValues<F>> {
  const keys = Object.keys(facts);
  const script = keys.map((k) => `echo '${MARK}${k}'; { ${facts[k]!.command}\n} 2>/dev/null`).join('\n');
  const r = await conn.run(script, { become: true, timeoutMs: 60_000 });
  if (!r.stdout.includes(MARK)) {
    // The script never ran (sudo refused, no shell): nothing to plan against.
    throw new Error(
      `could not read host state (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' ') || 'no output'}`,
    );
  }
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith(MARK)) {
      current = [];
      sections.set(line.slice(MARK.length), current);
    } else current?.push(line);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = facts[k]!.parse((sections.get(k) ?? []).join('\n').trim());
  return out as FactValues<F>;
}
