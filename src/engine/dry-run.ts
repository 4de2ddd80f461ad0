/**
 * `--dry-run`: an engine that answers every question the real one answers and changes nothing.
 * A change is reported as what would be done and answered as if done, so that an op runs its
 * whole course (down, stop, restart, pull ...) and says each step it would take.
 */
import type { Engine } from './engine.js';

/** What each changing call does, for reports; calls not listed only read. */
export const CHANGES: Partial<Record<keyof Engine, string>> = {
  createContainer: 'create container',
  startContainer: 'start container',
  stopContainer: 'stop container',
  killContainer: 'kill container',
  removeContainer: 'remove container',
  pauseContainer: 'pause container',
  unpauseContainer: 'unpause container',
  connectNetwork: 'connect network',
  putArchive: 'copy into container',
  commitContainer: 'commit container',
  createNetwork: 'create network',
  removeNetwork: 'remove network',
  createVolume: 'create volume',
  removeVolume: 'remove volume',
  pullImage: 'pull image',
  pushImage: 'push image',
  removeImage: 'remove image',
  buildImage: 'build image',
  pruneBuildCache: 'prune build cache',
};

/** Calls that cannot be pretended: they run something in a container. */
const REFUSED = new Set<keyof Engine>(['exec', 'attach']);

export function dryRunEngine(engine: Engine, say: (change: string) => void): Engine {
  // Changes are said by name: the names of what the listings showed, by id.
  const names = new Map<string, string>();
  const learn = <T extends { id: string; name: string }>(list: T[]): T[] => {
    for (const item of list) names.set(item.id, item.name);
    return list;
  };
  return new Proxy(engine, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      const name = key as keyof Engine;
      if (name === 'listContainers' || name === 'listNetworks')
        return async (...args: unknown[]) =>
          learn(
            await (value as (...a: unknown[]) => Promise<{ id: string; name: string }[]>).apply(
              target,
              args,
            ),
          );
      if (REFUSED.has(name))
        return () => Promise.reject(new Error(`--dry-run cannot ${String(name)} in a container`));
      const change = CHANGES[name];
      if (!change || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const subject = args[0];
        const label =
          typeof subject === 'string'
            ? (names.get(subject) ?? subject.slice(0, 64))
            : typeof subject === 'object' && subject && 'name' in subject
              ? String((subject as { name: unknown }).name)
              : '';
        say(`${change}${label ? ` ${label}` : ''}`);
        if (name === 'createContainer' || name === 'createNetwork') return `dry-run-${label}`;
        if (name === 'commitContainer' || name === 'buildImage') return 'sha256:dry-run';
        if (name === 'pruneBuildCache') return 0;
        return undefined;
      };
    },
  });
}
