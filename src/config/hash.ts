import { createHash } from 'node:crypto';
import { networkShape, serviceShape, volumeShape } from './compose-shapes.js';
import { goJson } from './go-json.js';
import type { NetworkConfig, ServiceConfig, VolumeConfig } from './model/project.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The digest that decides whether a container must be recreated, computed as Compose v2
 * computes it (so switching tools recreates nothing): the service as `config --format json`
 * writes it, without what can change without touching a container (how to build or pull, the
 * scale, dependencies, profiles). The image a container runs is compared apart, by its id label.
 */
export function serviceConfigHash(service: ServiceConfig): string {
  const {
    build: _build,
    pull_policy: _pull,
    scale: _scale,
    depends_on: _deps,
    profiles: _profiles,
    ...rest
  } = service;
  if (rest.deploy) {
    const { replicas: _replicas, ...deploy } = rest.deploy;
    rest.deploy = deploy;
  }
  return sha256(goJson(serviceShape, rest));
}

/** Compose v2's digest of a network's configuration, written on the network as a label. */
export function networkConfigHash(network: NetworkConfig): string {
  return sha256(goJson(networkShape, network));
}

/** Compose v2's digest of a volume's configuration; a volume without a driver has `local`. */
export function volumeConfigHash(volume: VolumeConfig): string {
  return sha256(goJson(volumeShape, { ...volume, driver: volume.driver || 'local' }));
}
