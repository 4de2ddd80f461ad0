/**
 * Where a project keeps its data: the host folders its services bind-mount and the named volumes
 * they use, and which of those stager may delete. Only writable folders inside the project
 * directory qualify; everything else is listed with the reason it is left alone.
 */
import path from 'node:path';
import type { Project } from '../../config/model/project.js';
import type { HostFs } from '../../host/host.js';
import { ignoreFileFor, ignorePatterns, ignore } from '../images/build-context.js';

export type Refusal =
  | 'outside the project'
  | 'the project folder itself'
  | 'read-only'
  | 'a file'
  | 'a symlink out of the project'
  | 'not a bind mount of a folder'
  | 'holds a build context'
  | 'sent with a build context'
  | 'holds the compose files'
  | 'holds files tracked by git'
  | "another service's mount";

export interface BindFolderOptions {
  /** Folders outside the project the user named (`--allow-outside`). */
  allowOutside?: readonly string[];
  /** Folders the user named as data although they hold source (`--include-source`). */
  includeSource?: readonly string[];
  /** Whether version control tracks files in the folder. */
  isTracked?: (folder: string) => boolean;
}

export interface BindFolder {
  /** Absolute host path, as the compose file resolves it. */
  path: string;
  /** Services that mount it or a folder inside or around it. */
  services: string[];
  targets: string[];
  /** Why stager will not delete it; absent when it may. */
  refused?: Refusal;
  exists: boolean;
}

export interface ProjectVolume {
  /** The engine's name (`shop_db`). */
  name: string;
  /** The compose file's key (`db`). */
  key: string;
  services: string[];
  external: boolean;
}

const inside = (parent: string, child: string): boolean => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The bind-mounted folders of the selected services (all when none), with what refuses them. */
export function bindFolders(
  fs: HostFs,
  project: Project,
  services: readonly string[] | undefined,
  projectDir: string,
  options: BindFolderOptions = {},
): BindFolder[] {
  const { allowOutside = [], includeSource = [], isTracked } = options;
  const root = real(fs, projectDir);
  const selected = new Set(services?.length ? services : Object.keys(project.services));
  const byPath = new Map<string, BindFolder>();
  for (const [name, service] of Object.entries(project.services)) {
    if (!selected.has(name)) continue;
    for (const v of service.volumes ?? []) {
      if (v.type !== 'bind' || !v.source) continue;
      const written = path.resolve(projectDir, v.source);
      const classified = classify(
        fs,
        written,
        root,
        projectDir,
        v.read_only === true,
        allowOutside,
      );
      // A link that stays inside the project stands for its target: planning by the real path
      // keeps two names of one folder from being emptied as two, or around what is kept.
      const source = classified.refused ? written : real(fs, written);
      const folder = byPath.get(source) ?? {
        path: source,
        services: [],
        targets: [],
        ...classified,
      };
      if (v.read_only && !folder.refused) folder.refused = 'read-only';
      if (!folder.refused && !includeSource.some((p) => path.resolve(projectDir, p) === source)) {
        const why = sourceRefusal(fs, project, source, isTracked);
        if (why) folder.refused = why;
      }
      if (!folder.services.includes(name)) folder.services.push(name);
      folder.targets.push(v.target);
      byPath.set(source, folder);
    }
  }
  return [...byPath.values()];
}

/**
 * A folder that holds what the project is made of, not what it stores: a build context, the
 * compose and env files, or files under version control. Emptying it would delete source.
 */
function sourceRefusal(
  fs: HostFs,
  project: Project,
  folder: string,
  isTracked: ((folder: string) => boolean) | undefined,
): Refusal | undefined {
  const holds = (p: string): boolean => inside(folder, p);
  const builds = Object.values(project.services).flatMap((s) =>
    s.build?.context && path.isAbsolute(s.build.context)
      ? [{ context: s.build.context, dockerfile: s.build.dockerfile }]
      : [],
  );
  if (builds.some((b) => holds(b.context))) return 'holds a build context';
  // Inside a context, what .dockerignore leaves in goes into the image: it is source (the
  // app folder mounted for live code); what it leaves out (data/) is not.
  if (builds.some((b) => inside(b.context, folder) && sentWithContext(fs, b, folder)))
    return 'sent with a build context';
  const own = [
    ...project.configFiles,
    ...['sample.env', '.env'].map((f) => path.join(project.workingDir, f)),
  ];
  if (own.some(holds)) return 'holds the compose files';
  if (isTracked?.(folder)) return 'holds files tracked by git';
  return undefined;
}

