import type { LogEntry } from '../ops/containers/logs.js';
import type { Style } from './style.js';

/**
 * Prints log entries as `web-1  | text`: one stable color per service, prefixes padded to the
 * longest source seen, so that columns line up as containers join.
 */
export class LogPrinter {
  private width = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly style: Style,
    private readonly prefix: boolean,
  ) {}

  addSources(sources: readonly string[]): void {
    for (const s of sources) this.width = Math.max(this.width, s.length);
  }

  print(entry: LogEntry): void {
    if (!this.prefix) {
      this.write(`${entry.text}\n`);
      return;
    }
    this.addSources([entry.source]);
    const head = this.style.keyed(entry.service, `${entry.source.padEnd(this.width)}  |`);
    this.write(`${head} ${entry.text}\n`);
  }
}
