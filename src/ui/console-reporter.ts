import type { ReportEvent, Reporter } from '../ops/reporter.js';
import type { Style } from './style.js';

export interface ConsoleReporterOptions {
  write: (text: string) => void;
  style: Style;
  verbose: boolean;
  quiet: boolean;
}

/**
 * The column states start at: fixed, so lines written before and after a long label line up
 * alike, and narrow, so CI logs stay readable; a longer label is followed by two spaces.
 */
const LABEL_WIDTH = 30;

/** Human progress as plain lines on stderr: one line per transition, never rewritten. */
export class ConsoleReporter implements Reporter {
  constructor(private readonly options: ConsoleReporterOptions) {}

  report(event: ReportEvent): void {
    const { style, write, verbose, quiet } = this.options;
    switch (event.type) {
      case 'warning':
        write(
          `${style.yellow('warning:')} ${event.message}${event.hint ? style.dim(` (${event.hint})`) : ''}\n`,
        );
        return;
      case 'info':
        if (!quiet) write(`${event.message}\n`);
        return;
      case 'debug':
        // The color ends before the newline: a reset after it would land on the next line.
        if (verbose) write(`${style.dim(`debug: ${event.message}`)}\n`);
        return;
      case 'step': {
        if (quiet || event.transient) return;
        write(
          `${event.label.padEnd(LABEL_WIDTH)}  ${stepWord(event.status, event.detail ?? event.status, style)}\n`,
        );
        return;
      }
      default: {
        const never: never = event;
        throw new Error(`unhandled report event ${JSON.stringify(never)}`);
      }
    }
  }
}

function stepWord(status: string, text: string, style: Style): string {
  switch (status) {
    case 'done':
      return style.green(text);
    case 'failed':
      return style.red(text);
    case 'progress':
      return style.yellow(text);
    default:
      return text;
  }
}
