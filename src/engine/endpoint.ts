/**
 * Where the Docker engine is: `--host`, `--context`, DOCKER_HOST, DOCKER_CONTEXT, the current
 * context of the docker CLI config, else the default socket. The precedence follows the docker CLI
 * (cli/command/cli.go resolveContextName), so stager talks to the engine `docker ps` talks to.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { UsageError } from '../errors.js';

export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
  /** Verify the server certificate against `ca`. */
  verify: boolean;
}

export type Endpoint =
  | { kind: 'unix'; url: string; source: string; socketPath: string }
  | { kind: 'npipe'; url: string; source: string; socketPath: string }
  | {
      kind: 'tcp';
      url: string;
      source: string;
      host: string;
      port: number;
      tls: TlsMaterial | undefined;
    }
  | {
      kind: 'ssh';
      url: string;
      source: string;
      host: string;
      port: number | undefined;
      user: string | undefined;
    };

export interface EndpointInput {
  host?: string | undefined;
  context?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  /** Reads a file as text, or undefined when it does not exist. */
  readFile: (file: string) => string | undefined;
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export function resolveEndpoint(input: EndpointInput): Endpoint {
  const { env } = input;
  if (input.host && input.context) {
    throw new UsageError('--host and --context cannot be used together', {
      hint: 'name the engine once: either a host URL or a docker context',
    });
  }
  if (input.context) return fromContext(input.context, input, '--context');
  if (input.host) return parseHost(input.host, '--host', () => tlsFromEnv(input));
  if (env.DOCKER_HOST) return parseHost(env.DOCKER_HOST, 'DOCKER_HOST', () => tlsFromEnv(input));
  if (env.DOCKER_CONTEXT) return fromContext(env.DOCKER_CONTEXT, input, 'DOCKER_CONTEXT');
  const current = currentContextName(input);
  if (current && current !== 'default') return fromContext(current, input, 'current context');
  return {
    kind: 'unix',
    url: `unix://${DEFAULT_SOCKET}`,
    source: 'default',
    socketPath: DEFAULT_SOCKET,
  };
}

function configDir(input: EndpointInput): string {
  return input.env.DOCKER_CONFIG || path.join(input.homeDir, '.docker');
}

function currentContextName(input: EndpointInput): string | undefined {
  const text = input.readFile(path.join(configDir(input), 'config.json'));
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { currentContext?: unknown };
    return typeof parsed.currentContext === 'string' ? parsed.currentContext : undefined;
  } catch {
    // The docker CLI refuses a broken config.json too, but stager only needs the context name.
    return undefined;
  }
}

