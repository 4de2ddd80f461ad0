/**
 * The engine's progress streams (pull, push, build) are JSON objects one per line; an `error`
 * field in any of them means the operation failed even though the HTTP status was 200.
 */
export interface JsonMessage {
  id?: string;
  status?: string;
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  progressDetail?: { current?: number; total?: number };
  aux?: unknown;
}

/** Reads every message; rejects with the stream's own error message, if one arrives. */
export function readJsonStream(
  stream: NodeJS.ReadableStream,
  onMessage: (m: JsonMessage) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let buffer = '';
    let failure: string | undefined;
    const take = (line: string): void => {
      if (!line.trim()) return;
      let message: JsonMessage;
      try {
        message = JSON.parse(line) as JsonMessage;
      } catch {
        return;
      }
      if (message.error || message.errorDetail?.message) {
        failure ??= message.errorDetail?.message ?? message.error;
        return;
      }
      onMessage(message);
    };
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) take(line);
    });
    stream.on('end', () => {
      take(buffer);
      if (failure !== undefined) reject(new StreamError(failure));
      else resolve();
    });
    stream.on('error', reject);
  });
}

export class StreamError extends Error {}
