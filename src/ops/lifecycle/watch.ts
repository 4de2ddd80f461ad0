/**
 * Waits on container states through the engine's event stream: a dependent starts the moment
 * its dependency is healthy or has exited, learned from `health_status` and `die` events rather
 * than from a polling loop. Each wait inspects once, then re-inspects only when an event about
 * that container arrives.
 */
import type { DependencyCondition } from '../../config/model/project.js';
import type {
  ContainerDetails,
  ContainerSummary,
  Engine,
  EventStream,
} from '../../engine/engine.js';
import { projectFilter } from '../../engine/labels.js';
import { interrupted } from '../context.js';

const STATE_EVENTS = [
  'start',
  'die',
  'health_status',
  'restart',
  'stop',
  'kill',
  'oom',
  'pause',
  'unpause',
  'destroy',
];

export type Verdict = 'ok' | 'wait' | { failed: string } | { recheckInMs: number };

export class ContainerWatch {
  private stream: Promise<EventStream> | undefined;
  private closed = false;
  private readonly listeners = new Map<string, Set<() => void>>();

  private constructor(
    private readonly engine: Engine,
    private readonly project: string,
  ) {}

  /**
   * The event stream opens on the first wait that one look does not settle: an `up` that finds
   * everything running and healthy makes no events request at all.
   */
  static async start(engine: Engine, project: string): Promise<ContainerWatch> {
    return new ContainerWatch(engine, project);
  }

  private subscribe(): Promise<EventStream> {
    // Only state changes: every healthcheck run also emits exec_* events, which would cost an
    // inspect each.
    this.stream ??= this.engine.streamEvents(
      { type: ['container'], event: STATE_EVENTS, label: [projectFilter(this.project)] },
      (e) => {
        for (const fn of this.listeners.get(e.id) ?? []) fn();
      },
    );
    return this.stream;
  }

  close(): void {
    this.closed = true;
    void this.stream?.then((s) => s.close()).catch(() => undefined);
    this.listeners.clear();
  }

  /**
   * Resolves with the details that satisfied `judge`; rejects with its failure, on timeout, or
   * when `signal` aborts.
   */
  waitFor(
    id: string,
    judge: (d: ContainerDetails) => Verdict,
    timeoutMs?: number,
    signal?: AbortSignal,
  ): Promise<ContainerDetails> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let checking = false;
      let again = false;
      let subscribed = false;
      let timer: NodeJS.Timeout | undefined;
      const listeners = this.listeners.get(id) ?? this.listeners.set(id, new Set()).get(id)!;
      const onAbort = (): void => finish(() => reject(interrupted()));
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        listeners.delete(check);
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const check = (): void => {
        if (settled) return;
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        this.engine.inspectContainer(id).then(
          (details) => {
            checking = false;
            const verdict = judge(details);
            if (verdict === 'ok') finish(() => resolve(details));
            else if (verdict !== 'wait' && 'failed' in verdict) {
              const reason = verdict.failed;
              finish(() => reject(new WaitFailure(reason, details)));
            } else if (!subscribed) {
              // Not settled by one look: listen from now on (once the stream is open), then
              // look again, so that no event falls between the two.
              subscribed = true;
              this.subscribe().then(
                () => (this.closed ? undefined : check()),
                (err: unknown) => finish(() => reject(err)),
              );
            } else if (verdict !== 'wait') setTimeout(check, verdict.recheckInMs).unref();
            else if (again) {
              again = false;
              check();
            }
          },
          (err: unknown) => finish(() => reject(err)),
        );
      };
      listeners.add(check);
      if (timeoutMs !== undefined)
        timer = setTimeout(() => finish(() => reject(new WaitTimeout(timeoutMs))), timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      check();
    });
  }
}

export class WaitFailure extends Error {
  constructor(
    message: string,
    readonly details: ContainerDetails,
  ) {
    super(message);
  }
}

export class WaitTimeout extends Error {
  constructor(readonly ms: number) {
    super(`still waiting after ${Math.round(ms / 1000)}s`);
  }
}

/** A container its restart policy keeps bringing back is not "started", whatever the moment says. */
const crashLoop = (d: ContainerDetails): Verdict | undefined =>
  d.state === 'restarting' || (d.restartCount > 0 && !d.running)
    ? {
        failed: `keeps restarting (exited with code ${d.exitCode}, restarted ${d.restartCount} times)`,
      }
    : undefined;

export const isStarted = (d: ContainerDetails): Verdict => {
  const loop = crashLoop(d);
  if (loop) return loop;
  if (d.running) return 'ok';
  return d.state === 'exited' || d.state === 'dead'
    ? { failed: `exited with code ${d.exitCode}` }
    : 'wait';
};

export const isHealthy = (d: ContainerDetails): Verdict => {
  const loop = crashLoop(d);
  if (loop) return loop;
  if (d.health === 'healthy') return 'ok';
  if (d.health === 'unhealthy') return { failed: 'is unhealthy' };
  if (!d.running && (d.state === 'exited' || d.state === 'dead'))
    return { failed: `exited with code ${d.exitCode}` };
  if (d.health === 'none' && d.running) return { failed: 'has no healthcheck' };
  return 'wait';
};

export const isCompleted = (d: ContainerDetails): Verdict => {
  if (d.state === 'exited' || d.state === 'dead')
    return d.exitCode === 0 ? 'ok' : { failed: `exited with code ${d.exitCode}` };
  return 'wait';
};

/**
 * A dependency condition the engine's listing already shows met, for a container this run left
 * alone: `up` with nothing to do then inspects nothing, level after level.
 */
export function listedAsMet(c: ContainerSummary, condition: DependencyCondition): boolean {
  if (condition === 'service_healthy') return c.state === 'running' && c.health === 'healthy';
  if (condition === 'service_completed_successfully')
    return c.state === 'exited' && c.exitCode === 0;
  return c.state === 'running';
}

/** How long a container without a healthcheck must stay up to count as ready. */
export const STABLE_MS = 1000;

/**
 * `up --wait`: healthy when the container has a healthcheck, else running for a moment: a
 * crash-looping container is briefly "running" between its restarts.
 */
export const isReady = (d: ContainerDetails, now: number = Date.now()): Verdict => {
  if (d.health !== 'none') return isHealthy(d);
  const started = isStarted(d);
  if (started !== 'ok') return started;
  const up = now - Date.parse(d.startedAt);
  return up >= STABLE_MS ? 'ok' : { recheckInMs: STABLE_MS - up + 20 };
};
