/**
 * Helpers for tests on the real engine. The docker CLI is the independent witness: it sets up
 * what stager should find and checks what stager did, so a bug in stager cannot hide itself.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach } from 'vitest';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/**
 * The engine under test, as scripts/test.sh names it in the environment: its endpoint, its
 * unix socket when it has one, and whether the tests started it. Only into an engine the tests
 * own do they write public image names or run engine-wide prunes.
 */
export const ENGINE = (() => {
  const host = process.env.DOCKER_HOST ?? '';
  return {
    host,
    socket: host.startsWith('unix://') ? host.slice('unix://'.length) : undefined,
    name: process.env.STAGER_TEST_ENGINE ?? host,
    owned: process.env.STAGER_TEST_ENGINE_OWNED === '1',
    /** The same engine on 127.0.0.1 with --tlsverify (engines the tests own), and client files. */
    tls: (() => {
      const tlsHost = process.env[`STAGER_ENGINE_${process.env.STAGER_TEST_ENGINE}_TLS_HOST`];
      const certs = process.env.STAGER_ENGINE_TLS_CERTS;
      return tlsHost && certs ? { host: tlsHost, certs } : undefined;
    })(),
    /** The same engine through an sshd on 127.0.0.1, and the folder of an `ssh` that reaches it. */
    ssh: (() => {
      const sshHost = process.env[`STAGER_ENGINE_${process.env.STAGER_TEST_ENGINE}_SSH_HOST`];
      const bin = process.env.STAGER_SSH_BIN;
      return sshHost && bin ? { host: sshHost, bin } : undefined;
    })(),
  };
})();

/**
 * The engine under test's TLS listener or sshd (engines the tests own start both); failing, not
 * skipping, when scripts/dev-engine.sh has not started it.
 */
export function engineListener<K extends 'tls' | 'ssh'>(kind: K): NonNullable<(typeof ENGINE)[K]> {
  const found = ENGINE[kind];
  if (!found) {
    throw new Error(
      `no ${kind} listener for engine ${ENGINE.name}: run the tests through \`npm test\` (scripts/dev-engine.sh starts it)`,
    );
  }
  return found as NonNullable<(typeof ENGINE)[K]>;
}

let apiVersion: Promise<string> | undefined;

/** Whether the engine under test speaks this API version or a newer one. */
export async function engineApiAtLeast(version: string): Promise<boolean> {
  apiVersion ??= docker(['version', '--format', '{{.Server.APIVersion}}']);
  const [major, minor] = (await apiVersion).split('.').map(Number);
  const [wantMajor, wantMinor] = version.split('.').map(Number);
  return major! > wantMajor! || (major === wantMajor && minor! >= wantMinor!);
}

/** Docker Compose v2.40, unpacked by scripts/dev-engine.sh: the witness of Compose behaviour. */
export function composeV2(): string {
  const bin = process.env.STAGER_COMPOSE_V2;
  if (!bin)
    throw new Error(
      'STAGER_COMPOSE_V2 names the Compose v2 binary these tests compare with: run them through `npm test`',
    );
  return bin;
}

/** Compose v2 as the witness, in a project folder: never throws, no colors. */
export function runComposeV2(
  cwd: string | undefined,
  args: readonly string[],
  env: Record<string, string> = {},
) {
  return execa(composeV2(), args, {
    cwd,
    reject: false,
    env: { COMPOSE_ANSI: 'never', ...env },
  });
}

/** Ids of the project's containers (all, or running only), networks or volumes, as docker lists them. */
export async function projectResources(
  kind: 'containers' | 'running' | 'networks' | 'volumes',
  project: string,
): Promise<string[]> {
  const filter = ['--filter', `label=com.docker.compose.project=${project}`];
  const args = {
    containers: ['ps', '-aq'],
    running: ['ps', '-q'],
    networks: ['network', 'ls', '-q'],
    volumes: ['volume', 'ls', '-q'],
  }[kind];
  return (await docker([...args, ...filter])).split('\n').filter(Boolean);
}

