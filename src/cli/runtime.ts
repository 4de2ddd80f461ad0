/**
 * What a command action needs, built on demand: modules behind each step are imported only
 * when a command reaches it, so `--help` loads neither the YAML parser nor dockerode.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import type { LoadedProject } from '../config/load.js';
import type { ProjectLocation } from '../config/locate.js';
import type { ProjectOptions } from '../config/options.js';
import type { Engine } from '../engine/engine.js';
import type { OpContext } from '../ops/context.js';
import type { CredentialStore } from '../registry/credentials.js';
import type { CachedLoad, CachedLocation } from './model-cache.js';
import type { Project } from '../config/model/project.js';
import { UsageError } from '../errors.js';
import { isSecretKey, secretLike } from '../config/secret-names.js';
import { nodeHost } from '../host/node-host.js';
import type { Output, ProgressMode } from '../ui/output.js';
import { readGlobals, type GlobalOptions } from './globals.js';

export interface Runtime {
  globals: GlobalOptions;
  output: Output;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

const outputs: Output[] = [];

/** Ends live progress of every output created; called once the command is over. */
export function closeOutputs(): void {
  for (const o of outputs.splice(0)) o.close();
}

/** Kept past closeOutputs: an error is printed after the outputs have closed. */
const masks: Output['secrets'][] = [];

/** Masks the secrets every output created knows of. */
export function maskOfOutputs(): (text: string) => string {
  const all = [...masks];
  return (text) => all.reduce((t, m) => m.text(t), text);
}

export async function createRuntime(
  cmd: Command,
  options: { progress?: ProgressMode } = {},
): Promise<Runtime> {
  const globals = readGlobals(cmd);
  const { ansiSettings, createOutput } = await import('../ui/output.js');
  const { ansi, env } = ansiSettings(globals.ansi, process.env);
  const output = await createOutput({
    json: globals.json,
    color: globals.color && ansi !== 'never',
    quiet: globals.quiet,
    verbose: globals.verbose || Boolean(process.env.DEBUG?.includes('stager')),
    env,
    stdout: process.stdout,
    stderr: process.stderr,
    showSecrets: globals.showSecrets,
    progress:
      options.progress ??
      globals.progress ??
      (ansi === 'never' ? 'plain' : ansi === 'always' ? 'tty' : undefined),
  });
  outputs.push(output);
  masks.push(output.secrets);
  return { globals, output, env: process.env, cwd: process.cwd() };
}

export interface LocateFlags {
  filesOptional?: boolean;
  interpolate?: boolean;
}

export interface HostUser {
  uid: number;
  gid: number;
  name?: string;
}

/**
 * Who owns the project's files on the host: HOST_UID/HOST_GID when the shell sets them, under
 * sudo the user who ran it, else this process's user. Undefined where there are no uids.
 */
export function hostUser(env: Readonly<Record<string, string | undefined>>): HostUser | undefined {
  const uid = env.HOST_UID ?? env.SUDO_UID ?? process.getuid?.()?.toString();
  const gid = env.HOST_GID ?? env.SUDO_GID ?? process.getgid?.()?.toString();
  if (uid === undefined || gid === undefined) return undefined;
  let name = env.HOST_USER ?? env.SUDO_USER ?? env.USER;
  try {
    name ||= os.userInfo().username;
  } catch {
    // No passwd entry for this uid (a container user): the numbers alone still work.
  }
  return { uid: Number(uid), gid: Number(gid), ...(name ? { name } : {}) };
}

/** So that a compose file can say `user: "${HOST_UID}:${HOST_GID}"` and own what it writes. */
function hostDefaults(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const host = hostUser(env);
  if (!host) return {};
  return {
    HOST_UID: String(host.uid),
    HOST_GID: String(host.gid),
    ...(host.name ? { HOST_USER: host.name } : {}),
  };
}

/** What the global flags say about where the project is, for the config loader. */
async function projectOptions(rt: Runtime): Promise<ProjectOptions> {
  const { nodeFs } = await import('../host/node-source-fs.js');
  const { globals } = rt;
  return {
    cwd: rt.cwd,
    env: rt.env,
    defaults: hostDefaults(rt.env),
    fs: nodeFs,
    files: globals.file,
    projectName: globals.projectName,
    projectDirectory: globals.projectDirectory,
    envFiles: globals.envFile,
    profiles: globals.profile,
    stdin: readStdin,
  };
}

