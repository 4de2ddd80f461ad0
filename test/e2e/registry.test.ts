import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  cleanupAfterEach,
  docker,
  projectDir,
  removeProject,
  stager,
  uniqueProject,
} from '../integration/helpers.js';

const REGISTRY = '127.0.0.1:5000';

const cleanups = cleanupAfterEach();

/**
 * A project whose image lives in the local registry, with its own DOCKER_CONFIG whose
 * credential helper (a script on PATH) records every call.
 */
function registryProject(prefix: string) {
  const name = uniqueProject(prefix);
  const image = `${REGISTRY}/${name}/app:dev`;
  const p = projectDir(name, {
    'compose.yaml': [
      'services:',
      '  app:',
      '    build: .',
      `    image: ${image}`,
      '  again:',
      `    image: ${image}`,
      '  gone:',
      `    image: ${REGISTRY}/${name}/never-pushed:1`,
      '    profiles: [broken]',
      '',
    ].join('\n'),
    Dockerfile: `FROM busybox:1.36\nRUN echo ${name} > /made-by\n`,
  });
  const config = path.join(p.dir, '.docker');
  const bin = path.join(p.dir, '.bin');
  mkdirSync(config);
  mkdirSync(bin);
  const log = path.join(p.dir, 'helper.log');
  const helper = path.join(bin, 'docker-credential-stagertest');
  writeFileSync(
    helper,
    [
      '#!/bin/sh',
      `input=$(cat)`,
      `echo "$1 $input" >> ${log}`,
      'if [ "$1" = get ]; then echo \'{"ServerURL":"x","Username":"dev","Secret":"pw"}\'; fi',
      '',
    ].join('\n'),
  );
  chmodSync(helper, 0o755);
  writeFileSync(
    path.join(config, 'config.json'),
    JSON.stringify({ credHelpers: { [REGISTRY]: 'stagertest' } }),
  );
  const env = { DOCKER_CONFIG: config, PATH: `${bin}:${process.env.PATH}` };
  cleanups.push(async () => {
    await removeProject(name);
    await execa('docker', ['rmi', '-f', image], { reject: false });
    p.cleanup();
  });
  return {
    name,
    image,
    dir: p.dir,
    helperCalls: () => {
      try {
        return readFileSync(log, 'utf8').trim().split('\n');
      } catch {
        return [];
      }
    },
    run: (args: string[], input?: string) =>
      stager(args, { cwd: p.dir, env, ...(input !== undefined ? { input } : {}) }),
  };
}

describe('pull and push against a registry', () => {
  it('pushes what it built, pulls it back once for the services sharing it, with the helper asked', async () => {
    const p = registryProject('push');
    expect((await p.run(['build'])).exitCode).toBe(0);
    const push = await p.run(['push']);
    expect(push.exitCode, push.stderr).toBe(0);
    expect(push.stderr).toMatch(new RegExp(`Image ${p.image.replace(/[.]/g, '\\.')}\\s+Pushed`));
    expect(p.helperCalls()).toContain(`get ${REGISTRY}`);

    await docker(['rmi', p.image]);
    const pull = await p.run(['--json', 'pull']);
    expect(pull.exitCode, pull.stderr).toBe(0);
    expect(JSON.parse(pull.stdout).images).toEqual([
      { image: p.image, services: ['app', 'again'], status: 'pulled' },
    ]);
    expect(await docker(['run', '--rm', p.image, 'cat', '/made-by'])).toBe(p.name);

    const missing = await p.run(['pull', '--policy', 'missing']);
    expect(missing.stdout).toMatch(/present/);
  });

  it('up pulls a missing image as pull_policy and --pull say, and -q pull prints no progress', async () => {
    const p = registryProject('uppull');
    expect((await p.run(['build'])).exitCode).toBe(0);
    expect((await p.run(['push'])).exitCode).toBe(0);
    writeFileSync(
      path.join(p.dir, 'compose.yaml'),
      readFileSync(path.join(p.dir, 'compose.yaml'), 'utf8').replace(
        `  again:\n    image: ${p.image}\n`,
        `  again:\n    image: ${p.image}\n    command: [sleep, "3600"]\n    init: true\n`,
      ),
    );
    await docker(['rmi', p.image]);

    const never = await p.run(['up', '-d', '--no-deps', '--pull', 'never', 'again']);
    expect(never.exitCode).toBe(4);
    expect(never.stderr).toMatch(
      /image \S+ of service "again" is not present and pull_policy is never/,
    );

    const up = await p.run(['up', '-d', '--no-deps', 'again']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/Image \S+\s+Pulled/);
    expect(await docker(['inspect', '-f', '{{.State.Running}}', `${p.name}-again-1`])).toBe('true');

    const quiet = await p.run(['-q', 'pull', 'again']);
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).toBe('');

    // --quiet-pull: the pull happens, its rows do not show; the containers' rows still do.
    expect((await p.run(['down', '-t', '0'])).exitCode).toBe(0);
    await docker(['rmi', p.image]);
    const quietPull = await p.run(['up', '-d', '--no-deps', '--quiet-pull', 'again']);
    expect(quietPull.exitCode, quietPull.stderr).toBe(0);
    expect(quietPull.stderr).not.toMatch(/Image \S+\s+(Pulling|Pulled)/);
    expect(quietPull.stderr).toMatch(new RegExp(`Container ${p.name}-again-1\\s+Started`));
    expect(await docker(['inspect', '-f', '{{.State.Running}}', `${p.name}-again-1`])).toBe('true');
  });

  it('says clearly when an image is not in the registry, and goes on with --ignore-pull-failures', async () => {
    const p = registryProject('pullmiss');
    const failed = await p.run(['--profile', 'broken', 'pull', 'gone']);
    expect(failed.exitCode).toBe(4);
    expect(failed.stderr).toMatch(
      new RegExp(
        `error: image ${REGISTRY}/${p.name}/never-pushed:1 is not in the registry ${REGISTRY}`,
      ),
    );
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    const ignored = await p.run(['--profile', 'broken', 'pull', '--ignore-pull-failures', 'gone']);
    expect(ignored.exitCode).toBe(0);
    expect(ignored.stderr).toMatch(/warning: image .* is not in the registry/);
  });

  it('logs in through the engine and stores the secret with the helper; logs out', async () => {
    const p = registryProject('login');
    const login = await p.run(['login', REGISTRY, '-u', 'dev', '--password-stdin'], 'hunter2\n');
    expect(login.exitCode, login.stderr).toBe(0);
    expect(login.stdout).toContain(`logged in to ${REGISTRY} as dev`);
    expect(p.helperCalls()).toContainEqual(expect.stringMatching(/^store .*"Secret":"hunter2"/));
    const logout = await p.run(['logout', REGISTRY]);
    expect(logout.exitCode).toBe(0);
    expect(p.helperCalls()).toContain(`erase ${REGISTRY}`);
    // An empty password is refused before anything is stored, as the docker CLI refuses it.
    const empty = await p.run(['login', REGISTRY, '-u', 'dev', '--password-stdin'], '\n');
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toContain('the password is empty');
    expect(p.helperCalls().filter((c) => c.startsWith('store'))).toHaveLength(1);
    const inline = await p.run(['login', REGISTRY, '-u', 'dev', '-p', 'hunter2']);
    expect(inline.exitCode, inline.stderr).toBe(0);
    expect(inline.stderr).toContain('warning: a password on the command line is insecure');
  });

  it('refuses to push a service that does not build', async () => {
    const p = registryProject('pushnone');
    const r = await p.run(['push', 'again']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/service again has no build: and image: to push/);
  });
});
