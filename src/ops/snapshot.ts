/**
 * `stager snapshot`: consistent copies of the services' data (bind-mounted folders and named
 * volumes) as compressed tar archives under `.stager/snapshots/<name>/`, with a manifest. The
 * containers using the data stop during the copy and come back after. Archives are written and
 * read by a helper container as root, so ownership, permissions, symlinks and empty folders
 * survive whoever owns the files on the host.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { Project } from '../config/model.js';
import { serviceImage } from '../config/serialize.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import type { OpContext } from './context.js';
import { bindFolders, dataUsers, outermost, projectVolumes, servicesUsing } from './data-mounts.js';
import { emptyScript } from './folder-data.js';
import { DEFAULT_HELPER_IMAGE, quote, runHelper } from './helper.js';
import { runningServices, stop } from './lifecycle.js';
import { ensureVolumes } from './resources.js';
import { up } from './up.js';

export interface SnapshotMount {
  kind: 'bind' | 'volume';
  /** Host path (bind) or the engine's volume name. */
  source: string;
  archive: string;
  services: string[];
  /** Size of the archive, compressed. */
  archiveBytes: number;
}

export interface SnapshotManifest {
  name: string;
  project: string;
  createdAt: string;
  services: string[];
  mounts: SnapshotMount[];
  /** The image each service ran, by id: data may depend on the version that wrote it. */
  images: Record<string, string>;
}

