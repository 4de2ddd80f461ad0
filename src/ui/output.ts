import { ConsoleReporter } from './console-reporter.js';
import { LogPrinter } from './log-printer.js';
import { TtyReporter } from './tty-reporter.js';
import type { Reporter } from '../ops/reporter.js';
import { plainStyle, type Style } from './style.js';
import { SecretMask } from './secret-mask.js';

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface OutputOptions {
  json: boolean;
  /** False for --no-color; NO_COLOR and CI are read from env. */
  color: boolean;
  quiet: boolean;
  verbose: boolean;
  env: Readonly<Record<string, string | undefined>>;
  stdout: Stream;
  stderr: Stream;
  /** How progress shows: live table (tty), lines (plain), JSON lines (json); auto chooses. */
  progress?: ProgressMode;
  /** `--show-secrets`: print secret values instead of `****`. */
  showSecrets?: boolean;
}

/** How progress is drawn: `quiet` draws none (warnings and errors still show). */
export type ProgressMode = 'auto' | 'tty' | 'plain' | 'json' | 'quiet';

/** How a command speaks: progress and warnings on stderr, its result on stdout. */
export interface Output {
  readonly reporter: Reporter;
  readonly json: boolean;
  readonly interactive: boolean;
  /** The result: one JSON document with --json, else the human rendering. */
  result<T>(data: T, human: (data: T, style: Style) => string): void;
  /** Text whose format the command already chose (`config --format yaml`); nothing with --quiet. */
  print(text: string): void;
  /** Ends live progress (the last frame stays on screen). */
  close(): void;
  /** A printer for service log lines on stdout: the containers' own words, never masked. */
  logPrinter(prefix: boolean): LogPrinter;
  /** Values shown as `****` in everything stager itself prints from now on. */
  readonly secrets: SecretMask;
}

export type AnsiMode = 'auto' | 'never' | 'always';

/**
 * What `--ansi` (else COMPOSE_ANSI) asks, as Compose v2 reads them: `never` turns colors off and
 * progress into plain lines, `always` forces both, `auto` looks at the terminal.
 */
export function ansiSettings(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { ansi: AnsiMode; env: Readonly<Record<string, string | undefined>> } {
  const asked = flag && flag !== 'auto' ? flag : env.COMPOSE_ANSI;
  const ansi: AnsiMode = asked === 'never' || asked === 'always' ? asked : 'auto';
  return { ansi, env: ansi === 'always' ? { ...env, FORCE_COLOR: '1' } : env };
}

export function wantsColor(stream: Stream, options: Pick<OutputOptions, 'color' | 'env'>): boolean {
  const { env } = options;
  if (!options.color || env.NO_COLOR !== undefined) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** chalk is loaded only when some stream gets colors: CI and pipes never pay for it. */
export async function styleFor(
  stream: Stream,
  options: Pick<OutputOptions, 'color' | 'env'>,
): Promise<Style> {
  if (!wantsColor(stream, options)) return plainStyle;
  const { colorStyle } = await import('./color-style.js');
  return colorStyle();
}

export async function createOutput(options: OutputOptions): Promise<Output> {
  const [errStyle, outStyle] = await Promise.all([
    styleFor(options.stderr, options),
    styleFor(options.stdout, options),
  ]);
  const ci = Boolean(options.env.CI) && options.env.CI !== 'false';
  const mode = options.progress ?? 'auto';
  const live =
    mode === 'tty' ||
    (mode === 'auto' &&
      Boolean(options.stderr.isTTY) &&
      !ci &&
      !options.json &&
      !options.quiet &&
      options.env.TERM !== 'dumb');
  const secrets = new SecretMask(!options.showSecrets);
  const sink: Reporter & { close?(): void } =
    mode === 'json'
      ? { report: (e) => options.stderr.write(`${JSON.stringify(e)}\n`) }
      : live
        ? new TtyReporter(
            (t) => options.stderr.write(t),
            errStyle,
            options.verbose,
            () => (options.stderr as { columns?: number }).columns ?? 80,
          )
        : new ConsoleReporter({
            write: (t) => options.stderr.write(t),
            style: errStyle,
            verbose: options.verbose,
            quiet: options.quiet || options.json || mode === 'quiet',
          });
  const reporter: Reporter & { close(): void } = {
    report: (e) => sink.report(secrets.deep(e)),
    close: () => sink.close?.(),
  };
  return {
    secrets,
    reporter,
    json: options.json,
    interactive: Boolean(options.stderr.isTTY) && !ci && !options.json,
    close: () => reporter.close(),
    result(data, human) {
      const shown = secrets.deep(data);
      if (options.json) options.stdout.write(secrets.text(`${JSON.stringify(shown, null, 2)}\n`));
      else options.stdout.write(secrets.text(human(shown, outStyle)));
    },
    print(text) {
      if (!options.quiet) options.stdout.write(secrets.text(text));
    },
    logPrinter(prefix) {
      return new LogPrinter((t) => options.stdout.write(t), outStyle, prefix);
    },
  };
}
