import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialStore, type HelperRunner } from '../../../src/registry/credentials.js';
import { normalizeHost, registryOf } from '../../../src/registry/reference.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function configDir(config?: object): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stager-dockercfg-'));
  dirs.push(dir);
  if (config) writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

describe('registryOf', () => {
  it.each([
    ['busybox:1.36', 'docker.io'],
    ['library/postgres:16', 'docker.io'],
    ['ghcr.io/acme/app:1', 'ghcr.io'],
    ['127.0.0.1:5000/app:dev', '127.0.0.1:5000'],
    ['localhost/app', 'localhost'],
  ])('%s is on %s', (ref, host) => expect(registryOf(ref)).toBe(host));

  it('normalizes server spellings', () => {
    expect(normalizeHost('https://index.docker.io/v1/')).toBe('docker.io');
    expect(normalizeHost('https://GHCR.io/v2')).toBe('ghcr.io');
  });
});

describe('CredentialStore', () => {
  it('decodes inline auths, by any spelling of the server', async () => {
    const dir = configDir({
      auths: {
        'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw').toString('base64') },
        'ghcr.io': { identitytoken: 'tok' },
      },
    });
    const store = new CredentialStore({ env: { DOCKER_CONFIG: dir } });
    expect(await store.get('docker.io')).toEqual({
      username: 'hub',
      password: 'pw',
      serveraddress: 'https://index.docker.io/v1/',
    });
    expect(await store.get('ghcr.io')).toEqual({ identitytoken: 'tok', serveraddress: 'ghcr.io' });
    expect(await store.get('quay.io')).toBeUndefined();
  });

  it('asks credHelpers before credsStore, and falls back to auths when a helper has nothing', async () => {
    const calls: string[] = [];
    const runHelper: HelperRunner = async (helper, action, input) => {
      calls.push(`${helper} ${action} ${input}`);
      if (helper === 'ecr-login') return JSON.stringify({ Username: 'AWS', Secret: 'ecr-secret' });
      throw Object.assign(new Error('exit 1'), {
        stdout: 'credentials not found in native keychain',
      });
    };
    const dir = configDir({
      credsStore: 'desktop',
      credHelpers: { '123.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' },
      auths: { 'quay.io': { auth: Buffer.from('q:p').toString('base64') } },
    });
    const store = new CredentialStore({ env: { DOCKER_CONFIG: dir }, runHelper });
    expect(await store.get('123.dkr.ecr.eu-west-1.amazonaws.com')).toMatchObject({
      username: 'AWS',
      password: 'ecr-secret',
    });
    expect(await store.get('quay.io')).toMatchObject({ username: 'q', password: 'p' });
    expect(calls).toEqual([
      'ecr-login get 123.dkr.ecr.eu-west-1.amazonaws.com',
      'desktop get quay.io',
    ]);
  });

  it('stores and erases in config.json when no helper is set, keeping other keys', async () => {
    const dir = configDir({ currentContext: 'remote' });
    const store = new CredentialStore({ env: { DOCKER_CONFIG: dir } });
    expect(await store.store('127.0.0.1:5000', 'dev', 's3cret')).toBe('file');
    const written = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(written).toEqual({
      currentContext: 'remote',
      auths: { '127.0.0.1:5000': { auth: Buffer.from('dev:s3cret').toString('base64') } },
    });
    expect(await store.erase('127.0.0.1:5000')).toBe(true);
    expect(await store.erase('127.0.0.1:5000')).toBe(false);
  });

  it('names the file when config.json is not JSON', async () => {
    const dir = configDir();
    writeFileSync(path.join(dir, 'config.json'), '{oops');
    const store = new CredentialStore({ env: { DOCKER_CONFIG: dir } });
    await expect(store.get('docker.io')).rejects.toThrow(/config\.json.*not valid JSON/);
  });
});
