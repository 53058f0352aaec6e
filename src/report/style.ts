// Colours for terminals only: off with --no-color, NO_COLOR, or when the output is not a TTY.
export interface Style {
  ok(s: string): string;
  changed(s: string): string;
  failed(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const plain = (s: string): string => s;

export function makeStyle(color: boolean): Style {
  if (!color) return { ok: plain, changed: plain, failed: plain, dim: plain, bold: plain };
  return { ok: wrap('32'), changed: wrap('33'), failed: wrap('31'), dim: wrap('2'), bold: wrap('1') };
}

export function wantColor(noColorFlag: boolean, stream: NodeJS.WriteStream = process.stdout): boolean {
  return !noColorFlag && !process.env.NO_COLOR && Boolean(stream.isTTY) && process.env.CI !== 'true';
}

export function statusStyle(style: Style, status: string): (s: string) => string {
  if (status === 'ok') return style.ok;
  if (status === 'changed') return style.changed;
  if (status === 'failed' || status === 'unreachable') return style.failed;
  return style.dim;
}
