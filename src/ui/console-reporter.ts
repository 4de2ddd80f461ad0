import type { ReportEvent, Reporter } from '../ops/reporter.js';
import type { Style } from './style.js';

export interface ConsoleReporterOptions {
  write: (text: string) => void;
  style: Style;
  verbose: boolean;
  quiet: boolean;
}

/** Labels longer than this are not padded to, so one long build step does not push every line. */
const MAX_WIDTH = 64;

/** Human progress as plain lines on stderr: one line per transition, never rewritten. */
export class ConsoleReporter implements Reporter {
  private width = 0;

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
        if (verbose) write(style.dim(`debug: ${event.message}\n`));
        return;
      case 'step': {
        if (quiet || event.transient) return;
        // Labels are padded to the longest seen so far, so the states line up in a column.
        if (event.label.length <= MAX_WIDTH) this.width = Math.max(this.width, event.label.length);
        write(
          `${event.label.padEnd(this.width)}  ${stepWord(event.status, event.detail ?? event.status, style)}\n`,
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
