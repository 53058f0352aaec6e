import { Args } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { bashCompletion, zshCompletion, type CompletionCommand } from '../completion/script.js';

export default class Completion extends BaseCommand {
  static override description = 'Print the shell completion script for bash or zsh';

  static override examples = [
    'source <(<%= config.bin %> completion bash)   # in ~/.bashrc',
    '<%= config.bin %> completion bash > /etc/bash_completion.d/vipctl',
    'source <(<%= config.bin %> completion zsh)    # in ~/.zshrc, after compinit',
  ];

  static override args = {
    shell: Args.string({ description: 'the shell', options: ['bash', 'zsh'], required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(Completion);
    const commands: CompletionCommand[] = this.config.commands
      .filter((c) => !c.hidden)
      .map((c) => ({
        id: c.id,
        flags: Object.values(c.flags)
          .filter((f) => !f.hidden)
          .map((f) => ({
            name: f.name,
            char: f.char,
            takesValue: f.type === 'option',
            allowNo: f.type === 'boolean' && f.allowNo,
            options: f.type === 'option' ? f.options : undefined,
            description: f.description,
          })),
        fileArg: Object.values(c.args).some((a) =>
          /\b(file|playbook)\b/i.test(`${a.name} ${a.description ?? ''}`),
        ),
      }));
    process.stdout.write(args.shell === 'zsh' ? zshCompletion(commands) : bashCompletion(commands));
  }
}
