// Which files carry vipctl's marker line: only those may be read for a diff or replaced by an operation that
// deploys files at paths the inventory chooses (notify scripts).
import { shq } from '../ssh/quote.js';
import type { Fact } from './fact.js';

/** The line vipctl puts in every file it deploys at an inventory-chosen path. */
export const VIPCTL_MARKER = '# vipctl-managed: deployed from the inventory; local edits are overwritten';

/** The content with the marker as its second line after a `#!` line, else as its first line (idempotent). */
export function withMarker(content: string): string {
  if (content.split('\n', 3).includes(VIPCTL_MARKER)) return content;
  if (content.startsWith('#!')) {
    const nl = content.indexOf('\n');
    return nl < 0
      ? `${content}\n${VIPCTL_MARKER}\n`
      : `${content.slice(0, nl + 1)}${VIPCTL_MARKER}\n${content.slice(nl + 1)}`;
  }
  return `${VIPCTL_MARKER}\n${content}`;
}

/** One line per path, in order: y when the file's first lines hold the marker. Reads 4 KB at most. */
export function markedFiles(paths: string[]): Fact<Record<string, boolean>> {
  return {
    name: 'marked-files',
    command: paths
      .map(
        (p) =>
          `if head -c 4096 -- ${shq(p)} | grep -qxF -- ${shq(VIPCTL_MARKER)}; then echo y; else echo n; fi`,
      )
      .join('\n'),
    parse(stdout) {
      const lines = stdout.split('\n');
      return Object.fromEntries(paths.map((p, i) => [p, lines[i]?.trim() === 'y']));
    },
  };
}
