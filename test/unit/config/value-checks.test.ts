/** Sizes, durations, numbers and restart policies checked at load, each problem at its key. */
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { memoryFs } from '../../../src/config/source-fs.js';

function problems(compose: string): string[] {
  try {
    loadProject({ cwd: '/p', env: {}, fs: memoryFs({ '/p/compose.yaml': compose }) });
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`);
  }
}

describe('values checked at load', () => {
  it('reports every bad size, duration, number and policy with its line and key', () => {
    expect(
      problems(`services:
  a:
    image: busybox
    mem_limit: huge
    stop_grace_period: forever
    cpus: many
    restart: sometimes
    healthcheck: {test: ["CMD", "true"], retries: lots, interval: soon}
`),
    ).toEqual([
      '4:5 services.a.mem_limit: "huge" is not a size (e.g. 512m, 1g)',
      '5:5 services.a.stop_grace_period: "forever" is not a duration (e.g. 30s, 1m30s, 500ms)',
      '6:5 services.a.cpus: "many" is not a number',
      '7:5 services.a.restart: "sometimes" is not a restart policy (no, always, on-failure[:N], unless-stopped)',
      '8:42 services.a.healthcheck.retries: "lots" is not a whole number',
      '8:57 services.a.healthcheck.interval: "soon" is not a duration (e.g. 30s, 1m30s, 500ms)',
    ]);
  });

  it('passes the forms Compose takes', () => {
    expect(
      problems(`services:
  a:
    image: busybox
    mem_limit: 512m
    shm_size: 1gb
    stop_grace_period: 1m30s
    cpus: "0.5"
    restart: on-failure:3
    healthcheck: {test: ["CMD", "true"], retries: 3, interval: 500ms}
`),
    ).toEqual([]);
  });

  it('reports every bad volume of a service, each at its own entry', () => {
    expect(
      problems(
        'services:\n  a:\n    image: busybox\n    volumes: ["::bad", "a:b:c:d", "./ok:/ok"]\n',
      ),
    ).toEqual([
      '4:15 services.a.volumes[0]: invalid volume "::bad": expected [SOURCE:]TARGET[:MODE]',
      '4:24 services.a.volumes[1]: invalid volume "a:b:c:d": expected [SOURCE:]TARGET[:MODE]',
    ]);
  });
});
