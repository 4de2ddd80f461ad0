import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupAfterEach, docker, testProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'stager-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const COMPOSE = (greeting: string) =>
  `services:\n  web:\n    image: busybox:1.36\n    init: true\n    command: ["sleep", "3600"]\n    environment: {GREETING: "${greeting}", FROM_ENV: "\${FROM_ENV:-unset}"}\n`;

describe('the project cache', () => {
  it('serves up when nothing changed, and sees every change to files, .env and the shell', async () => {
    const p = testProject('cache', { 'compose.yaml': COMPOSE('hello') }, cleanups);
    const env = { STAGER_CACHE_DIR: cacheDir };
    const up = (extra: Record<string, string> = {}) =>
      p.run(['up', '-d', '--json'], { env: { ...env, ...extra } });
    const actions = async (extra: Record<string, string> = {}) => {
      const r = await up(extra);
      expect(r.exitCode, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { services: { containers: { action: string }[] }[] }).services
        .flatMap((s) => s.containers.map((c) => c.action))
        .join(',');
    };
    const greeting = () =>
      docker(['exec', `${p.name}-web-1`, 'sh', '-c', 'echo "$GREETING $FROM_ENV"']);

    expect(await actions()).toBe('create');
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(await actions()).toBe('keep');

    writeFileSync(path.join(p.dir, 'compose.yaml'), COMPOSE('bonjour'));
    expect(await actions()).toBe('recreate');
    expect(await greeting()).toBe('bonjour unset');

    writeFileSync(path.join(p.dir, '.env'), 'FROM_ENV=dotenv\n');
    expect(await actions()).toBe('recreate');
    expect(await greeting()).toBe('bonjour dotenv');

    expect(await actions({ FROM_ENV: 'shell' })).toBe('recreate');
    expect(await greeting()).toBe('bonjour shell');
    expect(await actions({ FROM_ENV: 'shell' })).toBe('keep');

    // A file that was absent and appears: the override is read as Compose reads it.
    writeFileSync(
      path.join(p.dir, 'compose.override.yaml'),
      'services:\n  web:\n    environment: {GREETING: hallo}\n',
    );
    expect(await actions({ FROM_ENV: 'shell' })).toBe('recreate');
    expect(await greeting()).toBe('hallo shell');
  });

  it('gives ps the project name from the cache, and a name: added to the file', async () => {
    const p = testProject('cacheps', { 'compose.yaml': COMPOSE('hello') }, cleanups);
    const env = { STAGER_CACHE_DIR: cacheDir };
    const ps = async () => {
      const r = await p.run(['--json', 'ps'], { env });
      expect(r.exitCode, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { project: string }).project;
    };
    expect(await ps()).toBe(p.name);
    expect(await ps()).toBe(p.name);
    writeFileSync(path.join(p.dir, 'compose.yaml'), `name: ${p.name}-renamed\n${COMPOSE('hello')}`);
    expect(await ps()).toBe(`${p.name}-renamed`);
  });
});