interface ContextMeta {
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

function fromContext(name: string, input: EndpointInput, via: string): Endpoint {
  if (name === 'default') {
    const fallback = {
      ...input,
      context: undefined,
      env: { ...input.env, DOCKER_CONTEXT: undefined },
    };
    if (input.env.DOCKER_HOST)
      return parseHost(input.env.DOCKER_HOST, 'DOCKER_HOST', () => tlsFromEnv(fallback));
    return {
      kind: 'unix',
      url: `unix://${DEFAULT_SOCKET}`,
      source: 'context default',
      socketPath: DEFAULT_SOCKET,
    };
  }
  // Context folders are named by the SHA-256 of the context name (docker/cli context/store).
  const id = createHash('sha256').update(name).digest('hex');
  const dir = configDir(input);
  const metaFile = path.join(dir, 'contexts', 'meta', id, 'meta.json');
  const text = input.readFile(metaFile);
  if (text === undefined) {
    throw new UsageError(`docker context "${name}" (from ${via}) does not exist`, {
      hint: 'list contexts with `docker context ls`',
    });
  }
  let meta: ContextMeta;
  try {
    meta = JSON.parse(text) as ContextMeta;
  } catch {
    throw new UsageError(`docker context "${name}": ${metaFile} is not valid JSON`);
  }
  const host = meta.Endpoints?.docker?.Host;
  if (!host) throw new UsageError(`docker context "${name}" has no docker endpoint`);
  const tlsDir = path.join(dir, 'contexts', 'tls', id, 'docker');
  const ca = input.readFile(path.join(tlsDir, 'ca.pem'));
  const cert = input.readFile(path.join(tlsDir, 'cert.pem'));
  const key = input.readFile(path.join(tlsDir, 'key.pem'));
  const hasTls = ca !== undefined || cert !== undefined || key !== undefined;
  const tls: TlsMaterial | undefined = hasTls
    ? {
        ...checkedMaterial({ ca, cert, key }, `docker context "${name}" (${tlsDir})`, undefined),
        verify: meta.Endpoints?.docker?.SkipTLSVerify !== true,
      }
    : undefined;
  return parseHost(host, `context ${name}`, tls);
}

/**
 * DOCKER_TLS_VERIFY / DOCKER_TLS with the files of DOCKER_CERT_PATH (else ~/.docker), as the
 * docker CLI reads them: a missing ca.pem means the system's CAs; a client certificate needs
 * both cert.pem and key.pem. A DOCKER_CERT_PATH that holds none of them is a mistake, said so.
 */
function tlsFromEnv(input: EndpointInput): TlsMaterial | undefined {
  const { env } = input;
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  if (!verify && !env.DOCKER_TLS) return undefined;
  const certDir = env.DOCKER_CERT_PATH || configDir(input);
  const material = {
    ca: input.readFile(path.join(certDir, 'ca.pem')),
    cert: input.readFile(path.join(certDir, 'cert.pem')),
    key: input.readFile(path.join(certDir, 'key.pem')),
  };
  return {
    ...checkedMaterial(material, `DOCKER_CERT_PATH ${certDir}`, env.DOCKER_CERT_PATH),
    verify,
  };
}

function checkedMaterial(
  material: Omit<TlsMaterial, 'verify'>,
  where: string,
  explicit: string | undefined,
): Omit<TlsMaterial, 'verify'> {
  const { ca, cert, key } = material;
  if (explicit && ca === undefined && cert === undefined && key === undefined) {
    throw new UsageError(`${where}: no ca.pem, cert.pem or key.pem there`, {
      hint: 'point DOCKER_CERT_PATH at the folder holding the TLS files of the engine',
    });
  }
  if ((cert === undefined) !== (key === undefined)) {
    const [has, lacks] = cert === undefined ? ['key.pem', 'cert.pem'] : ['cert.pem', 'key.pem'];
    throw new UsageError(`${where}: ${has} without ${lacks}`, {
      hint: 'a client certificate needs both cert.pem and key.pem',
    });
  }
  return material;
}

/** `tlsOf` is asked only for a tcp host: TLS settings do not matter to a socket. */
export function parseHost(
  raw: string,
  source: string,
  tlsOf: TlsMaterial | undefined | (() => TlsMaterial | undefined),
): Endpoint {
  const value = raw.trim();
  const scheme = /^([a-z]+):\/\//.exec(value)?.[1];
  switch (scheme) {
    case 'unix': {
      const socketPath = value.slice('unix://'.length) || DEFAULT_SOCKET;
      return { kind: 'unix', url: `unix://${socketPath}`, source, socketPath };
    }
    case 'npipe': {
      const socketPath = value.slice('npipe://'.length).replace(/\//g, '\\');
      return { kind: 'npipe', url: value, source, socketPath };
    }
    case 'tcp':
    case 'http':
    case 'https': {
      const url = safeUrl(value, source);
      if (!url.hostname) throw new UsageError(`${source}: "${raw}" names no host`);
      const tls = typeof tlsOf === 'function' ? tlsOf() : tlsOf;
      const secure = tls !== undefined || scheme === 'https';
      const port = url.port ? Number(url.port) : secure ? 2376 : 2375;
      const host = url.hostname.replace(/^\[|\]$/g, '');
      return {
        kind: 'tcp',
        url: `tcp://${url.host}${url.port ? '' : `:${port}`}`,
        source,
        host,
        port,
        tls: tls ?? (scheme === 'https' ? { verify: true } : undefined),
      };
    }
    case 'ssh': {
      const url = safeUrl(value, source);
      return {
        kind: 'ssh',
        url: value,
        source,
        host: url.hostname,
        // No port: ssh's own configuration says which (as the docker CLI leaves it).
        port: url.port ? Number(url.port) : undefined,
        user: url.username || undefined,
      };
    }
    default:
      throw new UsageError(`${source}: "${raw}" is not a Docker host URL`, {
        hint: 'use unix:///path/to/docker.sock, tcp://HOST:PORT or ssh://USER@HOST',
      });
  }
}

function safeUrl(value: string, source: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new UsageError(`${source}: "${value}" is not a valid URL`);
  }
}