/** The engine's unix socket; the tests that proxy or share it need one. */
export function engineSocket(): string {
  if (!ENGINE.socket) throw new Error(`the engine under test (${ENGINE.host}) has no unix socket`);
  return ENGINE.socket;
}

/** A service's body (under its name) that runs until stopped: busybox sleeping, with an init. */
export const SLEEPER = '    image: busybox:1.36\n    init: true\n    command: ["sleep", "3600"]\n';

/** A project name no other test or user project will have. */
export function uniqueProject(prefix: string): string {
  return `stgt-${prefix}-${randomBytes(4).toString('hex')}`;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function stager(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {},
): Promise<CliResult> {
  const result = await execa(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { NO_COLOR: '1', ...options.env },
    extendEnv: true,
    reject: false,
    stripFinalNewline: false,
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' }),
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs stager in a pseudo-terminal (through `script`) and types `keys` after it starts, each
 * after its delay in seconds. CI is unset: stager never prompts under CI, and CI sets it.
 */
export async function stagerInTerminal(
  args: readonly string[],
  keys: readonly (readonly [delay: number, text: string])[],
  options: { cwd: string },
): Promise<CliResult> {
  const typed = keys.map(([delay, text]) => `sleep ${delay}; printf '${text}'`).join('; ');
  const command = [process.execPath, BIN, ...args].join(' ');
  const result = await execa('bash', ['-c', `(${typed}) | script -qec "${command}" /dev/null`], {
    cwd: options.cwd,
    env: { NO_COLOR: '1', CI: undefined },
    reject: false,
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export async function docker(args: readonly string[]): Promise<string> {
  const { stdout } = await execa('docker', args);
  return stdout;
}

/** Removes every container, network, volume and image labelled with the project; safe to call twice. */
export async function removeProject(project: string): Promise<void> {
  const filter = `label=com.docker.compose.project=${project}`;
  const list = async (args: string[]) =>
    (await docker([...args, '--filter', filter])).split('\n').filter(Boolean);
  // The four listings at once: every test pays for this cleanup.
  const [ids, nets, vols, images] = await Promise.all([
    list(['ps', '-aq']),
    list(['network', 'ls', '-q']),
    list(['volume', 'ls', '-q']),
    list(['images', '-q']),
  ]);
  if (ids.length) await execa('docker', ['rm', '-f', '-v', ...ids], { reject: false });
  await Promise.all([
    nets.length && execa('docker', ['network', 'rm', ...nets], { reject: false }),
    vols.length && execa('docker', ['volume', 'rm', '-f', ...vols], { reject: false }),
    images.length && execa('docker', ['rmi', '-f', ...new Set(images)], { reject: false }),
  ]);
}

/** A temporary project folder with the given files; removed by the returned function. */
export function projectDir(
  name: string,
  files: Record<string, string>,
): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'stager-test-'));
  const dir = path.join(root, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A list of cleanups that run after each test of the file, the last added first. */
export function cleanupAfterEach(): (() => Promise<void>)[] {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });
  return cleanups;
}

/** A uniquely named project folder with these files, removed (with all it ran) after the test. */
export function testProject(
  prefix: string,
  files: Record<string, string>,
  cleanups: (() => Promise<void>)[],
) {
  const name = uniqueProject(prefix);
  const p = projectDir(name, files);
  cleanups.push(async () => {
    await removeProject(name);
    p.cleanup();
  });
  return {
    name,
    dir: p.dir,
    run: (args: string[], options: { env?: Record<string, string>; input?: string } = {}) =>
      stager(args, { cwd: p.dir, ...options }),
  };
}

/** Ids of the project's one-off containers (`run`, tasks), as the docker CLI lists them. */
export function oneOffContainers(project: string): Promise<string> {
  return docker([
    'ps',
    '-aq',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--filter',
    'label=com.docker.compose.oneoff=True',
  ]);
}
