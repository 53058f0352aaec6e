// A catalog format printed with plausible values: what a log line of that message looks like.
const VALUES: Record<string, string> = {
  s: 'VI_1',
  d: '1',
  i: '1',
  u: '1',
  x: 'a',
  X: 'A',
  c: 'c',
  f: '1.5',
  g: '1.5',
  e: '1.5',
  m: 'No such file or directory',
  p: '0x1',
};

export function sampleLine(format: string): string {
  return format.replace(
    /%[-+ #0']*(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|z|j|t|L|q)?([a-zA-Z%])/g,
    (_, _w, _p, _l, c: string) => (c === '%' ? '%' : (VALUES[c] ?? 'x')),
  );
}
