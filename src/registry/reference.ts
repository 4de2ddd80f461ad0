/** Which registry an image reference names, the way the docker CLI decides it. */

export const DOCKER_HUB = 'docker.io';
/** The key Docker Hub's credentials are stored under in config.json. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/**
 * `127.0.0.1:5000/app:1` -> `127.0.0.1:5000`; `ghcr.io/o/app` -> `ghcr.io`; `postgres:16` and
 * `library/busybox` -> `docker.io`. The first component is a host when it has a dot or a port,
 * or is `localhost`.
 */
export function registryOf(ref: string): string {
  const slash = ref.indexOf('/');
  if (slash < 0) return DOCKER_HUB;
  const first = ref.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : DOCKER_HUB;
}

/** The config.json key for a registry host. */
export function credentialKey(host: string): string {
  return host === DOCKER_HUB || host === 'index.docker.io' ? DOCKER_HUB_KEY : host;
}

/** `https://ghcr.io/`, `ghcr.io/v2` and `ghcr.io` name the same registry. */
export function normalizeHost(server: string): string {
  const host = server
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB : host;
}
