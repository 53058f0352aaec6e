// The command line as the user typed it, made ready for oclif: two spellings oclif cannot parse by itself.

/** The words that start `lab ssh` (oclif accepts `lab ssh` and `lab:ssh`); -1 when argv is another command. */
function labSshArgsAt(argv: string[]): number {
  if (argv[0] === 'lab' && argv[1] === 'ssh') return 2;
  if (argv[0] === 'lab:ssh') return 1;
  return -1;
}

/**
 * - `lab ssh HOST CMD…`: everything after HOST belongs to the remote command, options included
 *   (`lab ssh lb-host-2 ip -o addr`). A `--` is put after HOST so oclif parses none of it, not even `--help`;
 *   a `--` the user wrote there already is kept as the only one (as with ssh: `lab ssh HOST -- CMD`).
 * - `-vv` (remote commands and their output) is two flags for oclif, which does not count repeats; it is
 *   expanded only before a `--`, never inside a remote command.
 */
export function normalizeArgv(argv: string[]): string[] {
  const at = labSshArgsAt(argv);
  if (at >= 0) {
    const host = argv[at];
    // `lab ssh`, `lab ssh --help`, `lab ssh -- HOST …`: nothing to protect, oclif and the command handle it.
    if (host === undefined || host.startsWith('-')) return argv;
    const command = argv.slice(at + 1);
    if (command.length === 0 || command[0] === '--') return argv;
    return [...argv.slice(0, at + 1), '--', ...command];
  }
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  const rest = end < 0 ? [] : argv.slice(end);
  return [...options.flatMap((a) => (a === '-vv' ? ['--verbose', '--very-verbose'] : [a])), ...rest];
}

/** `lab ssh`'s own words as the command receives them (after HOST): the leading `--` removed, nothing else. */
export function splitLabSshArgv(raw: string[]): { host?: string; command: string[] } {
  const words = raw[0] === '--' ? raw.slice(1) : raw;
  const [host, ...rest] = words;
  return { host, command: rest[0] === '--' ? rest.slice(1) : rest };
}
