import { describe, expect, it } from 'vitest';
import {
  dependencyCycles,
  dependenciesOf,
  dependencyLevels,
  sharedWith,
} from '../../../src/config/graph.js';
import type { Project, ServiceConfig } from '../../../src/config/model/project.js';

const project = (services: Record<string, Partial<ServiceConfig>>): Pick<Project, 'services'> => ({
  services: Object.fromEntries(
    Object.entries(services).map(([name, s]) => [
      name,
      { name, image: 'x', ...s } as ServiceConfig,
    ]),
  ),
});

describe('the dependency graph', () => {
  it('counts namespaces and volumes a service shares, never a container named with container:', () => {
    const p = project({
      db: {},
      vpn: {},
      app: {
        network_mode: 'service:vpn',
        ipc: 'service:db',
        volumes_from: ['db:ro', 'container:legacy'],
      },
      legacy: {},
      side: { network_mode: 'container:legacy' },
    });
    expect(sharedWith(p.services.app!, p).sort()).toEqual(['db', 'vpn']);
    expect(sharedWith(p.services.side!, p)).toEqual([]);
    expect(dependenciesOf(p.services.side!, p)).toEqual([]);
  });

  it('orders by levels and finds each cycle once, shared namespaces included', () => {
    const p = project({
      db: {},
      app: { depends_on: { db: { condition: 'service_healthy', required: true } } },
      proxy: { network_mode: 'service:app' },
    });
    expect(Object.fromEntries(dependencyLevels(p, ['db', 'app', 'proxy']))).toEqual({
      db: 0,
      app: 1,
      proxy: 2,
    });
    expect(dependencyCycles(p)).toEqual([]);
    const looped = project({
      a: { depends_on: { b: { condition: 'service_started', required: true } } },
      b: { network_mode: 'service:a' },
    });
    expect(dependencyCycles(looped)).toEqual([['a', 'b', 'a']]);
  });
});
