/**
 * The Engine port on the Docker Engine API: one client per resource, all through one DockerApi
 * (the first call's ping, typed errors, followed streams).
 */
import type { Engine } from '../engine.js';
import type { Endpoint } from '../endpoint.js';
import { DockerApi } from './api.js';
import { DockerBuilds } from './builds.js';
import { DockerContainers } from './containers.js';
import { DockerImages } from './images.js';
import { DockerNetworks } from './networks.js';
import { DockerSystem } from './system.js';
import { DockerVolumes } from './volumes.js';

/** A client's methods, bound to it, as a plain object that can be spread. */
function methodsOf<T extends object>(client: T): { [K in keyof T]: T[K] } {
  const out: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(Object.getPrototypeOf(client))) {
    const value = (client as Record<string, unknown>)[key];
    if (key !== 'constructor' && typeof value === 'function') out[key] = value.bind(client);
  }
  return out as { [K in keyof T]: T[K] };
}

export function dockerEngine(endpoint: Endpoint): Engine {
  const api = new DockerApi(endpoint);
  const images = new DockerImages(api);
  return {
    endpoint,
    ...methodsOf(new DockerContainers(api)),
    ...methodsOf(new DockerNetworks(api)),
    ...methodsOf(new DockerVolumes(api)),
    ...methodsOf(images),
    ...methodsOf(new DockerBuilds(api, images)),
    ...methodsOf(new DockerSystem(api)),
  };
}