export async function locate(rt: Runtime, flags: LocateFlags = {}): Promise<ProjectLocation> {
  const [{ locateProject }, options] = await Promise.all([
    import('../config/locate.js'),
    projectOptions(rt),
  ]);
  const location = locateProject({ ...options, ...flags });
  warnUnset(rt, location.unsetVariables);
  hideSecrets(rt, await projectSecrets(options.fs, location));
  return location;
}

function readStdin(): string {
  // Synchronous on purpose: `-f -` is read once, before anything else happens.
  return readFileSync(0, 'utf8');
}

export interface ModelFlags extends LocateFlags {
  /** Services named on the command line (enabled whatever their profiles). */
  services?: readonly string[];
}

/** The full project model: locate, read, merge, validate. Warns once per unset variable. */
export async function loadModel(rt: Runtime, flags: ModelFlags = {}): Promise<LoadedProject> {
  const [{ loadProject }, options] = await Promise.all([
    import('../config/load.js'),
    projectOptions(rt),
  ]);
  const loaded = loadProject({ ...options, ...flags });
  warnUnset(rt, loaded.unsetVariables);
  hideSecrets(rt, await projectSecrets(options.fs, loaded.location, loaded.project));
  return loaded;
}

/** What a project holds that is secret; cached with the model, since it reads the sample. */
export interface ProjectSecrets {
  /** Keys the sample env file declares secret. */
  declared: string[];
  /** Secret values from the env files and the model. */
  values: string[];
}

async function projectSecrets(
  fs: ProjectOptions['fs'],
  location: ProjectLocation,
  project?: Project,
): Promise<ProjectSecrets> {
  const { declaredSecrets, secretValues } = await import('../config/secret-values.js');
  const declared = declaredSecrets(fs, location.workingDir);
  const values = secretValues({
    variables: location.env.fileValues,
    declared,
    lookup: location.env.lookup,
    ...(project ? { project } : {}),
  });
  return { declared: [...declared], values };
}

/** The project's secrets and the shell's secret-looking variables print as `****` from now on. */
function hideSecrets(rt: Runtime, secrets: ProjectSecrets | undefined): void {
  if (rt.globals.showSecrets) return;
  const declared = new Set(secrets?.declared);
  // The shell's own are read here, not cached: the cache must not hang on every variable.
  const shell = Object.entries(rt.env).flatMap(([name, value]) =>
    value && (declared.has(name) || isSecretKey(name)) ? [value] : [],
  );
  rt.output.secrets.add([...(secrets?.values ?? []), ...shell.filter(secretLike)]);
}

/**
 * `compute` served from the project cache (src/cli/model-cache.ts) while nothing it read, files
 * or variables, has changed. `key` tells apart what different callers compute.
 */
async function throughCache<T extends { unsetVariables: string[]; secrets?: ProjectSecrets }>(
  rt: Runtime,
  key: Record<string, unknown>,
  compute: (options: ProjectOptions) => Promise<T>,
): Promise<T> {
  const [{ ModelCache, Recorder }, options] = await Promise.all([
    import('./model-cache.js'),
    projectOptions(rt),
  ]);
  const cache = ModelCache.for<T>({ ...options, ...key }, rt.env);
  let result = cache?.get(options.fs, rt.env);
  if (!result) {
    const recorder = new Recorder();
    result = await compute({
      ...options,
      fs: recorder.fs(options.fs),
      env: recorder.env(options.env),
    });
    cache?.put(recorder, result);
  }
  warnUnset(rt, result.unsetVariables);
  hideSecrets(rt, result.secrets);
  return result;
}

/**
 * The project model for every command that needs only the model; `config` and `doctor` report on
 * the files themselves and load them with `loadModel`.
 */
export function loadModelCached(rt: Runtime, flags: ModelFlags = {}): Promise<CachedLoad> {
  return throughCache(rt, { ...flags }, async (options) => {
    const { loadProject } = await import('../config/load.js');
    const loaded = loadProject({ ...options, ...flags });
    const { name, nameSource, workingDir, configFiles } = loaded.location;
    return {
      project: loaded.project,
      location: { name, nameSource, workingDir, configFiles },
      unsetVariables: loaded.unsetVariables,
      secrets: await projectSecrets(options.fs, loaded.location, loaded.project),
    };
  });
}

