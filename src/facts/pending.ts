// Handlers that a change notified but that never ran: the connection dropped after the file moved into place,
// a later task failed, or the run was interrupted. Without a record the next run would find the file already
// right, change nothing and never reload, leaving keepalived on the old config. A marker per handler is written
// on the host before a notifying change is applied and removed once the handler has run; the next run runs
// every handler still marked. /run is emptied at boot, when services start from their files anyway.
import { shq } from '../ssh/quote.js';
import type { Fact } from './fact.js';

export const PENDING_DIR = '/run/vipctl/pending';

/** The marker's file name for a handler ("reload keepalived" → reload-keepalived). */
export function pendingName(handler: string): string {
  return (
    handler
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'handler'
  );
}

export const pendingHandlers: Fact<string[]> = {
  name: 'pending-handlers',
  command: `ls -1 -- ${PENDING_DIR} 2>/dev/null; true`,
  parse: (s) =>
    s
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
};

export function markPendingCommand(handlers: readonly string[]): string {
  const files = handlers.map((h) => shq(`${PENDING_DIR}/${pendingName(h)}`)).join(' ');
  return `mkdir -p -m 0700 -- ${PENDING_DIR} && touch -- ${files}`;
}

export function clearPendingCommand(handler: string): string {
  return `rm -f -- ${shq(`${PENDING_DIR}/${pendingName(handler)}`)}`;
}
