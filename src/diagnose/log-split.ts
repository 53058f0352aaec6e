// A log collected by hand may come from a central syslog server: one file, lines of several hosts. Each line then
// belongs to the host named in it, so findings name the right host. A file whose lines name one host only stays
// with the file's own name (hosts often call themselves differently from the inventory: lb1 vs lb-host-1).
import { parseLog } from './log-parse.js';

/** Lines grouped by the host they name, or undefined when the text is one host's log. */
export function splitByHost(text: string): Map<string, string> | undefined {
  const lines = text.split('\n');
  const entries = parseLog(text, '');
  const named = new Set(entries.map((e) => e.host).filter((h): h is string => h !== undefined));
  if (named.size < 2) return undefined;
  const byHost = new Map<string, string[]>();
  let current: string | undefined;
  let next = 0;
  lines.forEach((line, index) => {
    // a line without a host (a continuation, journal chatter) stays with the host of the line before it
    while (next < entries.length && entries[next]!.line < index + 1) next++;
    const e = entries[next];
    if (e?.line === index + 1 && e.host !== undefined) current = e.host;
    if (current === undefined || line.trim() === '') return;
    const list = byHost.get(current) ?? [];
    list.push(line);
    byHost.set(current, list);
  });
  return new Map([...byHost].map(([h, l]) => [h, `${l.join('\n')}\n`]));
}
