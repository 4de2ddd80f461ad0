/**
 * `stager snapshot`: consistent copies of the services' data (bind-mounted folders and named
 * volumes) as compressed tar archives under `.stager/snapshots/<name>/`, with a manifest. The
 * containers using the data stop during the copy and come back after. Archives are written and
 * read by a helper container as root, so ownership, permissions, symlinks and empty folders
 * survive whoever owns the files on the host.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Project } from '../../config/model/project.js';
import { ConflictError, NotFoundError, StagerError, UsageError } from '../../errors.js';
import type { HostFs } from '../../host/host.js';
import type { OpContext } from '../context.js';
import { bindFolders, dataUsers, outermost, projectVolumes, servicesUsing } from './data-mounts.js';
import {
  keptBy,
  restoreFolderScripts,
  restoreVolumeScripts,
  saveScript,
  UNUSABLE_IMAGE,
  type ArchiveKeeps,
  type RestoreScripts,
} from './archive-scripts.js';
import { helperImages, runHelper, runHelperIn, type HelperJob } from './helper.js';
import { runningServices, stop } from '../lifecycle/lifecycle.js';
import { ensureVolumes } from '../lifecycle/resources.js';
import { up } from '../lifecycle/up.js';
import { progress, type Row } from '../progress.js';
import { serviceImage } from '../../config/model/queries.js';

export interface SnapshotMount {
  kind: 'bind' | 'volume';
  /** Host path (bind) or the engine's volume name, when saved; restore never writes there. */
  source: string;
  /**
   * What restore writes to, resolved against the project as it is then: a folder relative to
   * the project directory (bind), or the volume's key in the compose file.
   */
  ref?: string;
  archive: string;
  services: string[];
  /** Size of the archive, compressed. */
  archiveBytes: number;
  /** SHA-256 of the archive, checked before anything is replaced. */
  sha256?: string;
  /** Whether the tar that wrote it kept extended attributes, ACLs and folder times. */
  keeps?: ArchiveKeeps;
}

/** A folder under .stager/snapshots whose manifest cannot be read. */
export interface BrokenSnapshot {
  name: string;
  problem: string;
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
  mounts: { kind: 'bind' | 'volume'; source: string; ref: string; services: string[] }[];
  /** Every service that must stop while the data is copied. */
  users: string[];
}