export interface SnapshotOptions {
  services?: readonly string[];
  helperImage?: string;
  /** Owner of the archives on the host: the host user. */
  uid: number;
  gid: number;
  timeout?: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function snapshotsDir(project: Project): string {
  return path.join(project.workingDir, '.stager', 'snapshots');
}

function checkName(name: string): void {
  if (!NAME.test(name))
    throw new UsageError(`snapshot name "${name}": use letters, digits, ".", "_" and "-"`);
}

interface DataMounts {
  mounts: { kind: 'bind' | 'volume'; source: string; services: string[] }[];
  /** Every service that must stop while the data is copied. */
  users: string[];
}

/** The writable bind folders inside the project and the named volumes of the services. */
function dataMounts(project: Project, services: readonly string[] | undefined): DataMounts {
  const binds = outermost(
    bindFolders(project, services, project.workingDir).filter(
      (f) => !f.refused || f.refused === 'read-only',
    ),
  );
  const volumes = projectVolumes(project, services).filter((v) => !v.external);
  const mounts = [
    ...binds.map((b) => ({ kind: 'bind' as const, source: b.path, services: b.services })),
    ...volumes.map((v) => ({ kind: 'volume' as const, source: v.name, services: v.services })),
  ];
  const users = dataUsers(
    project,
    binds.map((b) => b.path),
    volumes,
  );
  return { mounts, users };
}

/** Stops the services using the data, runs `fn`, and starts again those that were running. */
async function withServicesStopped<T>(
  ctx: OpContext,
  project: Project,
  users: string[],
  timeout: number | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const running = await runningServices(ctx, project.name, users);
  if (running.length)
    await stop(ctx, { project: project.name, model: project, services: running }, timeout);
  try {
    return await fn();
  } finally {
    if (running.length) await up(ctx, project, { services: running, noDeps: true });
  }
}

const archiveName = (kind: 'bind' | 'volume', source: string, i: number): string =>
  `${i + 1}-${kind}-${path.basename(source).replace(/[^A-Za-z0-9._-]/g, '_')}.tar.gz`;

export async function saveSnapshot(
  ctx: OpContext,
  project: Project,
  name: string,
  options: SnapshotOptions,
): Promise<SnapshotManifest> {
  checkName(name);
  const dir = path.join(snapshotsDir(project), name);
  if (existsSync(dir))
    throw new ConflictError(`snapshot ${name} exists`, {
      hint: `remove it with \`stager snapshot rm ${name}\``,
    });
  const { mounts, users } = dataMounts(project, options.services);
  if (!mounts.length)
    throw new UsageError(
      `nothing to snapshot: the services mount no folders inside the project and no volumes`,
    );
  for (const m of mounts) {
    if (m.kind === 'volume' && !(await ctx.engine.inspectVolume(m.source)))
      throw new NotFoundError(`volume ${m.source} does not exist yet`, {
        hint: 'start the project once with `stager up`',
      });
  }
  mkdirSync(dir, { recursive: true });
  const image = options.helperImage ?? DEFAULT_HELPER_IMAGE;
  const owner = `${options.uid}:${options.gid}`;
  try {
    const saved = await withServicesStopped(ctx, project, users, options.timeout, () =>
      Promise.all(
        mounts.map(async (m, i): Promise<SnapshotMount> => {
          const archive = archiveName(m.kind, m.source, i);
          const id = `snapshot:${m.source}`;
          const label = m.kind === 'bind' ? `Folder ${m.source}` : `Volume ${m.source}`;
          ctx.reporter.report({ type: 'step', id, label, status: 'start', detail: 'Saving' });
          if (m.kind === 'bind') mkdirSync(m.source, { recursive: true });
          await runHelper(ctx, {
            image,
            mounts: [
              { type: m.kind, source: m.source, target: '/data', readOnly: true },
              { type: 'bind', source: dir, target: '/out' },
            ],
            script: `tar -czf /out/${quote(archive)} -C /data . && chown ${owner} /out/${quote(archive)}`,
            purpose: `save ${m.source}`,
            project: project.name,
          });
          const archiveBytes = statSync(path.join(dir, archive)).size;
          ctx.reporter.report({ type: 'step', id, label, status: 'done', detail: 'Saved' });
          return { ...m, archive, archiveBytes };
        }),
      ),
    );
    const images: Record<string, string> = {};
    for (const s of new Set(saved.flatMap((m) => m.services))) {
      const config = project.services[s];
      const found = config
        ? await ctx.engine.inspectImage(serviceImage(project, config))
        : undefined;
      if (found) images[s] = found.id;
    }
    const manifest: SnapshotManifest = {
      name,
      project: project.name,
      createdAt: ctx.now().toISOString(),
      services: [...new Set(saved.flatMap((m) => m.services))],
      mounts: saved,
      images,
    };
    writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export function readManifest(project: Project, name: string): SnapshotManifest {
  checkName(name);
  const file = path.join(snapshotsDir(project), name, 'manifest.json');
  if (!existsSync(file)) {
    const known = listSnapshots(project).map((s) => s.name);
    throw new NotFoundError(
      `no snapshot ${name}${known.length ? ` (there are: ${known.join(', ')})` : ''}`,
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as SnapshotManifest;
}

export function listSnapshots(project: Project): SnapshotManifest[] {
  const root = snapshotsDir(project);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => existsSync(path.join(root, n, 'manifest.json')))
    .map(
      (n) =>
        JSON.parse(readFileSync(path.join(root, n, 'manifest.json'), 'utf8')) as SnapshotManifest,
    )
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function removeSnapshot(project: Project, name: string): void {
  readManifest(project, name);
  rmSync(path.join(snapshotsDir(project), name), { recursive: true, force: true });
}

export interface RestoreOptions extends SnapshotOptions {
  force?: boolean;
}

/** What no longer matches between the snapshot and the project's mounts now. */
export function mountDifferences(
  manifest: SnapshotManifest,
  project: Project,
  services?: readonly string[],
): string[] {
  const now = dataMounts(project, services?.length ? services : manifest.services).mounts;
  const key = (m: { kind: string; source: string }) => `${m.kind} ${m.source}`;
  const saved = new Set(manifest.mounts.map(key));
  const current = new Set(now.map(key));
  return [
    ...[...saved].filter((k) => !current.has(k)).map((k) => `${k} is no longer mounted`),
    ...[...current].filter((k) => !saved.has(k)).map((k) => `${k} is not in the snapshot`),
  ];
}

export async function restoreSnapshot(
  ctx: OpContext,
  project: Project,
  name: string,
  options: RestoreOptions,
): Promise<SnapshotManifest> {
  const manifest = readManifest(project, name);
  const differences = mountDifferences(manifest, project);
  if (differences.length && !options.force)
    throw new ConflictError(
      `snapshot ${name} does not match the project's mounts: ${differences.join('; ')}`,
      {
        hint: 'restore it anyway with --force: only the mounts it holds are replaced',
      },
    );
  const dir = path.join(snapshotsDir(project), name);
  const users = [
    ...new Set([
      ...manifest.services,
      ...servicesUsing(
        project,
        manifest.mounts.filter((m) => m.kind === 'bind').map((m) => m.source),
      ),
    ]),
  ].filter((s) => project.services[s]);
  const image = options.helperImage ?? DEFAULT_HELPER_IMAGE;
  await withServicesStopped(ctx, project, users, options.timeout, () =>
    Promise.all(
      manifest.mounts.map(async (m) => {
        const id = `restore:${m.source}`;
        const label = m.kind === 'bind' ? `Folder ${m.source}` : `Volume ${m.source}`;
        ctx.reporter.report({ type: 'step', id, label, status: 'start', detail: 'Restoring' });
        if (m.kind === 'bind') mkdirSync(m.source, { recursive: true });
        else {
          // Created as `up` creates it when the project still declares it (a forced restore
          // may bring back one it no longer does).
          const key = Object.entries(project.volumes).find(([, v]) => v.name === m.source)?.[0];
          if (key) await ensureVolumes(ctx, project, [key]);
          else if (!(await ctx.engine.inspectVolume(m.source)))
            await ctx.engine.createVolume({ name: m.source, labels: {} });
        }
        await runHelper(ctx, {
          image,
          mounts: [
            { type: m.kind, source: m.source, target: '/data' },
            { type: 'bind', source: dir, target: '/in', readOnly: true },
          ],
          script: `${emptyScript('/data')} && tar -xzpf /in/${quote(m.archive)} --numeric-owner -C /data`,
          purpose: `restore ${m.source}`,
          project: project.name,
        });
        ctx.reporter.report({ type: 'step', id, label, status: 'done', detail: 'Restored' });
      }),
    ),
  );
  return manifest;
}
