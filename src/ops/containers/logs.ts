/**
 * `stager logs`: lines from every selected container as they arrive. With `follow`, containers
 * that start later (a recreate, a scale-up) join the stream, learned from `start` events.
 * Lines are handed on one by one and never collected, so memory stays flat however much the
 * services print.
 */
import type { ContainerSummary, LogStream } from '../../engine/engine.js';
import { Label, projectFilter } from '../../engine/labels.js';
import type { OpContext } from '../context.js';
import { isOneoff } from '../lifecycle/plan.js';

export interface LogEntry {
  /** `web-1`, or the container name for one-off containers. */
  source: string;
  service: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface LogsOptions {
  project: string;
  services?: readonly string[];
  /** `--index N`: only replica N (of the one service named). */
  index?: number;
  follow?: boolean;
  tail?: number | 'all';
  since?: string;
  until?: string;
  timestamps?: boolean;
  /** Ends a `follow` at once (Ctrl-C). */
  signal?: AbortSignal;
  /**
   * Ends a `follow` once every container's stream has delivered its last line: for containers
   * that have exited, whose output may still be on its way.
   */
  drain?: AbortSignal;
}

export function logSource(c: ContainerSummary): string {
  const service = c.labels[Label.service] ?? c.name;
  return isOneoff(c) ? c.name : `${service}-${c.labels[Label.containerNumber] ?? '1'}`;
}

export async function streamLogs(
  ctx: OpContext,
  options: LogsOptions,
  onEntry: (e: LogEntry) => void,
  onSources?: (sources: string[]) => void,
): Promise<void> {
  const wanted = options.services?.length ? new Set(options.services) : undefined;
  const selected = (c: ContainerSummary): boolean =>
    (!wanted || wanted.has(c.labels[Label.service] ?? '')) &&
    (options.index === undefined ||
      (!isOneoff(c) && c.labels[Label.containerNumber] === String(options.index)));
  const streams = new Map<string, LogStream>();
  const attaching = new Set<Promise<void>>();
  const track = (p: Promise<void>): void => {
    attaching.add(p);
    void p.finally(() => attaching.delete(p));
  };
  const attach = async (c: ContainerSummary, since?: string): Promise<void> => {
    if (streams.has(c.id) || options.signal?.aborted) return;
    const details = await ctx.engine.inspectContainer(c.id);
    const source = logSource(c);
    const service = c.labels[Label.service] ?? '';
    const stream = await ctx.engine
      .containerLogs(
        c.id,
        {
          follow: options.follow ?? false,
          tail: since ? 'all' : options.tail,
          ...((since ?? options.since) ? { since: since ?? options.since } : {}),
          ...(options.until ? { until: options.until } : {}),
          timestamps: options.timestamps ?? false,
          tty: details.tty,
          ...(options.signal ? { signal: options.signal } : {}),
        },
        (line) => onEntry({ source, service, stream: line.stream, text: line.text }),
      )
      // Interrupted before the engine answered: nothing to read, and nothing went wrong.
      .catch((err: unknown) => {
        if (options.signal?.aborted) return undefined;
        throw err;
      });
    if (stream) streams.set(c.id, stream);
  };

  const containers = (
    await ctx.engine.listContainers({ labels: [projectFilter(options.project)], all: true })
  ).filter(selected);
  onSources?.(containers.map(logSource));
  let events: { close(): void } | undefined;
  if (options.follow) {
    events = await ctx.engine.streamEvents(
      { type: ['container'], event: ['start'], label: [projectFilter(options.project)] },
      (e) => {
        const service = e.attributes[Label.service] ?? '';
        if (wanted && !wanted.has(service)) return;
        const summary: ContainerSummary = {
          id: e.id,
          name: e.attributes.name ?? e.id.slice(0, 12),
          image: e.attributes.image ?? '',
          state: 'running',
          status: '',
          health: 'none',
          createdAt: new Date(e.time * 1000),
          labels: e.attributes,
          ports: [],
        };
        onSources?.([logSource(summary)]);
        // Only what the new container prints from its start on: its history is empty anyway.
        track(attach(summary, String(e.time)).catch(() => undefined));
      },
    );
  }
  await Promise.all(containers.map((c) => attach(c)));
  if (!options.follow) {
    await Promise.all([...streams.values()].map((s) => s.done));
    return;
  }
  const ended = await new Promise<'stop' | 'drain'>((resolve) => {
    if (options.signal?.aborted) return resolve('stop');
    if (options.drain?.aborted) return resolve('drain');
    options.signal?.addEventListener('abort', () => resolve('stop'), { once: true });
    options.drain?.addEventListener('abort', () => resolve('drain'), { once: true });
  });
  events?.close();
  if (ended === 'drain') {
    const stopped = new Promise<void>((resolve) => {
      if (options.signal?.aborted) return resolve();
      options.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    const drained = Promise.all(attaching).then(() =>
      Promise.all([...streams.values()].map((s) => s.done)),
    );
    await Promise.race([drained, stopped]);
  }
  for (const s of streams.values()) s.close();
}
