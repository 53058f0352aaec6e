import type { ConfigFs } from './fs.js';

// glob(3) as keepalived calls it for include (GLOB_BRACE): `*`, `?`, `[...]` per path segment and `{a,b}`
// alternatives; matches sorted like glob's; no match → []. A pattern without wildcards is returned as is
// (glob returns it when it exists; the reader then says it is missing).

export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const parts: string[] = [];
  let start = open + 1;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        parts.push(pattern.slice(start, i));
        const head = pattern.slice(0, open);
        const tail = pattern.slice(i + 1);
        return parts.flatMap((p) => expandBraces(head + p + tail));
      }
    } else if (c === ',' && depth === 1) {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  return [pattern];
}

function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = segment.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const hasWildcard = (s: string): boolean => /[*?[]/.test(s);

export function expandGlob(pattern: string, fs: ConfigFs): string[] {
  const out = new Set<string>();
  for (const p of expandBraces(pattern)) {
    if (!hasWildcard(p)) {
      const r = fs.read(p);
      if (r.kind !== 'missing') out.add(p);
      continue;
    }
    const absolute = p.startsWith('/');
    const segments = p.split('/').filter((s, i) => s !== '' || i === 0);
    let paths = [absolute ? '/' : ''];
    for (const seg of segments.slice(absolute ? 1 : 0)) {
      const next: string[] = [];
      for (const base of paths) {
        const join = (name: string): string =>
          base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`;
        if (!hasWildcard(seg)) {
          next.push(join(seg));
          continue;
        }
        const re = segmentRegExp(seg);
        const entries = fs.list(base === '' ? '.' : base) ?? [];
        for (const e of entries.sort()) {
          if (e.startsWith('.') && !seg.startsWith('.')) continue;
          if (re.test(e)) next.push(join(e));
        }
      }
      paths = next;
    }
    for (const x of paths) if (fs.read(x).kind !== 'missing') out.add(x);
  }
  return [...out];
}
