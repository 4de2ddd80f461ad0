/**
 * Typed failures. Every error a user can cause or meet carries a one-line message and maybe a hint;
 * src/bin.ts alone turns them into exit codes, so the numbers live here and in the README only.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  engineUnreachable: 3,
  notFound: 4,
  conflict: 5,
  internal: 70,
  aborted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorOptions {
  hint?: string;
  cause?: unknown;
}

export class StagerError extends Error {
  readonly exitCode: number = ExitCode.failure;
  readonly hint: string | undefined;
  /** Lines shown under the message, e.g. the last log lines of a failed service. */
  readonly details: readonly string[];

  constructor(message: string, options: ErrorOptions & { details?: readonly string[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

/** Flags or arguments that do not make sense together. */
export class UsageError extends StagerError {
  override readonly exitCode: number = ExitCode.usage;
}

/** One problem found in a compose or env file, located as precisely as the source allows. */
export interface ConfigIssue {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** Key path inside the file, e.g. `services.web.ports[0]`. */
  path?: string;
}

export function formatIssue(issue: ConfigIssue): string {
  let where = issue.file ?? '';
  if (issue.file !== undefined && issue.line !== undefined) {
    where += `:${issue.line}`;
    if (issue.column !== undefined) where += `:${issue.column}`;
  }
  const key = issue.path ? `${issue.path}: ` : '';
  return where ? `${where}: ${key}${issue.message}` : `${key}${issue.message}`;
}

/** The project's files are wrong; carries every problem found, not only the first. */
export class ConfigError extends StagerError {
  override readonly exitCode: number = ExitCode.usage;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options: ErrorOptions = {}) {
    const first = issues[0];
    const message =
      issues.length === 1 && first
        ? formatIssue(first)
        : `${issues.length} problems in the project's files`;
    super(message, options);
    this.issues = issues;
  }

  static single(issue: ConfigIssue, options: ErrorOptions = {}): ConfigError {
    return new ConfigError([issue], options);
  }
}

export class EngineUnreachableError extends StagerError {
  override readonly exitCode: number = ExitCode.engineUnreachable;
  readonly endpoint: string;

  constructor(endpoint: string, reason: string, options: ErrorOptions = {}) {
    super(`cannot reach the Docker engine at ${endpoint}: ${reason}`, options);
    this.endpoint = endpoint;
  }
}

export class NotFoundError extends StagerError {
  override readonly exitCode: number = ExitCode.notFound;
}

export class ConflictError extends StagerError {
  override readonly exitCode: number = ExitCode.conflict;
}

export class UserAbortError extends StagerError {
  override readonly exitCode: number = ExitCode.aborted;
}

/** An error from the engine that is none of the above; keeps the engine's own words. */
export class EngineError extends StagerError {
  readonly statusCode: number | undefined;

  constructor(message: string, statusCode?: number, options: ErrorOptions = {}) {
    super(message, options);
    this.statusCode = statusCode;
  }
}

/** The engine could not publish a port because something on the host holds it. */
export class PortInUseError extends EngineError {
  constructor(
    message: string,
    readonly port: number,
    statusCode?: number,
    options: ErrorOptions = {},
  ) {
    super(message, statusCode, options);
  }
}
