import https from 'node:https';
import Docker from 'dockerode';
import type { Endpoint } from '../endpoint.js';
import { SshDialAgent } from './ssh-dial.js';

/**
 * dockerode options for an endpoint. Every connection field is set, even to undefined: the
 * endpoint stager resolved is the whole truth (see `createDocker` for the environment).
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
      // Plain HTTP over the system ssh client's dial-stdio processes; the host names no one.
      return {
        ...none,
        host: 'docker',
        port: 80,
        protocol: 'http',
        agent: new SshDialAgent(endpoint),
      } as Docker.DockerOptions;
  }
}

/** What docker-modem reads from process.env on its own when it is constructed. */
const MODEM_ENV = [
  'DOCKER_HOST',
  'DOCKER_TLS_VERIFY',
  'DOCKER_CERT_PATH',
  'DOCKER_PATH_PREFIX',
  'DOCKER_CLIENT_TIMEOUT',
];

/**
 * docker-modem parses DOCKER_HOST and reads the files of DOCKER_CERT_PATH in its constructor,
 * whatever the options say: a malformed host or a missing key.pem would throw there even when
 * `--context` names another engine. It is constructed with those variables out of sight.
 */
export function createDocker(endpoint: Endpoint, extra: Docker.DockerOptions = {}): Docker {
  const saved = MODEM_ENV.map((name) => [name, process.env[name]] as const);
  for (const name of MODEM_ENV) delete process.env[name];
  try {
    return new Docker({ ...dockerOptions(endpoint), ...extra });
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}
