import type { LogLine } from '../engine.js';

/**
 * Splits the engine's output into lines per stream. Without a TTY the engine multiplexes
 * stdout and stderr in frames (8-byte header: stream, 3 zero bytes, big-endian length); with a
 * TTY the bytes are raw. Partial lines wait for their end, so memory holds at most one line per
 * stream whatever the container prints.
 */
export class LineDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private readonly partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  constructor(
    private readonly tty: boolean,
    private readonly onLine: (line: LogLine) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.tty) {
      this.text('stdout', chunk.toString('utf8'));
      return;
    }
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream = this.pending[0] === 2 ? 'stderr' : 'stdout';
      this.text(stream, this.pending.subarray(8, 8 + size).toString('utf8'));
      this.pending = this.pending.subarray(8 + size);
    }
  }

  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) this.onLine({ stream, text: this.partial[stream] });
      this.partial[stream] = '';
    }
  }

  private text(stream: 'stdout' | 'stderr', text: string): void {
    const lines = (this.partial[stream] + text).split('\n');
    this.partial[stream] = lines.pop() ?? '';
    for (const line of lines) this.onLine({ stream, text: line.replace(/\r$/, '') });
  }
}

/** Copies a multiplexed stream's frames to two writable streams, bytes as they come. */
export function demuxTo(
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      (pending[0] === 2 ? stderr : stdout).write(pending.subarray(8, 8 + size));
      pending = pending.subarray(8 + size);
    }
  };
}
