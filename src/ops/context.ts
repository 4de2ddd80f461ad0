import type { Engine, RegistryAuth } from '../engine/engine.js';
import { UserAbortError } from '../errors.js';
import type { Host } from '../host/host.js';
import type { Reporter } from './reporter.js';

/** What every operation is handed: it reaches for nothing else. */
export interface OpContext {
  engine: Engine;
  reporter: Reporter;
  /** Files, subprocesses and this process. */
  host: Host;
  /** The clock. */
  now: () => Date;
  /** Registry credentials by host (`127.0.0.1:5000`, `docker.io`); none when absent. */
  credentials?: { get(host: string): Promise<RegistryAuth | undefined> };
  /** Aborted when the user asks to stop (Ctrl-C): an op ends at its next step and undoes what it began. */
  signal?: AbortSignal;
}

/** Throws when the user asked to stop; called between the steps of a long operation. */
export function stopIfInterrupted(ctx: Pick<OpContext, 'signal'>): void {
  if (ctx.signal?.aborted) throw interrupted();
}

export const interrupted = (): UserAbortError =>
  new UserAbortError('interrupted', {
    hint: 'run the command again: it picks up from what is there',
  });
