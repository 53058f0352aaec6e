// Headless Chromium (Debian's chromium-headless-shell) for the HTML report tests: loads a file with no network,
// returns the DOM after load, a screenshot, and the console / load errors it logged.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium-headless-shell';

function chromium(
  args: string[],
  userDir: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = [
    '--no-sandbox', // the suite runs as root
    '--disable-gpu',
    '--no-first-run',
    `--user-data-dir=${userDir}`,
    '--proxy-server=127.0.0.1:9', // anything the page tried to fetch from the network would fail, loudly
    '--enable-logging=stderr',
    '--v=0',
    '--hide-scrollbars',
  ];
  return new Promise((done) =>
    execFile(
      CHROMIUM,
      [...base, ...args],
      { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        done({ code: typeof err?.code === 'number' ? err.code : err ? 1 : 0, stdout, stderr }),
    ),
  );
}

export interface Rendered {
  dom: string;
  png: Buffer;
  /** console messages and failed loads Chromium logged while loading the page */
  errors: string[];
}

export async function renderInChromium(file: string, width = 1000, height = 1400): Promise<Rendered> {
  const dir = mkdtempSync(join(tmpdir(), 'vipctl-chromium-'));
  const url = `file://${file}`;
  const dom = await chromium(['--dump-dom', url], join(dir, 'a'));
  const shot = join(dir, 'page.png');
  const ss = await chromium(
    [`--screenshot=${shot}`, `--window-size=${width},${height}`, url],
    join(dir, 'b'),
  );
  if (dom.code !== 0 || ss.code !== 0) throw new Error(`chromium failed: ${dom.stderr}\n${ss.stderr}`);
  const errors = `${dom.stderr}\n${ss.stderr}`
    .split('\n')
    .filter((l) => /CONSOLE|Refused to|net::ERR_|Content Security Policy|Uncaught/i.test(l));
  return { dom: dom.stdout, png: readFileSync(shot), errors };
}
