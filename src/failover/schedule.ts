// failover-test --all --parallel N: clusters that share no host are tested at the same time (a host is failed
// over by one test at a time, so each takeover is measured on its own), at most N at once, in the inventory's
// order as far as the shared hosts allow.

export interface Disjoint<T> {
  item: T;
  hosts: readonly string[];
}

/**
 * Runs `work` on every item, at most `parallel` at once and never two items that share a host at the same time.
 * Starts nothing new once `stop()` says so. A failing item does not cut the others short: every started item
 * is awaited (each restores its own hosts), then the first error is thrown.
 */
export async function runDisjoint<T>(
  items: Disjoint<T>[],
  parallel: number,
  work: (item: T) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  const waiting = [...items];
  const busy = new Set<string>();
  const running = new Set<Promise<void>>();
  const errors: unknown[] = [];
  const free = (d: Disjoint<T>): boolean => d.hosts.every((h) => !busy.has(h));
  for (;;) {
    while (running.size < Math.max(1, parallel) && errors.length === 0 && !stop()) {
      const i = waiting.findIndex(free);
      if (i < 0) break;
      const next = waiting.splice(i, 1)[0]!;
      for (const h of next.hosts) busy.add(h);
      const p: Promise<void> = work(next.item)
        .catch((err: unknown) => void errors.push(err))
        .finally(() => {
          for (const h of next.hosts) busy.delete(h);
          running.delete(p);
        });
      running.add(p);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  if (errors.length > 0) throw errors[0];
}
