// Host text (log lines, names, reasons) printed to a terminal: control characters other than tab would let a
// log line clear the screen, retitle the window or forge output (security review L8), and bidi overrides would
// reorder what is read. Each becomes a visible escape (\x1b, \u202e); JSON output needs none of this.
/* eslint-disable no-control-regex -- control characters are what this module finds */
const UNSAFE =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Control and bidi characters other than tab and newline: they make text (an inventory value, a rendered
 * config) show one thing and mean another. Inventory loading (TEXT001) and the render guard refuse them.
 */
export const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** terminalSafe for text of several lines (error messages, finding reports): newlines are kept. */
export function terminalSafeLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}
