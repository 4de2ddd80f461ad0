import { Command, CommanderError } from 'commander';
import { STAGER_VERSION } from '../version.js';
import type { CommandDoc } from './command.js';
import { commandExitCode } from './handler.js';
import { registerBuild } from './commands/images/build.js';
import { registerImages } from './commands/images/images.js';
import { registerLogin } from './commands/images/login.js';
import { registerPrune } from './commands/system/prune.js';
import { registerDf } from './commands/system/df.js';
import { registerLs } from './commands/system/ls.js';
import { registerPort } from './commands/containers/port.js';
import { registerLint } from './commands/images/lint.js';
import { registerReset } from './commands/data/reset.js';
import { registerVolumes } from './commands/data/volumes.js';
import { registerFixPerms } from './commands/data/fix-perms.js';
import { registerSnapshot } from './commands/data/snapshot.js';
import { registerTasks } from './commands/containers/tasks.js';
import { registerDoctor } from './commands/project/doctor.js';
import { registerCompletion } from './commands/project/completion.js';
import { registerInit } from './commands/project/init.js';
import { registerConfig } from './commands/project/config.js';
import { registerEnv } from './commands/project/env.js';
import { registerAttach, registerExec } from './commands/containers/exec.js';
import { registerLifecycle } from './commands/lifecycle/lifecycle.js';
import { registerLogs } from './commands/containers/logs.js';
import { registerEvents } from './commands/containers/events.js';
import { registerCp } from './commands/containers/cp.js';
import { registerStats } from './commands/containers/stats.js';
import { registerCommit, registerExport } from './commands/containers/commit.js';
import { registerPs } from './commands/containers/ps.js';
import { registerCreate, registerScale, registerUp } from './commands/lifecycle/up.js';
import { registerVersion } from './commands/system/version.js';
import { addGlobalOptions, readGlobals } from './globals.js';

const REGISTRARS = [
  registerUp,
  registerCreate,
  registerScale,
  registerLifecycle,
  registerPs,
  registerLs,
  registerPort,
  registerLogs,
  registerEvents,
  registerCp,
  registerStats,
  registerCommit,
  registerExport,
  registerExec,
  registerAttach,
  registerBuild,
  registerImages,
  registerLogin,
  registerPrune,
  registerDf,
  registerLint,
  registerReset,
  registerVolumes,
  registerFixPerms,
  registerSnapshot,
  registerTasks,
  registerDoctor,
  registerCompletion,
  registerInit,
  registerConfig,
  registerEnv,
  registerVersion,
];

/**
 * The whole command tree. Given the command line, only the commands it can run get the global
 * options (hundreds of Option objects otherwise): those named in it, the default command that
 * runs tasks, and every one for completion, which lists them.
 */
export function buildProgram(argv?: readonly string[]): Command {
  const program = new Command('stager')
    .description("Run your project's Docker Compose development environment")
    .version(STAGER_VERSION, '--version', 'print the stager version')
    .exitOverride()
    // Options after `exec web` / `run web` belong to the command run in the container.
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .helpCommand('help [command]', 'show help for a command');
  addGlobalOptions(program, false);
  program.addHelpText(
    'after',
    '\nExamples:\n  $ stager ps\n  $ stager -p demo -f compose.yaml ps --json\n\nExit codes: 0 ok, 1 failed, 2 usage or config error, 3 engine unreachable, 4 not found, 5 conflict, 130 interrupted.',
  );
  const define = (cmd: Command, doc: CommandDoc): Command => {
    return cmd
      .description(doc.summary)
      .addHelpText(
        'after',
        `\nExamples:\n${doc.examples.map((e) => `  $ ${e}`).join('\n')}\n\nGlobal options (see stager --help) may also follow the command.`,
      );
  };
  for (const register of REGISTRARS) register(program, define);
  const words = argv && !argv.includes('__complete') ? new Set(argv.slice(2)) : undefined;
  const runnable = (sub: Command): boolean =>
    !words ||
    words.has(sub.name()) ||
    sub.aliases().some((alias) => words.has(alias)) ||
    sub.name() === 'run-task';
  // After each command declared its own flags, so that those take precedence.
  const withGlobals = (cmd: Command, all: boolean): void => {
    for (const sub of cmd.commands) {
      if (sub.name() === 'help' || !(all || runnable(sub))) continue;
      addGlobalOptions(sub, true);
      withGlobals(sub, true);
    }
  };
  withGlobals(program, false);
  return program;
}

/** A failure of a command, with whether the user asked for --verbose and how to hide secrets. */
export class CliFailure {
  constructor(
    readonly error: unknown,
    readonly verbose: boolean,
    readonly mask: (text: string) => string = (text) => text,
  ) {}
}

/** Runs the CLI; resolves to the exit code, throws a CliFailure for src/bin.ts to map. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram(argv);
  if (argv.length <= 2) {
    program.outputHelp();
    return 0;
  }
  let verbose = false;
  let loadedRuntime = false;
  program.hook('preAction', (_program, action) => {
    verbose = readGlobals(action).verbose;
    loadedRuntime = true;
  });
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed its message (or the help / version it was asked for).
      return err.exitCode === 0 ? 0 : 2;
    }
    const mask = loadedRuntime ? (await import('./runtime.js')).maskOfOutputs() : undefined;
    throw new CliFailure(err, verbose, mask);
  } finally {
    // Only loaded when a command ran; --help never touches it.
    if (loadedRuntime) (await import('./runtime.js')).closeOutputs();
  }
  return commandExitCode();
}
