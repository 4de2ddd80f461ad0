import { describe, expect, it } from 'vitest';
import type { ContainerDetails, ContainerSummary } from '../../../../src/engine/engine.js';
import {
  isCompleted,
  isHealthy,
  isReady,
  isStarted,
  listedAsMet,
} from '../../../../src/ops/lifecycle/watch.js';

const base: ContainerDetails = {
  id: 'x',
  name: 'p-web-1',
  image: 'i',
  imageId: 'sha',
  labels: {},
  state: 'running',
  running: true,
  exitCode: 0,
  health: 'none',
  healthLog: [],
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '',
  restartCount: 0,
  tty: false,
  ports: [],
  mounts: [],
};
const at = (over: Partial<ContainerDetails>): ContainerDetails => ({ ...base, ...over });
const T0 = Date.parse(base.startedAt);

describe('container verdicts', () => {
  it.each([
    ['running', at({}), 'ok'],
    ['created', at({ state: 'created', running: false }), 'wait'],
    [
      'exited',
      at({ state: 'exited', running: false, exitCode: 2 }),
      { failed: 'exited with code 2' },
    ],
    [
      'restarting',
      at({ state: 'restarting', running: false, exitCode: 1, restartCount: 3 }),
      { failed: 'keeps restarting (exited with code 1, restarted 3 times)' },
    ],
  ])('started: %s', (_n, d, verdict) => {
    expect(isStarted(d)).toEqual(verdict);
  });

  it.each([
    ['healthy', at({ health: 'healthy' }), 'ok'],
    ['starting', at({ health: 'starting' }), 'wait'],
    ['unhealthy', at({ health: 'unhealthy' }), { failed: 'is unhealthy' }],
    ['no healthcheck', at({}), { failed: 'has no healthcheck' }],
    [
      'exited first',
      at({ health: 'starting', state: 'exited', running: false, exitCode: 1 }),
      { failed: 'exited with code 1' },
    ],
  ])('healthy: %s', (_n, d, verdict) => {
    expect(isHealthy(d)).toEqual(verdict);
  });

  it.each([
    ['exit 0', at({ state: 'exited', running: false }), 'ok'],
    [
      'exit 3',
      at({ state: 'exited', running: false, exitCode: 3 }),
      { failed: 'exited with code 3' },
    ],
    ['still running', at({}), 'wait'],
  ])('completed: %s', (_n, d, verdict) => {
    expect(isCompleted(d)).toEqual(verdict);
  });

  it('counts a container without healthcheck ready once it stayed up for a second', () => {
    expect(isReady(at({}), T0 + 200)).toEqual({ recheckInMs: 820 });
    expect(isReady(at({}), T0 + 1500)).toBe('ok');
    expect(isReady(at({ health: 'starting' }), T0 + 5000)).toBe('wait');
  });
});

describe('conditions the listing already shows met', () => {
  const listed = (over: Partial<ContainerSummary>): ContainerSummary => ({
    id: 'x',
    name: 'p-db-1',
    image: 'i',
    state: 'running',
    status: 'Up 3 minutes (healthy)',
    health: 'healthy',
    createdAt: new Date(T0),
    labels: {},
    ports: [],
    ...over,
  });

  it.each([
    ['healthy, for service_healthy', listed({}), 'service_healthy', true],
    ['starting, for service_healthy', listed({ health: 'starting' }), 'service_healthy', false],
    ['unhealthy, for service_healthy', listed({ health: 'unhealthy' }), 'service_healthy', false],
    ['running, for service_started', listed({ health: 'none' }), 'service_started', true],
    [
      'exited 0, for completion',
      listed({ state: 'exited', exitCode: 0 }),
      'service_completed_successfully',
      true,
    ],
    [
      'exited 1, for completion',
      listed({ state: 'exited', exitCode: 1 }),
      'service_completed_successfully',
      false,
    ],
    ['running, for completion', listed({}), 'service_completed_successfully', false],
  ] as const)('%s', (_name, container, condition, met) => {
    expect(listedAsMet(container, condition)).toBe(met);
  });
});
