/**
 * Ctrl-C for commands that change things: the first SIGINT or SIGTERM asks the operation to stop
 * at its next step and undo what it began; a second one ends the process at once, as the signal's
 * default action would.
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
