// Shell completion scripts for bash and zsh, generated from the commands oclif knows (ids, flags, flag values):
// static text, so completing never starts vipctl. Command words, flags, a flag's fixed values (--mode, --flavour)
// and file / directory names where a flag or argument takes a path.

export interface CompletionFlag {
  name: string;
  char?: string;
  /** booleans take no value */
  takesValue: boolean;
  /** a switch that also has a --no- form */
  allowNo?: boolean;
  options?: readonly string[];
  description?: string;
}

export interface CompletionCommand {
  /** oclif id, topics joined by ':' (lab:up) */
  id: string;
  flags: CompletionFlag[];
  /** a positional argument that names a file (run's playbook) */
  fileArg: boolean;
}

type ValueKind = '@file' | '@dir' | '@none' | string;

const PATH_FLAG = /^(inventory|junit|report|save|from|template-dir|identity-file|known-hosts)$/;

function valueKind(f: CompletionFlag): ValueKind | undefined {
  if (!f.takesValue) return undefined;
  if (f.options && f.options.length > 0) return f.options.join(' ');
  if (f.name === 'template-dir' || /\bdirectory\b/i.test(f.description ?? '')) return '@dir';
  if (PATH_FLAG.test(f.name) || /\bfile\b/i.test(f.description ?? '')) return '@file';
  return '@none';
}

const WORD = /^[a-z0-9][a-z0-9:-]*$/i;
function checkWord(w: string): string {
  // everything below is pasted into shell code: only plain words get there
  if (!WORD.test(w)) throw new Error(`completion: unexpected word ${JSON.stringify(w)}`);
  return w;
}

/** The POSIX `case` functions both shells share: next command words, flags, and a flag's value kind. */
function dataFunctions(commands: CompletionCommand[]): string {
  const ids = commands.map((c) => checkWord(c.id)).sort();
  const children = new Map<string, Set<string>>();
  for (const id of ids) {
    const parts = id.split(':');
    for (let i = 0; i < parts.length; i++) {
      const parent = parts.slice(0, i).join(':');
      children.set(parent, (children.get(parent) ?? new Set()).add(parts[i]!));
    }
  }
  const next = [...children.entries()].map(
    ([parent, words]) => `    '${parent}') echo '${[...words].sort().join(' ')}' ;;`,
  );
  const flags = commands.map((c) => {
    const words = c.flags.flatMap((f) => [
      `--${checkWord(f.name)}`,
      ...(f.char ? [`-${checkWord(f.char)}`] : []),
    ]);
    return `    '${c.id}') echo '${[...words, '--help'].join(' ')}' ;;`;
  });
  const values = commands.flatMap((c) =>
    c.flags.flatMap((f) => {
      const kind = valueKind(f);
      if (kind === undefined) return [];
      kind.split(' ').forEach((w) => w.startsWith('@') || checkWord(w));
      const keys = [`'${c.id} --${f.name}'`, ...(f.char ? [`'${c.id} -${f.char}'`] : [])];
      return [`    ${keys.join('|')}) echo '${kind}' ;;`];
    }),
  );
  const fileArgs = commands.filter((c) => c.fileArg).map((c) => `'${c.id}'`);
  return [
    '# the next command words after the id typed so far',
    '_vipctl_next() {',
    '  case "$1" in',
    ...next,
    '  esac',
    '}',
    '# the flags of a command',
    '_vipctl_flags() {',
    '  case "$1" in',
    ...flags,
    '  esac',
    '}',
    '# what follows "ID FLAG": fixed values, @file, @dir, @none (a value nothing can suggest), or nothing (a switch)',
    '_vipctl_values() {',
    '  case "$1" in',
    ...values,
    '  esac',
    '}',
    '# commands whose positional argument is a file',
    '_vipctl_file_arg() {',
    `  case "$1" in ${fileArgs.length > 0 ? `${fileArgs.join('|')}) return 0 ;; ` : ''}*) return 1 ;; esac`,
    '}',
  ].join('\n');
}

export function bashCompletion(commands: CompletionCommand[]): string {
  return `# bash completion for vipctl. Load it with
#   source <(vipctl completion bash)
# or install it: vipctl completion bash > /etc/bash_completion.d/vipctl
${dataFunctions(commands)}
_vipctl() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} id='' w i
  # --flag=value: bash splits at '=' (COMP_WORDBREAKS)
  if [[ $cur == = ]]; then cur=''; elif [[ $prev == = ]]; then prev=\${COMP_WORDS[COMP_CWORD-2]}; fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    [[ " $(_vipctl_next "$id") " == *" $w "* ]] || break
    id=\${id:+$id:}$w
  done
  local values
  values=$(_vipctl_values "$id $prev")
  case $values in
    @file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
    @dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
    @none) COMPREPLY=(); return ;;
    ?*) COMPREPLY=($(compgen -W "$values" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$(_vipctl_flags "$id")" -- "$cur")); return; fi
  COMPREPLY=($(compgen -W "$(_vipctl_next "$id")" -- "$cur"))
  if ((\${#COMPREPLY[@]} == 0)) && _vipctl_file_arg "$id"; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _vipctl vipctl
`;
}

export function zshCompletion(commands: CompletionCommand[]): string {
  return `#compdef vipctl
# zsh completion for vipctl. Load it (after compinit) with
#   source <(vipctl completion zsh)
# or install it as _vipctl in a directory on $fpath: vipctl completion zsh > "\${fpath[1]}/_vipctl"
${dataFunctions(commands)}
_vipctl() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]} id='' w i values
  for ((i = 2; i < CURRENT; i++)); do
    w=\${words[i]}
    [[ " $(_vipctl_next "$id") " == *" $w "* ]] || break
    id=\${id:+$id:}$w
  done
  if [[ $cur == --*=* ]]; then prev=\${cur%%=*}; compset -P '*='; cur=\${cur#*=}; fi
  values=$(_vipctl_values "$id $prev")
  case $values in
    @file) _files; return ;;
    @dir) _files -/; return ;;
    @none) return 1 ;;
    ?*) compadd -- \${=values}; return ;;
  esac
  if [[ $cur == -* ]]; then compadd -- \${=$(_vipctl_flags "$id")}; return; fi
  local next=$(_vipctl_next "$id")
  if [[ -n $next ]]; then compadd -- \${=next}; return; fi
  _vipctl_file_arg "$id" && _files
}
if [[ \${funcstack[1]} == _vipctl ]]; then _vipctl "$@"; else compdef _vipctl vipctl; fi
`;
}
