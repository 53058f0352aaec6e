// oclif's command_not_found hook: an unknown command is a usage error (exit 5) in vipctl's format, with the
// nearest command and a pointer to --help, instead of oclif's " ›   Error: command … not found" and exit 2.
import { loadHelpClass, type Hook } from '@oclif/core';
import { ExitCode } from '../exit-codes.js';
import { ignoreClosedPipes } from '../pipes.js';
import { nearest } from '../suggest.js';

const hook: Hook.CommandNotFound = async function ({ id, config }) {
  ignoreClosedPipes();
  // oclif joins every word before the first flag into the id (`lab:sssh:lb-host-1`).
  let words = id.split(':');
  // `vipctl help [COMMAND…]`, what many people type first, is --help
  if (words[0] === 'help') {
    const target = words.slice(1);
    const name = target.join(':');
    if (target.length === 0 || config.findCommand(name) || config.findTopic(name)) {
      const Help = await loadHelpClass(config);
      await new Help(config).showHelp(target);
      return;
    }
    words = target;
  }
  const spaced = (s: string) => s.replaceAll(':', ' ');
  const known = config.commands.filter((c) => !c.hidden).map((c) => spaced(c.id));
  // the command is a topic's word and the one after it, or just the first word
  const topics = new Set(config.topics.map((t) => t.name));
  const typed = words.slice(0, topics.has(words[0]!) ? 2 : 1).join(' ');
  const guess = nearest(typed, known);
  process.stderr.write(`vipctl: unknown command "${typed}"\n`);
  process.stderr.write(
    `  hint: ${guess ? `did you mean "${config.bin} ${guess}"? ` : ''}\`${config.bin} --help\` lists the commands\n`,
  );
  process.exitCode = ExitCode.USAGE;
};

export default hook;
