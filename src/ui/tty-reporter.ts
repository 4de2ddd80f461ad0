import type { ReportEvent, Reporter } from '../ops/reporter.js';
import type { Style } from './style.js';

interface Row {
  label: string;
  text: string;
  status: string;
  /** When the row first showed, and when it ended (done, failed, skipped). */
  started: number;
  ended?: number;
}

const ENDED = new Set(['done', 'failed', 'skipped']);

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Progress for a terminal in Compose v2's shape: a `[+] Running done/total` header, then one row
 * per resource rewritten in place as its state changes (Creating, Waiting, Healthy, exited with
 * code 1...) with the seconds it took at the right edge. Messages print above the table.
 */
export class TtyReporter implements Reporter {
  private readonly rows = new Map<string, Row>();
  private drawn = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (text: string) => void,
    private readonly style: Style,
    private readonly verbose: boolean,
    /** The terminal's width, read at each frame. */
    private readonly columns: () => number = () => 80,
    private readonly now: () => number = Date.now,
  ) {}

  report(event: ReportEvent): void {
    switch (event.type) {
      case 'step':
        // One row per thing: ops name rows `kind:name` (src/ops/progress.ts).
        {
          const before = this.rows.get(event.id);
          const ended = ENDED.has(event.status);
          this.rows.set(event.id, {
            label: event.label,
            text: event.detail ?? event.status,
            status: event.status,
            // A row that starts again (Started, then Waiting) keeps counting from its start.
            started: before?.started ?? this.now(),
            ...(ended ? { ended: this.now() } : {}),
          });
        }
        this.animate();
        this.redraw();
        return;
      case 'warning':
        this.above(
          `${this.style.yellow('warning:')} ${event.message}${event.hint ? this.style.dim(` (${event.hint})`) : ''}`,
        );
        return;
      case 'info':
        this.above(event.message);
        return;
      case 'debug':
        if (this.verbose) this.above(this.style.dim(`debug: ${event.message}`));
        return;
      default: {
        const never: never = event;
        throw new Error(`unhandled report event ${JSON.stringify(never)}`);
      }
    }
  }

  /** Leaves the last frame on screen, stops the spinner; later events start a new table below. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.redraw();
    this.drawn = 0;
    this.rows.clear();
  }

  private animate(): void {
    const busy = [...this.rows.values()].some(
      (r) => r.status === 'start' || r.status === 'progress',
    );
    if (busy && !this.timer) {
      this.timer = setInterval(() => {
        this.frame++;
        this.redraw();
      }, 100);
      this.timer.unref();
    } else if (!busy && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private above(line: string): void {
    this.clear();
    this.write(`${line}\n`);
    this.drawn = 0;
    this.redraw();
  }

  private clear(): void {
    if (this.drawn) this.write(`\u001b[${this.drawn}A\u001b[0J`);
    this.drawn = 0;
  }

  private redraw(): void {
    const rows = [...this.rows.values()];
    const width = Math.max(0, ...rows.map((r) => r.label.length));
    const columns = Math.max(40, this.columns());
    const lines = rows.map((r) => {
      const text = ` ${this.mark(r.status)} ${r.label.padEnd(width)}  ${r.text}`;
      const seconds = `${(((r.ended ?? this.now()) - r.started) / 1000).toFixed(1)}s`;
      // The timer at the right edge, as v2 draws it; a row too long for the width goes without.
      const gap = columns - 1 - [...text].length - seconds.length;
      const colored = ` ${this.mark(r.status)} ${r.label.padEnd(width)}  ${this.colored(r)}`;
      return gap > 0 ? `${colored}${' '.repeat(gap)}${this.style.dim(seconds)}` : colored;
    });
    this.clear();
    if (lines.length) {
      const done = rows.filter((r) => ENDED.has(r.status)).length;
      const header = `${this.style.cyan('[+]')} Running ${done}/${rows.length}`;
      this.write(`${[header, ...lines].join('\n')}\n`);
      this.drawn = lines.length + 1;
    }
  }

  private mark(status: string): string {
    switch (status) {
      case 'done':
        return this.style.green('✔');
      case 'failed':
        return this.style.red('✘');
      case 'skipped':
        return this.style.dim('-');
      default:
        return this.style.cyan(SPINNER[this.frame % SPINNER.length]!);
    }
  }

  private colored(r: Row): string {
    if (r.status === 'done') return this.style.green(r.text);
    if (r.status === 'failed') return this.style.red(r.text);
    if (r.status === 'progress') return this.style.yellow(r.text);
    return r.text;
  }
}
