// What a keepalived log line is: a message the catalog knows (which format, which versions print it) that is
// benign, or one a rule must explain — and otherwise "unexplained", which the report always shows.
import type { LogEntry } from '../log-parse.js';
import { BENIGN_FORMATS, BENIGN_LINES, BENIGN_SYSTEMD } from './benign.js';
import { matchMessage } from './match.js';
import type { CatalogMessage } from './types.js';

export interface LineClass {
  /** the catalog message that prints this line, when keepalived's source has it */
  message?: CatalogMessage;
  /** why the line is normal operation; undefined when it needs a rule */
  benign?: string;
}

const cache = new WeakMap<CatalogMessage, string | null>();

export function benignFormat(msg: CatalogMessage): string | undefined {
  const hit = cache.get(msg);
  if (hit !== undefined) return hit ?? undefined;
  const why = BENIGN_FORMATS.find((b) => b.format.test(msg.format))?.why;
  cache.set(msg, why ?? null);
  return why;
}

/** `version`: the host's keepalived (x.y.z), to read the line against that version's messages first. */
export function classifyLine(e: LogEntry, version?: string): LineClass {
  if (e.process !== undefined && !/^keepalived/i.test(e.process)) {
    const why = (/^systemd$/.test(e.process) ? BENIGN_SYSTEMD : []).find((b) =>
      b.format.test(e.message),
    )?.why;
    return { benign: why };
  }
  const message = matchMessage(e.message, version);
  const line = BENIGN_LINES.find((b) => b.format.test(e.message))?.why;
  if (message) return { message, benign: benignFormat(message) ?? line };
  return { benign: line };
}
