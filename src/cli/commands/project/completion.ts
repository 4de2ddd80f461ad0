import type { CommandRegistrar } from '../../command.js';
import { handler } from '../../handler.js';

export const registerCompletion: CommandRegistrar = (program, define) => {
  define(program.command('completion').argument('<shell>', 'bash, zsh or fish'), {
    summary: 'print a shell completion script (commands, options, services and tasks)',
    examples: [
      'source <(stager completion bash)        # in ~/.bashrc',
      'stager completion zsh > "${fpath[1]}/_stager"',
      'stager completion fish > ~/.config/fish/completions/stager.fish',
    ],
  }).action(
    handler(async (_scope, shell: string) => {
      const { completionScript } = await import('../../completion.js');
      return { text: completionScript(shell) };
    }),
  );

  // What the scripts call on each TAB: the words so far, the last one being completed.
  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .passThroughOptions()
    .action(
      handler(async (_scope, words: string[]) => {
        const { complete } = await import('../../completion.js');
        const candidates = await complete(program, words);
        return { text: candidates.map((c) => `${c}\n`).join('') };
      }),
    );
};
