import type { Engine } from '../engine.js';
import type { Endpoint } from '../endpoint.js';
import { dockerEngine } from './docker-engine.js';

export function connectDocker(endpoint: Endpoint): Engine {
  return dockerEngine(endpoint);
}
