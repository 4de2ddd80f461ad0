/**
 * The variables a project is interpolated with: the shell environment over the env files
 * (`--env-file`, repeatable, later files winning; else `.env` in the project folder), over the
 * values stager provides (HOST_UID, HOST_GID, HOST_USER).
 */
import path from 'node:path';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { parseDotenv } from './dotenv.js';
import type { Lookup } from './interpolate.js';
import type { SourceFs } from './source-fs.js';

export interface ProjectEnv {
  /** Values read from the env files, merged. */
  fileValues: ReadonlyMap<string, string>;
  /** The env files that were read. */
  files: readonly string[];
  /** Shell first, then env files. */
  lookup: Lookup;
}

export interface ProjectEnvInput {
  cwd: string;
  projectDir: string;
  envFiles: readonly string[] | undefined;
  shell: Readonly<Record<string, string | undefined>>;
  /** Lowest priority: below the env files. */
  defaults?: Readonly<Record<string, string>> | undefined;
  fs: SourceFs;
}

export function loadProjectEnv(input: ProjectEnvInput): ProjectEnv {
  const { shell, fs } = input;
  const explicit = input.envFiles?.length
    ? input.envFiles.map((f) => path.resolve(input.cwd, f))
    : undefined;
  const candidates = explicit ?? [path.join(input.projectDir, '.env')];
  const values = new Map<string, string>();
  const read: string[] = [];
  const issues: ConfigIssue[] = [];
  for (const file of candidates) {
    const text = fs.readFile(file);
    if (text === undefined) {
      if (explicit) issues.push({ file, message: 'env file not found (named by --env-file)' });
      continue;
    }
    if (fs.isDirectory(file)) continue;
    read.push(file);
    const parsed = parseDotenv(text, {
      file,
      lookup: (name) => shell[name] ?? values.get(name),
    });
    issues.push(...parsed.issues);
    for (const [k, v] of parsed.values) values.set(k, v);
  }
  if (issues.length) throw new ConfigError(issues);
  return {
    fileValues: values,
    files: read,
    lookup: (name) => shell[name] ?? values.get(name) ?? input.defaults?.[name],
  };
}
