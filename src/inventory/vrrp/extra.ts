import { z } from 'zod';
import type { ExtraMap, SourceLocation } from '../types.js';
import { Findings, num } from './kit.js';

// `extra:` — keepalived keywords the inventory does not model, rendered verbatim, at every level (global_defs,
// sync group, instance, vrrp_script). Never for what must go through typed, linted fields (security review
// M2): script hooks, includes and trackers are refused, whatever the level.

export const extraValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export const extraSchema = z.record(z.string(), extraValue);

/** Keywords that run programs, read other files or change tracking: never through `extra` (EXT003). */
const DENIED =
  /notify|script|fifo|^include|^track_|^reload_|^config_save_dir$|^tmp_config_directory$|^net_namespace/;

export function isDeniedExtra(keyword: string): boolean {
  return DENIED.test(keyword);
}

/** EXT001 modelled, EXT003 denied, EXT002 not a plain keyword/value. */
export function lintExtraMap(
  extra: ExtraMap,
  where: (key: string) => SourceLocation,
  who: string,
  modelled: ReadonlySet<string>,
  f: Findings,
): void {
  for (const [key, value] of Object.entries(extra)) {
    if (modelled.has(key)) {
      f.error(
        'EXT001',
        where(key),
        `${who}: "${key}" is modelled by the inventory`,
        'set it with its own key so lint can check it',
      );
      continue;
    }
    if (isDeniedExtra(key)) {
      f.error(
        'EXT003',
        where(key),
        `${who}: "${key}" runs scripts, reads files or changes tracking; extra may not set it`,
        'use the typed fields (notify, track_scripts, track_processes, track_files, global_defs notify_fifo_script) so lint checks paths and script security covers them',
      );
      continue;
    }
    const values = Array.isArray(value) ? value : [typeof value === 'number' ? num(value) : String(value)];
    if (
      !/^[a-z][a-z0-9_]*$/.test(key) ||
      values.some((v) => /[\n\r{}#!"\\]/.test(v)) ||
      (typeof value === 'number' && !Number.isFinite(value))
    ) {
      f.error(
        'EXT002',
        where(key),
        `${who}: "${key}" is not a plain keepalived keyword and value`,
        'keywords are lower_case; values may not hold newlines, braces, quotes, backslashes or comment characters',
      );
    }
  }
}

/** Lines for an extra map: `keyword`, `keyword value`, or a `keyword { … }` block of list items. */
export function extraLines(extra: ExtraMap): string[] {
  const lines: string[] = [];
  for (const [keyword, value] of Object.entries(extra)) {
    const texts = Array.isArray(value) ? value : [String(value)];
    if (isDeniedExtra(keyword) || texts.some((t) => /[\n\r{}#!"\\]/.test(t))) {
      throw new Error(`refusing to render extra "${keyword}" (lint refuses it)`);
    }
    if (value === false) continue;
    if (value === true) lines.push(keyword);
    else if (Array.isArray(value)) lines.push(`${keyword} {`, ...value.map((v) => `    ${v}`), '}');
    else lines.push(`${keyword} ${typeof value === 'number' ? num(value) : value}`);
  }
  return lines;
}
