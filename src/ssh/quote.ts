// The one shell-quoting helper: every value that reaches a remote shell goes through shq().

/** POSIX single-quoting: the result is one word whatever the value holds ($, `, quotes, newlines, dashes). */
export function shq(value: string | number): string {
  const s = String(value);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) && !s.startsWith('-')) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each argument and joins them into one command line. */
export function shCommand(...args: (string | number)[]): string {
  return args.map(shq).join(' ');
}
