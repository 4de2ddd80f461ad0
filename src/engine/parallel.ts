/**
 * `--parallel N` (or COMPOSE_PARALLEL_LIMIT): at most N changes in flight at once, as Compose
 * v2 bounds them, for engines on small machines. Reads are not held back.
 */
import { CHANGES } from './dry-run.js';
import type { Engine } from './engine.js';

export function limitedEngine(engine: Engine, limit: number): Engine {
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> =>
    running < limit
      ? (running++, Promise.resolve())
      : new Promise((resolve) => waiting.push(() => (running++, resolve())));
  const release = (): void => {
    running--;
    waiting.shift()?.();
  };
  return new Proxy(engine, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (!CHANGES[key as keyof Engine] || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await acquire();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          release();
        }
      };
    },
  });
}
