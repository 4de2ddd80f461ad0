import { Label, projectFilter } from '../../engine/labels.js';
import type { OpContext } from '../context.js';

export interface EventsOptions {
  project: string;
  services?: readonly string[];
  since?: string;
  until?: string;
  /** Ends the watch (Ctrl-C). */
  signal?: AbortSignal;
}

/** A container event of the project, as Compose v2's `events` reports it. */
export interface ProjectEvent {
  /** RFC 3339 with nanoseconds, UTC. */
  time: string;
  service: string;
  id: string;
  action: string;
  /** The engine's attributes without Compose's own labels. */
  attributes: Record<string, string>;
}

/** `1733397490123456789` -> `2024-12-05T11:18:10.123456789Z`. */
export function rfc3339Nano(timeNano: string | undefined, seconds: number): string {
  const nanos = timeNano ? BigInt(timeNano) : BigInt(seconds) * 1_000_000_000n;
  const ms = Number(nanos / 1_000_000n);
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${new Date(ms).toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/**
 * Streams the project's container events (one-off containers left out, as v2 does) until the
 * signal aborts or `until` is reached.
 */
export async function watchEvents(
  ctx: OpContext,
  options: EventsOptions,
  onEvent: (e: ProjectEvent) => void,
): Promise<void> {
  const wanted = options.services?.length ? new Set(options.services) : undefined;
  const stream = await ctx.engine.streamEvents(
    { type: ['container'], label: [projectFilter(options.project)] },
    (e) => {
      if (e.attributes[Label.oneoff] === 'True') return;
      const service = e.attributes[Label.service] ?? '';
      if (wanted && !wanted.has(service)) return;
      onEvent({
        time: rfc3339Nano(e.timeNano, e.time),
        service,
        id: e.id,
        action: e.action,
        attributes: Object.fromEntries(
          Object.entries(e.attributes).filter(([k]) => !k.startsWith('com.docker.compose.')),
        ),
      });
    },
    { since: options.since, until: options.until },
  );
  const aborted = new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([stream.done, aborted]);
  stream.close();
}
