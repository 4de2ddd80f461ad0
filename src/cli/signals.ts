/**
 * What Ctrl-C (SIGINT) and SIGTERM mean, in one place. The first asks the command to stop at its
 * next step and undo what it began; a second one, while that is under way, forces it.
 */

export interface StopSignals {
  /** Aborted by the first signal. */
  interrupt: AbortSignal;
  /** Aborted by the second. */
  force: AbortSignal;
  /** Stops listening. */
  dispose(): void;
}

export function stopSignals(): StopSignals {
  const interrupt = new AbortController();
  const force = new AbortController();
  const onSignal = (): void => (interrupt.signal.aborted ? force.abort() : interrupt.abort());
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    interrupt: interrupt.signal,
    force: force.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * For commands that change things: the first signal aborts `work`'s signal; a second one ends
 * the process at once, as the signal's default action would.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!abort.signal.aborted) return abort.abort();
    stopListening();
    process.kill(process.pid, signal);
  };
  const stopListening = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(abort.signal);
  } finally {
    stopListening();
  }
}
