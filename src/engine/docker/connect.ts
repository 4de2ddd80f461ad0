import https from 'node:https';
import Docker from 'dockerode';
import type { Endpoint } from '../endpoint.js';

/**
 * dockerode options for an endpoint. Every connection field is set, even to undefined, because
 * docker-modem merges our options over defaults it reads from process.env (DOCKER_HOST,
 * DOCKER_CERT_PATH), and the endpoint stager resolved must win.
 */
export function dockerOptions(endpoint: Endpoint): Docker.DockerOptions {
  const none = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    username: undefined,
  };
  switch (endpoint.kind) {
    case 'unix':
    case 'npipe':
      return { ...none, socketPath: endpoint.socketPath };
    case 'tcp': {
      const { tls } = endpoint;
      if (!tls) return { ...none, host: endpoint.host, port: endpoint.port, protocol: 'http' };
      const material = { ca: tls.ca, cert: tls.cert, key: tls.key };
      return {
        ...none,
        ...material,
        host: endpoint.host,
        port: endpoint.port,
        protocol: 'https',
        // docker-modem has no switch for skipping verification; an agent carries it.
        ...(tls.verify
          ? {}
          : { agent: new https.Agent({ ...material, rejectUnauthorized: false }) }),
      } as Docker.DockerOptions;
    }
    case 'ssh':
      return {
        ...none,
        host: endpoint.host,
        port: endpoint.port,
        protocol: 'ssh',
        username: endpoint.user,
        sshOptions: { agent: process.env.SSH_AUTH_SOCK },
      } as Docker.DockerOptions;
  }
}

export function createDocker(endpoint: Endpoint, extra: Docker.DockerOptions = {}): Docker {
  return new Docker({ ...dockerOptions(endpoint), ...extra });
}
