import { describe, expect, it } from 'vitest';
import { compareApiVersions, negotiateApiVersion } from '../../../src/engine/docker/api-version.js';
import { healthFromStatus } from '../../../src/engine/docker/map-container.js';
import { dockerOptions } from '../../../src/engine/docker/connect.js';

describe('API version negotiation', () => {
  it.each([
    ['1.41', '1.41'],
    ['1.45', '1.45'],
    ['1.50', '1.47'],
    [undefined, '1.47'],
  ])('engine %s -> %s', (engine, expected) => {
    expect(negotiateApiVersion(engine)).toBe(expected);
  });

  it('refuses engines older than 1.41', () => {
    expect(() => negotiateApiVersion('1.40')).toThrow(/needs 1.41/);
  });

  it('compares numerically, not as text', () => {
    expect(compareApiVersions('1.9', '1.10')).toBeLessThan(0);
  });
});

describe('health from the list status', () => {
  it.each([
    ['Up 2 minutes (healthy)', 'healthy'],
    ['Up 5 seconds (health: starting)', 'starting'],
    ['Up 1 hour (unhealthy)', 'unhealthy'],
    ['Exited (0) 3 seconds ago', 'none'],
  ])('%s', (status, health) => {
    expect(healthFromStatus(status)).toBe(health);
  });
});

describe('dockerode options', () => {
  it('sets every connection field so docker-modem ignores DOCKER_HOST from process.env', () => {
    const options = dockerOptions({
      kind: 'unix',
      url: 'unix:///s',
      source: 'x',
      socketPath: '/s',
    });
    expect(options).toHaveProperty('host', undefined);
    expect(options).toHaveProperty('socketPath', '/s');
  });

  it('speaks https with the TLS material', () => {
    const options = dockerOptions({
      kind: 'tcp',
      url: 'tcp://h:2376',
      source: 'x',
      host: 'h',
      port: 2376,
      tls: { ca: 'A', cert: 'B', key: 'C', verify: true },
    });
    expect(options).toMatchObject({
      protocol: 'https',
      host: 'h',
      port: 2376,
      ca: 'A',
      cert: 'B',
      key: 'C',
    });
  });
});
