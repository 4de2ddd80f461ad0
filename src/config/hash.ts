import { createHash } from 'node:crypto';
import type { ServiceConfig } from './model.js';

/**
 * The digest that decides whether a container must be recreated: the service's configuration
 * without what can change without touching a container (how many replicas, how to build or pull),
 * plus the id of the image it runs, so a rebuilt or re-pulled image recreates it too.
 */
export function serviceConfigHash(service: ServiceConfig, imageId?: string): string {
  const { build: _build, pull_policy: _pull, scale: _scale, deploy, ...rest } = service;
  const relevant: Record<string, unknown> = { ...rest };
  if (deploy) {
    const { replicas: _replicas, ...deployRest } = deploy;
    if (Object.keys(deployRest).length) relevant.deploy = deployRest;
  }
  if (imageId) relevant['x-image-id'] = imageId;
  return createHash('sha256').update(stableJson(relevant)).digest('hex');
}

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
