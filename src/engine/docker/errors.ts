import {
  ConflictError,
  EngineError,
  EngineUnreachableError,
  NotFoundError,
  PortInUseError,
} from '../../errors.js';
import type { Endpoint } from '../endpoint.js';

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'EPERM',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
]);

/** Node's TLS failures: certificate verification codes and handshake errors. */
function isTlsFailure(code: string | undefined): boolean {
  if (!code) return false;
  return /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|^ERR_TLS|^ERR_SSL|^EPROTO$/.test(code);
}

interface ModemError {
  code?: string;
  statusCode?: number;
  json?: { message?: string } | string | null;
  message?: string;
}

/** The advice printed when no engine answers; the endpoint kind decides what helps. */
export function unreachableHint(endpoint: Endpoint, code: string | undefined): string {
  if (code === 'EACCES' || code === 'EPERM') {
    return `no permission on ${endpoint.url}: add your user to the "docker" group, or set DOCKER_HOST`;
  }
  if (endpoint.kind === 'unix' && endpoint.source === 'default') {
    return 'start Docker (e.g. `sudo systemctl start docker`, or `bash scripts/dev-engine.sh` in this repo), or point DOCKER_HOST at a running engine';
  }
  return `check that an engine listens there (set by ${endpoint.source}), or unset it to use the default socket`;
}

/** Turns a dockerode/docker-modem failure into stager's error types. */
export function toEngineError(err: unknown, endpoint: Endpoint, action: string): Error {
  const e = (err ?? {}) as ModemError;
  if (e.statusCode === undefined && isTlsFailure(e.code)) return tlsError(e, endpoint, err);
  if (e.code === 'ESSH' && endpoint.kind === 'ssh') {
    const target = `${endpoint.user ? `${endpoint.user}@` : ''}${endpoint.host}`;
    const port = endpoint.port ? ` -p ${endpoint.port}` : '';
    const said = (e.message ?? 'failed').replace(/^ssh: /, '');
    return new EngineUnreachableError(endpoint.url, `ssh: ${said}`, {
      hint: `check that \`ssh${port} ${target} docker version\` works (keys, known_hosts, the docker CLI on the remote)`,
      cause: err,
    });
  }
  if (e.statusCode === 400 && /HTTP request to an HTTPS server/.test(engineMessage(e))) {
    return new EngineUnreachableError(endpoint.url, 'the engine expects TLS', {
      hint: 'set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem), or use a docker context with TLS files',
      cause: err,
    });
  }
  if (e.code && UNREACHABLE_CODES.has(e.code) && e.statusCode === undefined) {
    const reason =
      e.code === 'ENOENT'
        ? 'no socket there'
        : e.code === 'ECONNREFUSED'
          ? 'connection refused'
          : e.code;
    return new EngineUnreachableError(endpoint.url, reason, {
      hint: unreachableHint(endpoint, e.code),
      cause: err,
    });
  }
  const message = engineMessage(e);
  const port = portInUse(message);
  if (port !== undefined) {
    return new PortInUseError(`${action}: ${message}`, port, e.statusCode, { cause: err });
  }
  if (e.statusCode === 404) return new NotFoundError(`${action}: ${message}`, { cause: err });
  if (e.statusCode === 409) return new ConflictError(`${action}: ${message}`, { cause: err });
  // A network still in use answers 403, a volume in use 409: both are conflicts with what runs.
  if (e.statusCode === 403 && /active endpoints/.test(message))
    return new ConflictError(`${action}: ${message}`, { cause: err });
  return new EngineError(`${action}: ${message}`, e.statusCode, { cause: err });
}

function tlsError(e: ModemError, endpoint: Endpoint, cause: unknown): Error {
  const text = `${e.code ?? ''} ${e.message ?? ''}`;
  const tls = endpoint.kind === 'tcp' ? endpoint.tls : undefined;
  if (/wrong version number|packet length too long/i.test(text)) {
    return new EngineUnreachableError(endpoint.url, 'the engine does not speak TLS there', {
      hint: 'unset DOCKER_TLS_VERIFY, or use the port the engine serves TLS on (2376)',
      cause,
    });
  }
  if (/certificate required|bad certificate|CERTIFICATE_REQUIRED/i.test(text) && !tls?.cert) {
    return new EngineUnreachableError(endpoint.url, 'the engine asks for a client certificate', {
      hint: 'put cert.pem and key.pem in DOCKER_CERT_PATH, or in the docker context',
      cause,
    });
  }
  return new EngineUnreachableError(endpoint.url, `TLS handshake failed: ${e.message ?? e.code}`, {
    hint:
      tls && tls.ca === undefined
        ? 'no ca.pem was given, so the system CAs were asked: put the engine CA in DOCKER_CERT_PATH'
        : "check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) or the context's TLS files",
    cause,
  });
}

function engineMessage(e: ModemError): string {
  if (e.json && typeof e.json === 'object' && typeof e.json.message === 'string')
    return e.json.message;
  if (typeof e.json === 'string' && e.json.trim()) return e.json.trim();
  // docker-modem prefixes "(HTTP code 404) no such container - "; keep the engine's part only.
  const text = e.message ?? String(e);
  return text.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/**
 * The host port a start could not bind, in the words of each engine version: 20.10 says
 * "Bind for 0.0.0.0:8080 failed: port is already allocated" or "listen tcp4 0.0.0.0:8080: bind:
 * address already in use"; 28 says "failed to bind host port for 0.0.0.0:8080:10.0.0.2:80/tcp:
 * address already in use".
 */
export function portInUse(message: string): number | undefined {
  const m =
    /Bind for [^ ]*?:(\d+) failed: port is already allocated|listen tcp[46]? [^ ]*:(\d+): bind: address already in use|failed to bind host port for [^ ]*?:(\d+):[^ ]*: address already in use/.exec(
      message,
    );
  return m ? Number(m[1] ?? m[2] ?? m[3]) : undefined;
}
