/**
 * Finds a project: its compose files, folder, env files and name, and reads each file once.
 * This is the part every command needs; building the full model from the sources is load.ts.
 */
import path from 'node:path';
import { ConfigError, UsageError, type ConfigIssue } from '../errors.js';
import { discoverComposeFiles, STDIN_FILE } from './discover.js';
import type { ProjectOptions } from './options.js';
import { loadProjectEnv, type ProjectEnv } from './project-env.js';
import { checkProjectName, normalizeProjectName } from './project-name.js';
import type { Lookup } from './interpolate.js';
import { readYamlSource, type SourceFile } from './yaml-source.js';

export interface ProjectLocation {
  name: string;
  /** Where the name came from, for `stager config` and doctor. */
  nameSource: '-p' | 'COMPOSE_PROJECT_NAME' | 'name:' | 'folder';
  workingDir: string;
  configFiles: string[];
  env: ProjectEnv;
  sources: SourceFile[];
  /** Variables used without a value and without a default (each warned about once). */
  unsetVariables: string[];
}

export interface LocateOptions extends ProjectOptions {
  /** False for `config --no-interpolate`. */
  interpolate?: boolean;
  /** Commands such as `ps -p NAME` and `down -p NAME` work from the name alone, like Compose. */
  filesOptional?: boolean;
}

export function locateProject(options: LocateOptions): ProjectLocation {
  const { cwd, env: shell, fs } = options;
  const baseDir = options.projectDirectory ? path.resolve(cwd, options.projectDirectory) : cwd;
  if (options.projectDirectory && !fs.isDirectory(baseDir)) {
    throw new UsageError(`--project-directory ${options.projectDirectory}: no such folder`);
  }
  // COMPOSE_FILE may itself come from the .env of the folder stager starts in.
  const startEnv = loadProjectEnv({
    cwd,
    projectDir: baseDir,
    envFiles: options.envFiles,
    shell,
    defaults: options.defaults,
    fs,
  });
  let configFiles: string[];
  try {
    configFiles = discoverComposeFiles({
      cwd: baseDir,
      files: options.files,
      composeFile: startEnv.lookup('COMPOSE_FILE'),
      pathSeparator: startEnv.lookup('COMPOSE_PATH_SEPARATOR') ?? path.delimiter,
      fs,
    });
  } catch (err) {
    if (!(
      options.filesOptional &&
      (options.projectName || startEnv.lookup('COMPOSE_PROJECT_NAME'))
    ))
      throw err;
    configFiles = [];
  }
  const first = configFiles[0];
  const workingDir = options.projectDirectory
    ? baseDir
    : first && first !== STDIN_FILE
      ? path.dirname(first)
      : baseDir;
  let env: ProjectEnv =
    workingDir === baseDir
      ? startEnv
      : loadProjectEnv({
          cwd,
          projectDir: workingDir,
          envFiles: options.envFiles,
          shell,
          defaults: options.defaults,
          fs,
        });

  const texts = configFiles.map((file) =>
    file === STDIN_FILE ? (options.stdin?.() ?? '') : fs.readFile(file),
  );
  const read = (lookup: Lookup | undefined) => {
    const issues: ConfigIssue[] = [];
    const unset = new Set<string>();
    const sources: SourceFile[] = [];
    configFiles.forEach((file, i) => {
      const text = texts[i];
      if (text === undefined) {
        issues.push({ file, message: 'cannot read the file' });
        return;
      }
      const result = readYamlSource(text, {
        file: file === STDIN_FILE ? '<stdin>' : file,
        lookup: options.interpolate === false ? undefined : lookup,
      });
      issues.push(...result.issues);
      for (const u of result.unset) unset.add(u);
      sources.push(result.source);
    });
    if (issues.length) throw new ConfigError(issues);
    return { sources, unset };
  };
  let { sources, unset } = read(env.lookup);
  const { name, nameSource } = projectName(options, env, sources, workingDir);
  // Compose v2 offers the project's name to interpolation: read again with it where it is used.
  if (
    env.lookup('COMPOSE_PROJECT_NAME') === undefined &&
    texts.some((t) => t?.includes('COMPOSE_PROJECT_NAME'))
  ) {
    const base = env.lookup;
    const lookup: Lookup = (key) => (key === 'COMPOSE_PROJECT_NAME' ? name : base(key));
    ({ sources, unset } = read(lookup));
    env = { ...env, lookup };
  }
  return { name, nameSource, workingDir, configFiles, env, sources, unsetVariables: [...unset] };
}

function projectName(
  options: LocateOptions,
  env: ProjectEnv,
  sources: SourceFile[],
  workingDir: string,
): Pick<ProjectLocation, 'name' | 'nameSource'> {
  if (options.projectName)
    return { name: checkProjectName(options.projectName, '-p'), nameSource: '-p' };
  const fromEnv = env.lookup('COMPOSE_PROJECT_NAME');
  if (fromEnv)
    return {
      name: checkProjectName(fromEnv, 'COMPOSE_PROJECT_NAME'),
      nameSource: 'COMPOSE_PROJECT_NAME',
    };
  for (const source of [...sources].reverse()) {
    const data = source.data as { name?: unknown } | null;
    if (data && typeof data === 'object' && typeof data.name === 'string' && data.name) {
      const where = source.positions.get('name');
      const label = where ? `${source.file}:${where.line}: name` : 'name';
      return { name: checkProjectName(data.name, label), nameSource: 'name:' };
    }
  }
  const folder = normalizeProjectName(path.basename(workingDir));
  if (!folder) {
    throw new UsageError(
      `cannot derive a project name from the folder "${path.basename(workingDir)}"`,
      {
        hint: 'name the project with -p NAME or a top-level `name:`',
      },
    );
  }
  return { name: folder, nameSource: 'folder' };
}
