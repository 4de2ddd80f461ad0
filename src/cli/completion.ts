/**
 * Shell completion: small scripts that ask `stager __complete WORDS...` for the candidates of
 * the last word, so that service and task names come from the project in the current folder.
 */
import type { Command, Option } from 'commander';
import { UsageError } from '../errors.js';

export function completionScript(shell: string): string {
  switch (shell) {
    case 'bash':
      return `# stager completion for bash: source <(stager completion bash)
_stager() {
  local IFS=$'\\n'
  COMPREPLY=($(stager __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _stager stager
`;
    case 'zsh':
      return `#compdef stager
# stager completion for zsh: save as _stager in a folder of $fpath
_stager() {
  local -a candidates
  candidates=("\${(@f)$(stager __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _stager stager
`;
    case 'fish':
      return `# stager completion for fish: save as ~/.config/fish/completions/stager.fish
complete -c stager -f -a '(stager __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`;
    default:
      throw new UsageError(`completion ${shell}: use bash, zsh or fish`);
  }
}

const longFlags = (options: readonly Option[]): string[] =>
  options.flatMap((o) => (o.long && !o.hidden ? [o.long] : []));

/** The candidates for the last of `words` (the words after `stager`). */
export async function complete(program: Command, words: string[]): Promise<string[]> {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const commands = program.commands.filter(
    (c) => !c.name().startsWith('__') && c.name() !== 'run-task',
  );
  // The command is the first word that names one; words before it are global options.
  const commandIndex = before.findIndex((w) => commands.some((c) => c.name() === w));
  const command =
    commandIndex >= 0 ? commands.find((c) => c.name() === before[commandIndex]) : undefined;
  const candidates: string[] = [];
  if (current.startsWith('-')) {
    candidates.push(...longFlags(command ? command.options : program.options));
  } else if (!command) {
    candidates.push(...commands.map((c) => c.name()), ...(await projectNames('tasks')));
  } else {
    const rest = before.slice(commandIndex + 1);
    const sub = command.commands.find((c) => c.name() === rest[0]);
    if (command.commands.length && !sub) candidates.push(...command.commands.map((c) => c.name()));
    else if (command.name() === 'help') candidates.push(...commands.map((c) => c.name()));
    else if (command.name() === 'completion') candidates.push('bash', 'zsh', 'fish');
    else if (sub && (sub.name() === 'restore' || sub.name() === 'rm'))
      candidates.push(...(await projectNames('snapshots')));
    else if (command.registeredArguments.some((a) => /service/.test(a.name())))
      candidates.push(...(await projectNames('services')));
  }
  return [...new Set(candidates)].filter((c) => c.startsWith(current)).sort();
}

/** Names from the project in the current folder; nothing when there is none or it is broken. */
async function projectNames(what: 'services' | 'tasks' | 'snapshots'): Promise<string[]> {
  try {
    const [{ loadProject }, { nodeFs }] = await Promise.all([
      import('../config/load.js'),
      import('../host/node-source-fs.js'),
    ]);
    const { project } = loadProject({ cwd: process.cwd(), env: process.env, fs: nodeFs });
    if (what === 'services') return Object.keys(project.services);
    if (what === 'tasks') {
      const { stagerSection } = await import('../config/tasks.js');
      return Object.keys(stagerSection(project).tasks);
    }
    const { listSnapshots } = await import('../ops/data/snapshot.js');
    return listSnapshots((await import('../host/node-host.js')).nodeHost.fs, project).snapshots.map(
      (s) => s.name,
    );
  } catch {
    return [];
  }
}
