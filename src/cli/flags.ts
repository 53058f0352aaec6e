import { Flags } from '@oclif/core';

// Flags shared by every command that talks to hosts; declared once, spread into each command.
export const inventoryFlags = {
  inventory: Flags.string({
    char: 'i',
    description: 'inventory YAML file (repeat to merge several)',
    multiple: true,
    env: 'VIPCTL_INVENTORY',
  }),
};

export const hostFlags = {
  ...inventoryFlags,
  limit: Flags.string({ description: 'only these hosts or clusters (comma-separated globs)' }),
  forks: Flags.integer({ description: 'hosts handled in parallel', default: 20, min: 1 }),
  verbose: Flags.boolean({
    char: 'v',
    description: 'show remote commands (-vv: and their output, secrets masked)',
  }),
  'very-verbose': Flags.boolean({ hidden: true, description: 'what -vv sets' }),
  json: Flags.boolean({ description: 'print one JSON document with per-host results' }),
  'no-color': Flags.boolean({ description: 'no colours (also NO_COLOR)' }),
  'accept-new-host-keys': Flags.boolean({
    description: "trust and record keys of hosts not yet in known_hosts (like OpenSSH's accept-new)",
  }),
  'fail-fast': Flags.boolean({ description: 'stop every host at the first failure' }),
};

export const changeFlags = {
  check: Flags.boolean({ description: 'plan only: show what would change, change nothing' }),
  diff: Flags.boolean({ description: 'show unified diffs of files (secrets masked)' }),
};

export const becomeFlags = {
  'ask-become-pass': Flags.boolean({
    char: 'K',
    description:
      'ask for the sudo password at the terminal (hosts without become.password_env/password_file)',
  }),
};
