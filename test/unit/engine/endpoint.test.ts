import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resolveEndpoint, type EndpointInput } from '../../../src/engine/endpoint.js';

const HOME = '/home/dev';

function input(
  over: Partial<EndpointInput> & { files?: Record<string, string> } = {},
): EndpointInput {
  const files = over.files ?? {};
  return {
    env: {},
    homeDir: HOME,
    readFile: (f) => files[f],
    ...over,
  };
}

function contextFiles(
  name: string,
  host: string,
  extra: Record<string, string> = {},
  dir = `${HOME}/.docker`,
): Record<string, string> {
  const id = createHash('sha256').update(name).digest('hex');
  const files: Record<string, string> = {
    [`${dir}/contexts/meta/${id}/meta.json`]: JSON.stringify({
      Name: name,
      Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
    }),
  };
  for (const [file, text] of Object.entries(extra))
    files[`${dir}/contexts/tls/${id}/docker/${file}`] = text;
  return files;
}

describe('resolveEndpoint', () => {
  it('defaults to the system socket', () => {
    expect(resolveEndpoint(input())).toEqual({
      kind: 'unix',
      url: 'unix:///var/run/docker.sock',
      source: 'default',
      socketPath: '/var/run/docker.sock',
    });
  });

  it.each([
    [
      'unix:///run/user/1000/docker.sock',
      { kind: 'unix', socketPath: '/run/user/1000/docker.sock' },
    ],
    [
      'tcp://127.0.0.1:1',
      { kind: 'tcp', host: '127.0.0.1', port: 1, tls: undefined, url: 'tcp://127.0.0.1:1' },
    ],
    ['tcp://docker.local', { kind: 'tcp', host: 'docker.local', port: 2375 }],
    ['tcp://[::1]:2375', { kind: 'tcp', host: '::1', port: 2375 }],
    ['ssh://me@build-box', { kind: 'ssh', host: 'build-box', port: undefined, user: 'me' }],
    ['ssh://build-box:2222', { kind: 'ssh', host: 'build-box', port: 2222, user: undefined }],
  ])('DOCKER_HOST=%s', (host, expected) => {
    expect(resolveEndpoint(input({ env: { DOCKER_HOST: host } }))).toMatchObject({
      ...expected,
      source: 'DOCKER_HOST',
    });
  });

  it('uses TLS material from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set, on port 2376 by default', () => {
    const files = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' };
    const endpoint = resolveEndpoint(
      input({
        env: { DOCKER_HOST: 'tcp://engine', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' },
        files,
      }),
    );
    expect(endpoint).toMatchObject({
      kind: 'tcp',
      port: 2376,
      tls: { ca: 'CA', cert: 'CERT', key: 'KEY', verify: true },
    });
  });

  it('reads TLS material from ~/.docker without DOCKER_CERT_PATH', () => {
    const files = { [`${HOME}/.docker/ca.pem`]: 'CA' };
    const endpoint = resolveEndpoint(
      input({ env: { DOCKER_HOST: 'tcp://engine:2376', DOCKER_TLS_VERIFY: '1' }, files }),
    );
    expect(endpoint).toMatchObject({ tls: { ca: 'CA', verify: true } });
  });

  it.each([
    [
      { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT' },
      'DOCKER_CERT_PATH /certs: cert.pem without key.pem',
    ],
    [{ '/certs/key.pem': 'KEY' }, 'DOCKER_CERT_PATH /certs: key.pem without cert.pem'],
    [{}, 'DOCKER_CERT_PATH /certs: no ca.pem, cert.pem or key.pem there'],
  ])('refuses an incomplete DOCKER_CERT_PATH in one line: %j', (files, message) => {
    const env = { DOCKER_HOST: 'tcp://engine', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' };
    expect(() => resolveEndpoint(input({ env, files }))).toThrow(message);
  });

  it('asks for TLS files only for a tcp host, after the host itself is read', () => {
    const env = { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nowhere' };
    expect(
      resolveEndpoint(input({ env: { ...env, DOCKER_HOST: 'unix:///run/docker.sock' } })),
    ).toMatchObject({ kind: 'unix' });
    expect(() => resolveEndpoint(input({ env: { ...env, DOCKER_HOST: 'tcp://[bad' } }))).toThrow(
      'DOCKER_HOST: "tcp://[bad" is not a valid URL',
    );
  });

  it('lets --context win over a malformed DOCKER_HOST and its TLS settings', () => {
    const files = contextFiles('remote', 'tcp://remote:2376', {
      'ca.pem': 'CA',
      'cert.pem': 'C',
      'key.pem': 'K',
    });
    const endpoint = resolveEndpoint(
      input({
        context: 'remote',
        env: { DOCKER_HOST: 'tcp://[bad', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nowhere' },
        files,
      }),
    );
    expect(endpoint).toMatchObject({
      source: 'context remote',
      tls: { ca: 'CA', cert: 'C', key: 'K' },
    });
  });

  it('refuses a context whose TLS folder holds a certificate without its key', () => {
    const files = contextFiles('half', 'tcp://remote:2376', { 'cert.pem': 'C' });
    expect(() => resolveEndpoint(input({ context: 'half', files }))).toThrow(
      'cert.pem without key.pem',
    );
  });

  it('prefers --host over DOCKER_HOST', () => {
    expect(
      resolveEndpoint(input({ host: 'tcp://a:1', env: { DOCKER_HOST: 'tcp://b:2' } })),
    ).toMatchObject({
      host: 'a',
      source: '--host',
    });
  });

  it('refuses --host together with --context', () => {
    expect(() => resolveEndpoint(input({ host: 'tcp://a:1', context: 'x' }))).toThrow(
      /cannot be used together/,
    );
  });

  it('reads the current context from config.json and its TLS files', () => {
    const files = {
      [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'remote' }),
      ...contextFiles('remote', 'tcp://10.0.0.5:2376', {
        'ca.pem': 'CA',
        'cert.pem': 'C',
        'key.pem': 'K',
      }),
    };
    expect(resolveEndpoint(input({ files }))).toMatchObject({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2376,
      source: 'context remote',
      tls: { ca: 'CA', cert: 'C', key: 'K', verify: true },
    });
  });

  it('lets DOCKER_HOST win over the current context, and DOCKER_CONTEXT over config.json', () => {
    const files = {
      [`${HOME}/.docker/config.json`]: JSON.stringify({ currentContext: 'remote' }),
      ...contextFiles('remote', 'tcp://10.0.0.5:2376'),
      ...contextFiles('other', 'unix:///other.sock'),
    };
    expect(resolveEndpoint(input({ files, env: { DOCKER_HOST: 'unix:///x.sock' } }))).toMatchObject(
      { socketPath: '/x.sock' },
    );
    expect(resolveEndpoint(input({ files, env: { DOCKER_CONTEXT: 'other' } }))).toMatchObject({
      socketPath: '/other.sock',
    });
    expect(resolveEndpoint(input({ files, context: 'other' }))).toMatchObject({
      source: 'context other',
    });
  });

  it('honours DOCKER_CONFIG for the config folder', () => {
    const files = {
      '/cfg/config.json': JSON.stringify({ currentContext: 'c' }),
      ...contextFiles('c', 'unix:///c.sock', {}, '/cfg'),
    };
    expect(resolveEndpoint(input({ files, env: { DOCKER_CONFIG: '/cfg' } }))).toMatchObject({
      socketPath: '/c.sock',
    });
  });

  it('treats the context named default as DOCKER_HOST or the default socket', () => {
    expect(resolveEndpoint(input({ context: 'default' }))).toMatchObject({
      socketPath: '/var/run/docker.sock',
    });
  });

  it('names a missing context', () => {
    expect(() => resolveEndpoint(input({ context: 'nope' }))).toThrow(
      'docker context "nope" (from --context) does not exist',
    );
  });

  it.each(['localhost:2375', 'ftp://x', 'tcp://'])('rejects %s', (host) => {
    expect(() => resolveEndpoint(input({ host }))).toThrow(/--host/);
  });
});
