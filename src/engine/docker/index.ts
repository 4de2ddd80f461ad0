import type { Engine } from '../engine.js';
import type { Endpoint } from '../endpoint.js';
import { DockerEngine } from './docker-engine.js';

export function connectDocker(endpoint: Endpoint): Engine {
  return new DockerEngine(endpoint);
}