/**
 * Where the project is and its name, for commands that need no more (ps, df, prune): cached
 * like the model, which spares them parsing the compose files for a `name:`.
 */
export function locateCached(rt: Runtime, flags: LocateFlags = {}): Promise<CachedLocation> {
  return throughCache(rt, { ...flags, locateOnly: true }, async (options) => {
    const { locateProject } = await import('../config/locate.js');
    const location = locateProject({ ...options, ...flags });
    const { name, nameSource, workingDir, configFiles, unsetVariables } = location;
    const secrets = await projectSecrets(options.fs, location);
    return { name, nameSource, workingDir, configFiles, unsetVariables, secrets };
  });
}

function warnUnset(rt: Runtime, names: readonly string[]): void {
  for (const name of names) {
    rt.output.reporter.report({
      type: 'warning',
      message: `the ${name} variable is not set; using an empty string`,
    });
  }
}

export async function connect(rt: Runtime): Promise<Engine> {
  const [{ resolveEndpoint }, { connectDocker }, fs, os] = await Promise.all([
    import('../engine/endpoint.js'),
    import('../engine/docker/index.js'),
    import('node:fs'),
    import('node:os'),
  ]);
  const endpoint = resolveEndpoint({
    host: rt.globals.host,
    context: rt.globals.context,
    env: rt.env,
    homeDir: os.homedir(),
    readFile: (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  rt.output.reporter.report({
    type: 'debug',
    message: `engine endpoint ${endpoint.url} (from ${endpoint.source})`,
  });
  return connectDocker(endpoint);
}

export function opContext(rt: Runtime, engine: Engine): OpContext {
  return {
    engine,
    reporter: rt.output.reporter,
    host: nodeHost,
    now: () => new Date(),
    // Read only when something is pulled, pushed or built.
    credentials: {
      get: async (host) => (await credentialStore(rt)).get(host),
    },
  };
}

export async function credentialStore(rt: Runtime): Promise<CredentialStore> {
  const { CredentialStore } = await import('../registry/credentials.js');
  return new CredentialStore({ env: rt.env });
}

export interface Selected {
  project: string;
  /** Absent when no compose file was found and the project was named with -p. */
  model?: Project;
}

/** The project a lifecycle command acts on: from its files, or from its name alone (`-p`). */
export async function selectProject(
  rt: Runtime,
  services: readonly string[] = [],
): Promise<Selected> {
  const loaded = await loadModelCached(rt, { filesOptional: true, services });
  if (!loaded.location.configFiles.length) return { project: loaded.project.name };
  const { checkServices } = await import('../ops/lifecycle/plan.js');
  checkServices(loaded.project, services);
  return { project: loaded.project.name, model: loaded.project };
}

/**
 * Holds the project's lock while this command changes it (project-lock.ts): a second command
 * waits and says for what, or with --no-lock-wait fails at once. Released at exit at the latest.
 */
export async function lockProject(rt: Runtime, project: string): Promise<{ release(): void }> {
  const { lockProject: take, LockBusy } = await import('./project-lock.js');
  const { ConflictError } = await import('../errors.js');
  const endpoint =
    rt.globals.host ?? rt.globals.context ?? rt.env.DOCKER_HOST ?? rt.env.DOCKER_CONTEXT ?? '';
  try {
    return await take({
      endpoint,
      project,
      command: ['stager', ...process.argv.slice(2)].join(' '),
      wait: rt.globals.lockWait,
      onWait: (holder) =>
        rt.output.reporter.report({
          type: 'info',
          message: `waiting for \`${holder.command}\` (pid ${holder.pid}) to finish changing project ${project}`,
        }),
    });
  } catch (err) {
    if (err instanceof LockBusy)
      throw new ConflictError(err.message, {
        hint: 'wait for it, or run again without --no-lock-wait',
      });
    throw err;
  }
}

/** Parses `--scale web=3` flags. */
export function parseScale(
  flags: readonly string[] | undefined,
): Record<string, number> | undefined {
  if (!flags?.length) return undefined;
  const out: Record<string, number> = {};
  for (const flag of flags) {
    const m = /^([^=]+)=(\d+)$/.exec(flag);
    if (!m) throw new UsageError(`--scale ${flag}: use SERVICE=NUMBER`);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}
export { nodeHost };