/** The writable bind folders inside the project and the named volumes of the services. */
function dataMounts(
  fs: HostFs,
  project: Project,
  services: readonly string[] | undefined,
): DataMounts {
  const binds = outermost(
    bindFolders(fs, project, services, project.workingDir).filter(
      (f) => !f.refused || f.refused === 'read-only',
    ),
  );
  const volumes = projectVolumes(project, services).filter((v) => !v.external);
  const mounts = [
    ...binds.map((b) => ({
      kind: 'bind' as const,
      source: b.path,
      ref: path.relative(project.workingDir, b.path) || '.',
      services: b.services,
    })),
    ...volumes.map((v) => ({
      kind: 'volume' as const,
      source: v.name,
      ref: v.key,
      services: v.services,
    })),
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
    await stop(ctx, { project: project.name, model: project, services: running }, timeout, {
      oneOffs: true,
    });
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
  const { fs } = ctx.host;
  checkName(name);
  const dir = path.join(snapshotsDir(project), name);
  if (fs.existsSync(dir))
    throw new ConflictError(`snapshot ${name} exists`, {
      hint: `remove it with \`stager snapshot rm ${name}\``,
    });
  const { mounts, users } = dataMounts(fs, project, options.services);
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
  // Archives hold database files that are 0600 where they live: so are they, in a 0700 folder.
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const owner = `${options.uid}:${options.gid}`;
  try {
    // Every copy ends before the services start again and a failure removes the folder.
    const saved = await withServicesStopped(ctx, project, users, options.timeout, () =>
      allSettledOrThrow(
        mounts.map(async (m, i): Promise<SnapshotMount> => {
          const archive = archiveName(m.kind, m.source, i);
          const row = rowOf(ctx, m.kind, m.source);
          row.start('Saving');
          if (m.kind === 'bind') fs.mkdirSync(m.source, { recursive: true });
          const images = await helperImages(ctx, project, m.services[0], options.helperImage);
          const { image, output } = await runHelperIn(
            ctx,
            images,
            {
              mounts: [
                { type: m.kind, source: m.source, target: '/data', readOnly: true },
                { type: 'bind', source: dir, target: '/out' },
              ],
              script: saveScript({ archive, owner }),
              purpose: `save ${m.source}`,
              project: project.name,
            },
            UNUSABLE_IMAGE,
          );
          const keeps = keptBy(output);
          if (keeps === 'none') warnKeepsNone(ctx, m.ref, image, 'saved');
          const file = path.join(dir, archive);
          const archiveBytes = fs.statSync(file).size;
          const sha256 = await fileSha256(fs, file);
          row.done('Saved');
          return { ...m, archive, archiveBytes, sha256, keeps };
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
    fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
    });
    return manifest;
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Like Promise.all, but waits for every promise before throwing the first failure. */
async function allSettledOrThrow<T>(promises: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

const rowOf = (ctx: OpContext, kind: 'bind' | 'volume', source: string): Row =>
  progress(ctx.reporter)[kind === 'bind' ? 'folder' : 'volume'](source);

interface Planned {
  target: { saved: SnapshotMount; kind: 'bind' | 'volume'; source: string; key?: string };
  row: Row;
  scripts: RestoreScripts;
  /** The helper that prepares it, which then commits or aborts it. */
  job: Omit<HelperJob, 'script'>;
}

function warnKeepsNone(
  ctx: OpContext,
  ref: string | undefined,
  image: string,
  did: 'saved' | 'restored',
): void {
  ctx.reporter.report({
    type: 'warning',
    message: `${ref ?? 'data'} was ${did} without extended attributes, ACLs or folder times: the tar in ${image} keeps none`,
    hint: 'pass --helper-image with an image that has GNU tar (e.g. debian:bookworm-slim)',
  });
}

export function readManifest(fs: HostFs, project: Project, name: string): SnapshotManifest {
  checkName(name);
  const file = path.join(snapshotsDir(project), name, 'manifest.json');
  if (!fs.existsSync(file)) {
    const known = listSnapshots(fs, project).snapshots.map((s) => s.name);
    throw new NotFoundError(
      `no snapshot ${name}${known.length ? ` (there are: ${known.join(', ')})` : ''}`,
    );
  }
  const parsed = parseManifest(fs.readFileSync(file, 'utf8'));
  if (typeof parsed === 'string') throw new UsageError(`snapshot ${name} is broken: ${parsed}`);
  return parsed;
}

/** The manifest, or what is wrong with it. */
function parseManifest(text: string): SnapshotManifest | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return `manifest.json is not JSON (${(err as Error).message})`;
  }
  const m = data as Partial<SnapshotManifest> | null;
  if (!m || typeof m !== 'object' || typeof m.name !== 'string' || !Array.isArray(m.mounts))
    return 'manifest.json lacks its name or mounts';
  for (const mount of m.mounts) {
    if (
      !mount ||
      (mount.kind !== 'bind' && mount.kind !== 'volume') ||
      typeof mount.archive !== 'string' ||
      mount.archive.includes('/') ||
      typeof mount.source !== 'string'
    )
      return 'manifest.json has a mount it cannot describe';
  }
  return {
    ...m,
    services: Array.isArray(m.services) ? m.services : [],
    createdAt: typeof m.createdAt === 'string' ? m.createdAt : '',
    images: m.images ?? {},
  } as SnapshotManifest;
}

export function listSnapshots(
  fs: HostFs,
  project: Project,
): {
  snapshots: SnapshotManifest[];
  broken: BrokenSnapshot[];
} {
  const root = snapshotsDir(project);
  if (!fs.existsSync(root)) return { snapshots: [], broken: [] };
  const snapshots: SnapshotManifest[] = [];
  const broken: BrokenSnapshot[] = [];
  for (const name of fs.readdirSync(root)) {
    const file = path.join(root, name, 'manifest.json');
    if (!fs.existsSync(file)) continue;
    const parsed = parseManifest(fs.readFileSync(file, 'utf8'));
    if (typeof parsed === 'string') broken.push({ name, problem: parsed });
    else snapshots.push(parsed);
  }
  snapshots.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { snapshots, broken };
}

export function removeSnapshot(fs: HostFs, project: Project, name: string): void {
  checkName(name);
  if (!fs.existsSync(path.join(snapshotsDir(project), name)))
    throw new NotFoundError(`no snapshot ${name}`);
  fs.rmSync(path.join(snapshotsDir(project), name), { recursive: true, force: true });
}

export interface RestoreOptions extends SnapshotOptions {
  force?: boolean;
  /** Folders outside the project a restore may write to (`--allow-outside`). */
  allowOutside?: readonly string[];
}

/** What no longer matches between the snapshot and the project's mounts now. */
export function mountDifferences(
  fs: HostFs,
  manifest: SnapshotManifest,
  project: Project,
  services?: readonly string[],
): string[] {
  const now = dataMounts(fs, project, services?.length ? services : manifest.services).mounts;
  const key = (m: { kind: string; ref?: string; source: string }) =>
    `${m.kind} ${m.ref ?? m.source}`;
  const saved = new Set(manifest.mounts.map(key));
  const current = new Set(now.map(key));
  return [
    ...[...saved].filter((k) => !current.has(k)).map((k) => `${k} is no longer mounted`),
    ...[...current].filter((k) => !saved.has(k)).map((k) => `${k} is not in the snapshot`),
  ];
}

/**
 * Where a saved mount goes back to now: the project's folder or volume as it resolves today,
 * never a path read from the manifest. A folder outside the project needs --allow-outside.
 */
function restoreTarget(
  project: Project,
  m: SnapshotMount,
  allowOutside: readonly string[],
): { kind: 'bind' | 'volume'; source: string; key?: string } {
  if (m.kind === 'volume') {
    const key = m.ref ?? Object.entries(project.volumes).find(([, v]) => v.name === m.source)?.[0];
    const volume = key === undefined ? undefined : project.volumes[key];
    if (!key || !volume || volume.external)
      throw new UsageError(
        `snapshot volume ${m.ref ?? m.source} is not a volume of this project; nothing was restored`,
      );
    return { kind: 'volume', source: volume.name, key };
  }
  const rel = m.ref ?? path.relative(project.workingDir, m.source);
  const target = path.resolve(project.workingDir, rel);
  const inside = !path.relative(project.workingDir, target).startsWith('..');
  const allowed = allowOutside.some((a) => path.resolve(project.workingDir, a) === target);
  if ((!inside || target === project.workingDir) && !allowed)
    throw new UsageError(`snapshot folder ${rel} is outside the project; nothing was restored`, {
      hint: `name it with --allow-outside ${target} to restore it there`,
    });
  return { kind: 'bind', source: target };
}

async function fileSha256(fs: HostFs, file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Checks every archive before anything is touched: present, of its size and checksum. */
async function verifyArchives(fs: HostFs, dir: string, manifest: SnapshotManifest): Promise<void> {
  for (const m of manifest.mounts) {
    const file = path.join(dir, m.archive);
    if (!fs.existsSync(file))
      throw new UsageError(
        `snapshot ${manifest.name} is broken: ${m.archive} is missing; nothing was restored`,
      );
    const size = fs.statSync(file).size;
    if (
      size !== m.archiveBytes ||
      (m.sha256 !== undefined && (await fileSha256(fs, file)) !== m.sha256)
    )
      throw new UsageError(
        `snapshot ${manifest.name} is broken: ${m.archive} is not the archive that was saved (${size} bytes, ${m.archiveBytes} recorded); nothing was restored`,
      );
  }
}

export async function restoreSnapshot(
  ctx: OpContext,
  project: Project,
  name: string,
  options: RestoreOptions,
): Promise<SnapshotManifest> {
  const { fs } = ctx.host;
  const manifest = readManifest(fs, project, name);
  const differences = mountDifferences(fs, manifest, project);
  if (differences.length && !options.force)
    throw new ConflictError(
      `snapshot ${name} does not match the project's mounts: ${differences.join('; ')}`,
      {
        hint: 'restore it anyway with --force: only the mounts it holds are replaced',
      },
    );
  const targets = manifest.mounts.map((m) => ({
    saved: m,
    ...restoreTarget(project, m, options.allowOutside ?? []),
  }));
  const dir = path.join(snapshotsDir(project), name);
  await verifyArchives(fs, dir, manifest);
  const users = [
    ...new Set([
      ...manifest.services,
      ...servicesUsing(
        project,
        targets.filter((t) => t.kind === 'bind').map((t) => t.source),
      ),
    ]),
  ].filter((s) => project.services[s]);
  const plans = targets.map((t): Planned => {
    return {
      target: t,
      row: rowOf(ctx, t.kind, t.source),
      scripts:
        t.kind === 'bind'
          ? restoreFolderScripts({ archive: t.saved.archive, folder: path.basename(t.source) })
          : restoreVolumeScripts({ archive: t.saved.archive }),
      job: {
        image: '',
        mounts: [
          t.kind === 'bind'
            ? { type: 'bind', source: path.dirname(t.source), target: '/parent' }
            : { type: 'volume', source: t.source, target: '/data' },
          { type: 'bind', source: dir, target: '/in', readOnly: true },
        ],
        purpose: `restore ${t.source}`,
        project: project.name,
      },
    };
  });
  await withServicesStopped(ctx, project, users, options.timeout, async () => {
    // Every mount is extracted beside its data first; only when all are is any put in place.
    const prepared = await Promise.allSettled(
      plans.map(async (plan) => {
        const { target: t, row } = plan;
        row.start('Restoring');
        if (t.kind === 'bind') fs.mkdirSync(t.source, { recursive: true });
        else if (t.key) await ensureVolumes(ctx, project, [t.key]);
        const images = await helperImages(ctx, project, t.saved.services[0], options.helperImage);
        plan.job.image = images[0]!;
        try {
          const { image, output } = await runHelperIn(
            ctx,
            images,
            { ...plan.job, script: plan.scripts.prepare },
            UNUSABLE_IMAGE,
          );
          plan.job.image = image;
          if (t.saved.keeps === 'xattrs' && keptBy(output) === 'none')
            warnKeepsNone(ctx, t.saved.ref, image, 'restored');
        } catch (err) {
          row.failed('Failed');
          throw err;
        }
      }),
    );
    const failed = prepared.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      // Whatever was extracted, whole or cut short, goes; the data was never touched.
      await Promise.all(
        plans.map((r) => runHelper(ctx, { ...r.job, script: r.scripts.abort }).catch(() => [])),
      );
      const err = failed.reason as Error;
      throw new StagerError(`restore failed; the data is as it was: ${err.message}`, {
        cause: err,
      });
    }
    await Promise.all(
      plans.map(async (r) => {
        await runHelper(ctx, { ...r.job, script: r.scripts.commit });
        r.row.done('Restored');
      }),
    );
  });
  return manifest;
}
