import { ConfigError, formatIssue, StagerError } from '../../errors.js';
import type { Style } from '../style.js';

/** One line per problem; the stack only when asked for with --verbose. */
export function renderError(err: unknown, style: Style, verbose: boolean): string {
  const lines: string[] = [];
  if (err instanceof ConfigError && err.issues.length > 1) {
    for (const issue of err.issues) lines.push(`${style.red('error:')} ${formatIssue(issue)}`);
  } else if (err instanceof StagerError) {
    // The hint rides on the same line: one failure, one line, whatever the terminal keeps.
    const hint = err.hint ? style.dim(` (${err.hint})`) : '';
    lines.push(`${style.red('error:')} ${err.message}${hint}`);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    lines.push(
      `${style.red('error:')} ${message} ${style.dim('(this is a bug in stager: please report it with the output of --verbose)')}`,
    );
  }
  if (err instanceof ConfigError && err.issues.length > 1 && err.hint)
    lines.push(style.dim(`hint: ${err.hint}`));
  if (err instanceof StagerError)
    for (const detail of err.details) lines.push(style.dim(`  | ${detail}`));
  if (verbose && err instanceof Error && err.stack) {
    lines.push(style.dim(err.stack));
    let cause = err.cause;
    while (cause instanceof Error) {
      lines.push(style.dim(`caused by: ${cause.stack ?? cause.message}`));
      cause = cause.cause;
    }
  }
  return lines.join('\n') + '\n';
}
