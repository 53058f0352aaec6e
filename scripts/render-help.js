// Build step (npm run build, after `oclif manifest`): renders oclif's help for the root, every topic and every
// command at 80 columns into dist/help.json, so bin/fast-path.js can answer `vipctl [TOPIC…] [COMMAND] --help`
// without loading oclif (≈ 70 ms of module loading; bench/RESULTS.md "Start-up"). oclif renders it here, so the
// text is oclif's own; the VERSION line names the Node that runs vipctl, so it is filled in at run time.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

const HELP_COLUMNS = 80;
process.env.OCLIF_COLUMNS = String(HELP_COLUMNS); // read by @oclif/core when it loads: set it first
const { Config, Help } = await import('@oclif/core');

const root = fileURLToPath(new URL('..', import.meta.url));
const VERSION_MARK = '\u0000VERSION\u0000';

class CapturingHelp extends Help {
  out = [];
  log(...args) {
    this.out.push(args.join(' '));
  }
}

/** One page; a fresh Config each time: showing a command's help drops that command from the config's list. */
async function render(argv) {
  const config = await Config.load(root);
  config.userAgent = VERSION_MARK; // oclif prints config.userAgent in the root help's VERSION section
  const help = new CapturingHelp(config, config.pjson.oclif.helpOptions ?? config.pjson.helpOptions);
  await help.showHelp([...argv, '--help']); // as oclif's main passes it
  return help.out.map((l) => `${l}\n`).join('');
}

const config = await Config.load(root);
const pages = { '': await render([]) };
for (const c of config.commands) if (!c.hidden) pages[c.id] = await render(c.id.split(':'));
for (const t of config.topics) if (!(t.name in pages)) pages[t.name] = await render(t.name.split(':'));
const out = { columns: HELP_COLUMNS, versionMark: VERSION_MARK, pages };
writeFileSync(fileURLToPath(new URL('../dist/help.json', import.meta.url)), `${JSON.stringify(out)}\n`);
