import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';

/** Options every command accepts, before the command name (as Compose) or after it. */
export interface GlobalOptions {
  file: string[] | undefined;
  projectName: string | undefined;
  projectDirectory: string | undefined;
  envFile: string[] | undefined;
  profile: string[] | undefined;
  host: string | undefined;
  context: string | undefined;
  json: boolean;
  color: boolean;
  /** `--ansi` (or COMPOSE_ANSI): colors and live progress always, never, or on a terminal. */
  ansi: 'auto' | 'never' | 'always';
  quiet: boolean;
  verbose: boolean;
  /** Wait for another command changing the project (the default), or fail at once. */
  lockWait: boolean;
  /** `--parallel`: at most this many engine changes at once (-1 or unset: no bound). */
  parallel: number | undefined;
  /** `--dry-run`: say what a changing command would do, and change nothing. */
  dryRun: boolean;
  /** `--progress`: how progress is drawn, as Compose v2's flag of the same name. */
  progress: 'auto' | 'tty' | 'plain' | 'json' | 'quiet' | undefined;
  /** `--show-secrets`: print secret values instead of `****`. */
  showSecrets: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

function globalOptionList(): Option[] {
  return [
    new Option(
      '-f, --file <path>',
      'compose file (repeatable; "-" reads standard input)',
    ).argParser(collect),
    new Option(
      '-p, --project-name <name>',
      'project name (default: name:, COMPOSE_PROJECT_NAME or the folder)',
    ),
    new Option(
      '--project-directory <dir>',
      "project folder (default: the first compose file's folder)",
    ),
    new Option('--env-file <path>', 'env file instead of .env (repeatable)').argParser(collect),
    // What bin/stager passes --env-file on as, past Node 20's own reading of that option.
    new Option('--stager-env-file <path>').argParser(collect).hideHelp(),
    new Option('--profile <name>', 'enable a profile (repeatable)').argParser(collect),
    new Option(
      '-H, --host <url>',
      'engine endpoint, e.g. unix:///var/run/docker.sock or tcp://host:2376',
    ),
    new Option('--context <name>', 'docker context to use'),
    new Option('--json', 'print one JSON document on stdout'),
    new Option('--no-color', 'no colors (also NO_COLOR)'),
    new Option(
      '--ansi <when>',
      'colors and live progress: auto (on a terminal), never or always',
    ).choices(['auto', 'never', 'always']),
    new Option('--progress <mode>', 'progress: auto, tty, plain, json or quiet').choices([
      'auto',
      'tty',
      'plain',
      'json',
      'quiet',
    ]),
    new Option('--dry-run', 'say what the command would change, and change nothing'),
    new Option('--parallel <n>', 'at most n engine changes at once (-1: no bound)'),
    new Option('-q, --quiet', 'print only results and errors'),
    new Option('--show-secrets', 'print secret values instead of ****'),
    new Option('-v, --verbose', 'debug output and stack traces'),
    new Option(
      '--no-lock-wait',
      'fail at once when another stager command is changing the project, instead of waiting',
    ),
  ];
}

/**
 * Adds the global options to a command. A command's own flag wins over a global one with the same
 * letter: `stager down -v` removes volumes as in Compose, while `stager -v down` is verbose.
 */
export function addGlobalOptions(cmd: Command, hidden: boolean): Command {
  const taken = new Set(
    cmd.options.flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f))),
  );
  for (const option of globalOptionList()) {
    if (option.long && taken.has(option.long)) continue;
    const copy =
      option.short && taken.has(option.short)
        ? new Option(option.flags.replace(/^-\w, /, ''), option.description)
        : option;
    if (option.parseArg) copy.argParser(option.parseArg);
    cmd.addOption(hidden ? copy.hideHelp() : copy);
  }
  return cmd;
}

interface RawGlobals {
  file?: string[];
  projectName?: string;
  projectDirectory?: string;
  envFile?: string[];
  stagerEnvFile?: string[];
  profile?: string[];
  host?: string;
  context?: string;
  json?: boolean;
  color?: boolean;
  ansi?: 'auto' | 'never' | 'always';
  quiet?: boolean;
  verbose?: boolean;
  lockWait?: boolean;
  progress?: GlobalOptions['progress'];
  dryRun?: boolean;
  parallel?: string;
  showSecrets?: boolean;
}

/** Merges the program's and the command's copies: lists add up, the command's scalars win. */
export function readGlobals(cmd: Command): GlobalOptions {
  const layers: RawGlobals[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) layers.unshift(c.opts<RawGlobals>());
  const list = (key: 'file' | 'envFile' | 'profile'): string[] | undefined => {
    const all = layers.flatMap((l) => [
      ...(l[key] ?? []),
      ...(key === 'envFile' ? (l.stagerEnvFile ?? []) : []),
    ]);
    return all.length ? all : undefined;
  };
  const last = <K extends keyof RawGlobals>(key: K): RawGlobals[K] =>
    layers.reduce<RawGlobals[K]>((acc, l) => (l[key] !== undefined ? l[key] : acc), undefined);
  return {
    file: list('file'),
    projectName: last('projectName'),
    projectDirectory: last('projectDirectory'),
    envFile: list('envFile'),
    profile: list('profile'),
    host: last('host'),
    context: last('context'),
    json: layers.some((l) => l.json === true),
    color: !layers.some((l) => l.color === false),
    ansi: last('ansi') ?? 'auto',
    quiet: layers.some((l) => l.quiet === true),
    verbose: layers.some((l) => l.verbose === true),
    lockWait: !layers.some((l) => l.lockWait === false),
    progress: last('progress'),
    dryRun: layers.some((l) => l.dryRun === true),
    parallel: parallelOf(last('parallel')),
    showSecrets: layers.some((l) => l.showSecrets === true),
  };
}

function parallelOf(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const n = Number(flag);
  if (!Number.isInteger(n) || n === 0 || n < -1)
    throw new UsageError(`--parallel ${flag}: use a number of 1 or more, or -1 for no bound`);
  return n === -1 ? undefined : n;
}