function sentWithContext(
  fs: HostFs,
  build: { context: string; dockerfile?: string },
  folder: string,
): boolean {
  const file = ignoreFileFor(fs, build);
  const matcher = ignore().add(file ? ignorePatterns(fs.readFileSync(file, 'utf8')) : []);
  const rel = path.relative(build.context, folder).split(path.sep).join('/');
  const parts = rel.split('/');
  // Excluded itself or through a folder around it.
  return !parts.some((_, i) => matcher.ignores(parts.slice(0, i + 1).join('/')));
}

function classify(
  fs: HostFs,
  source: string,
  root: string,
  projectDir: string,
  readOnly: boolean,
  allowOutside: readonly string[],
): { refused?: Refusal; exists: boolean } {
  let exists = true;
  let resolved = source;
  try {
    const link = fs.lstatSync(source);
    resolved = real(fs, source);
    if (link.isSymbolicLink() && !inside(root, resolved))
      return { refused: 'a symlink out of the project', exists };
    if (!fs.statSync(source).isDirectory()) return { refused: 'a file', exists };
  } catch {
    exists = false;
  }
  const allowed = allowOutside.some((a) => path.resolve(projectDir, a) === source);
  if (!allowed && !inside(root, resolved)) return { refused: 'outside the project', exists };
  if (resolved === root || source === path.resolve(projectDir))
    return { refused: 'the project folder itself', exists };
  if (readOnly) return { refused: 'read-only', exists };
  return { exists };
}

function real(fs: HostFs, p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    // Not there yet: its parent decides where it would be.
    const parent = path.dirname(p);
    return parent === p ? p : path.join(real(fs, parent), path.basename(p));
  }
}

/**
 * Drops folders that lie inside another of the list: emptying or copying the outer one covers
 * them, and doing both would race.
 */
export function outermost<T extends { path: string }>(folders: readonly T[]): T[] {
  return folders.filter(
    (f) =>
      !folders.some((other) => other !== f && other.path !== f.path && inside(other.path, f.path)),
  );
}

/** Every service of the project that mounts one of these folders, or a folder in or around one. */
export function servicesUsing(project: Project, folders: readonly string[]): string[] {
  return Object.entries(project.services)
    .filter(([, s]) =>
      (s.volumes ?? []).some(
        (v) =>
          v.type === 'bind' &&
          v.source !== undefined &&
          folders.some(
            (f) => inside(f, path.resolve(v.source!)) || inside(path.resolve(v.source!), f),
          ),
      ),
    )
    .map(([name]) => name);
}

/** Every service that must stop while these folders and volumes change. */
export function dataUsers(
  project: Project,
  folders: readonly string[],
  volumes: readonly ProjectVolume[],
): string[] {
  return [...new Set([...servicesUsing(project, folders), ...volumes.flatMap((v) => v.services)])];
}

/** The named volumes the selected services mount, by engine name. */
export function projectVolumes(
  project: Project,
  services: readonly string[] | undefined,
): ProjectVolume[] {
  const selected = new Set(services?.length ? services : Object.keys(project.services));
  const byName = new Map<string, ProjectVolume>();
  for (const [name, service] of Object.entries(project.services)) {
    for (const v of service.volumes ?? []) {
      if (v.type !== 'volume' || !v.source) continue;
      const config = project.volumes[v.source];
      const engineName = config?.name ?? v.source;
      const entry = byName.get(engineName) ?? {
        name: engineName,
        key: v.source,
        services: [],
        external: Boolean(config?.external),
      };
      if (!entry.services.includes(name)) entry.services.push(name);
      byName.set(engineName, entry);
    }
  }
  return [...byName.values()].filter((v) => v.services.some((s) => selected.has(s)));
}
