// Long lists of names at fleet scale, in the hostlist notation operators know from pdsh and Slurm:
// lb-host-1 … lb-host-100 reads "lb-host-[1-100]". Nothing is dropped: every name stays recoverable.

interface Run {
  prefix: string;
  numbers: number[];
  /** digits of the numbers when zero-padded (lb01), else 0 */
  width: number;
}

const NUMBERED = /^(.*?)(\d+)$/;

function ranges(numbers: number[], width: number): string {
  const pad = (n: number): string => String(n).padStart(width, '0');
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(j === i ? pad(sorted[i]!) : `${pad(sorted[i]!)}-${pad(sorted[j]!)}`);
    i = j + 1;
  }
  return out.join(',');
}

/**
 * Names folded by common prefix into ranges, in order of first appearance: ["lb-host-1", "lb-host-2",
 * "lb-host-3", "db"] → "lb-host-[1-3], db". A lone numbered name stays as it is.
 */
export function compactNames(names: readonly string[]): string {
  const runs: (Run | string)[] = [];
  const byPrefix = new Map<string, Run>();
  for (const name of names) {
    const m = NUMBERED.exec(name);
    // a leading zero keeps its width: lb01 and lb1 are different names
    const width = m && m[2]!.length > 1 && m[2]!.startsWith('0') ? m[2]!.length : 0;
    if (!m || m[1] === '') {
      runs.push(name);
      continue;
    }
    const key = `${m[1]}\u0000${width}`;
    const run = byPrefix.get(key);
    if (run) run.numbers.push(Number(m[2]));
    else {
      const fresh: Run = { prefix: m[1]!, numbers: [Number(m[2])], width };
      byPrefix.set(key, fresh);
      runs.push(fresh);
    }
  }
  return runs
    .map((r) =>
      typeof r === 'string'
        ? r
        : r.numbers.length === 1
          ? `${r.prefix}${String(r.numbers[0]).padStart(r.width, '0')}`
          : `${r.prefix}[${ranges(r.numbers, r.width)}]`,
    )
    .join(', ');
}

/** "100 hosts (lb-host-[1-100])", "1 host (db)". */
export function countedNames(names: readonly string[], noun: string): string {
  return `${names.length} ${noun}${names.length === 1 ? '' : 's'} (${compactNames(names)})`;
}
