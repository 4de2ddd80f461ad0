/**
 * Which compose files make the project: `-f`, else COMPOSE_FILE, else the first folder from the
 * working directory upwards that holds one of the default names, plus its override file.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { SourceFs } from './source-fs.js';

export const DEFAULT_FILE_NAMES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml',
];

const OVERRIDE_NAMES: Record<string, string[]> = {
  'compose.yaml': ['compose.override.yaml', 'compose.override.yml'],
  'compose.yml': ['compose.override.yml', 'compose.override.yaml'],
  'docker-compose.yaml': ['docker-compose.override.yaml', 'docker-compose.override.yml'],
  'docker-compose.yml': ['docker-compose.override.yml', 'docker-compose.override.yaml'],
};

/** `-` stands for standard input. */
export const STDIN_FILE = '-';

export interface DiscoverInput {
  cwd: string;
  files: readonly string[] | undefined;
  /** COMPOSE_FILE, from the shell or the working folder's `.env`. */
  composeFile: string | undefined;
  /** COMPOSE_PATH_SEPARATOR, or the platform's. */
  pathSeparator: string;
  fs: SourceFs;
}

export function discoverComposeFiles(input: DiscoverInput): string[] {
  const { cwd, fs } = input;
  const explicit = input.files?.length
    ? { list: input.files, source: '-f' }
    : input.composeFile
      ? {
          list: input.composeFile.split(input.pathSeparator).filter(Boolean),
          source: 'COMPOSE_FILE',
        }
      : undefined;
  if (explicit) {
    return explicit.list.map((file) => {
      if (file === STDIN_FILE) return STDIN_FILE;
      const abs = path.resolve(cwd, file);
      if (fs.isDirectory(abs))
        throw new UsageError(`${explicit.source}: ${file}: a folder, not a compose file`, {
          hint: `name the file in it, e.g. ${path.join(file, 'compose.yaml')}`,
        });
      if (!fs.isFile(abs)) {
        throw new UsageError(`${explicit.source}: ${file}: no such file`, {
          hint: `run stager in the project folder or fix the path (resolved as ${abs})`,
        });
      }
      return abs;
    });
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const found = DEFAULT_FILE_NAMES.find((name) => fs.isFile(path.join(dir, name)));
    if (found) {
      const files = [path.join(dir, found)];
      const override = OVERRIDE_NAMES[found]!.map((n) => path.join(dir, n)).find((f) =>
        fs.isFile(f),
      );
      if (override) files.push(override);
      return files;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new UsageError(`no compose file found in ${cwd} or any folder above it`, {
    hint: `create ${DEFAULT_FILE_NAMES[0]}, name one with -f, or start from a template with \`stager init\``,
  });
}
