// `vipctl --version` and `vipctl [TOPIC…] [COMMAND] --help` answered without loading oclif (≈ 70 ms of module
// loading; bench/RESULTS.md "Start-up"). The help pages are oclif's own, rendered at 80 columns by
// scripts/render-help.js at build time; whenever oclif could print something else (a terminal narrower than 80
// columns, OCLIF_COLUMNS, a user theme, WSL, any other argument) this answers nothing and oclif runs as before.
// VIPCTL_NO_FAST_PATH=1 turns it off (the test compares both routes page by page).
import { existsSync, readFileSync } from 'node:fs';
import { arch, homedir, platform } from 'node:os';
import { join } from 'node:path';
import { URL } from 'node:url';

const root = new URL('..', import.meta.url);
const WORD = /^[a-z][a-z0-9-]*$/;

function readJson(rel) {
  try {
    return JSON.parse(readFileSync(new URL(rel, root), 'utf8'));
  } catch {
    return undefined;
  }
}

/** oclif's config.userAgent; undefined where oclif would name the platform differently (WSL). */
function userAgent() {
  if (platform() === 'linux' && /microsoft/i.test(readFileSync('/proc/version', 'utf8'))) return undefined;
  const pkg = readJson('package.json');
  if (!pkg) return undefined;
  const cpu = arch() === 'ia32' ? 'x86' : arch();
  return `${pkg.name}/${pkg.version} ${platform()}-${cpu} node-${process.version}`;
}

/** A theme file (or a moved config dir) could colour oclif's help: leave those to oclif. */
function themed(env) {
  if (env.VIPCTL_CONFIG_DIR) return true;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return existsSync(join(base, 'vipctl', 'theme.json'));
}

/** What oclif would print for these arguments, when it can be told without loading oclif; else undefined. */
export function fastAnswer(argv, env = process.env, stdout = process.stdout) {
  if (env.VIPCTL_NO_FAST_PATH) return undefined;
  if (argv[0] === '--version') {
    const ua = userAgent();
    return ua && `${ua}\n`;
  }
  const words = argv.at(-1) === '--help' ? argv.slice(0, -1) : argv.length === 0 ? [] : undefined;
  if (!words || !words.every((w) => WORD.test(w))) return undefined;
  if (env.OCLIF_COLUMNS || (stdout.isTTY && !(stdout.columns >= 80)) || themed(env)) return undefined;
  const help = readJson('dist/help.json');
  const page = help?.pages[words.join(':')];
  const ua = page !== undefined && userAgent();
  return ua ? page.replace(help.versionMark, ua) : undefined;
}
