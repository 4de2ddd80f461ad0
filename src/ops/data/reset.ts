/**
 * `stager reset --bind-mounts`: the data folders of the selected services emptied safely. Every
 * service that mounts one of them is stopped first (not only the named ones), the folders are
 * emptied by the host user or, for files a container's root created, by a helper container, and
 * the services that were running come back. Named volumes go too with `volumes`.
 */
import path from 'node:path';
import type { Project } from '../../config/model/project.js';
import { Label, projectFilter } from '../../engine/labels.js';
import type { HostFs } from '../../host/host.js';
import type { OpContext } from '../context.js';
import {
  bindFolders,
  dataUsers,
  outermost,
  projectVolumes,
  type BindFolder,
  type ProjectVolume,
} from './data-mounts.js';
import { emptyFolder, emptyScript, measureFolder, type FolderSize } from './folder-data.js';
import { pickHelperImage, runHelper } from './helper.js';
import { runningServices, stop } from '../lifecycle/lifecycle.js';
import { namedServices } from '../lifecycle/plan.js';
import { up } from '../lifecycle/up.js';
import { trackedByGit } from './vcs.js';
import { progress } from '../progress.js';

export interface ResetOptions {
  services?: readonly string[];
  volumes?: boolean;
  /** Folders to empty although they hold source (a build context, tracked files). */
  includeSource?: string[];
  /** Start the stopped services again; by default those that were running are. */
  restart?: boolean;
  helperImage?: string;
  /** Bind mounts outside the project that may be emptied all the same. */
  allowOutside?: readonly string[];
  timeout?: number;
}

export type PlannedFolder = BindFolder & FolderSize;

export interface ResetPlan {
  project: string;
  folders: PlannedFolder[];
  refused: BindFolder[];
  volumes: ProjectVolume[];
  /** Paths inside the folders to empty that the reset leaves as they are. */
  kept: string[];
  /** Declared volumes a reset does not remove, and why. */
  volumesLeft: (ProjectVolume & { reason: string })[];
  /** Services whose containers stop for the reset. */
  services: string[];
  /** Of those, the ones running now. */
  running: string[];
}

export interface ResetResult extends ResetPlan {
  emptied: { path: string; files: number; bytes: number; helper: boolean }[];
  volumesRemoved: string[];
  restarted: string[];
  dryRun: boolean;
}

/**
 * Which bind-mounted folders a reset empties, which it leaves alone and why, and what inside
 * the emptied ones it keeps. Pure but for reading the file system: the dry run and the reset
 * come from this one plan.
 */
export function planFolders(
  fs: HostFs,
  project: Project,
  options: Pick<ResetOptions, 'services' | 'allowOutside' | 'includeSource'>,
  isTracked?: (folder: string) => boolean,
): { folders: BindFolder[]; refused: BindFolder[]; kept: string[] } {
  const all = bindFolders(fs, project, options.services, project.workingDir, {
    allowOutside: options.allowOutside,
    includeSource: options.includeSource,
    isTracked,
  });
  const folders = outermost(all.filter((f) => !f.refused));
  const refused = all.filter((f) => f.refused);
  // Inside a folder to empty, what is left alone stays: mounts refused above (read-only, files,
  // source), and the mounts of services the user did not name.
  const others = options.services?.length
    ? bindFolders(fs, project, undefined, project.workingDir).filter(
        (f) => !f.services.some((s) => options.services!.includes(s)),
      )
    : [];
  const kept = [...refused, ...others]
    .map((f) => f.path)
    .filter((p) => folders.some((f) => p.startsWith(`${f.path}/`)));
  for (const f of others)
    if (kept.includes(f.path) && !refused.some((r) => r.path === f.path))
      refused.push({ ...f, refused: f.refused ?? "another service's mount" });
  return { folders, refused, kept };
}

export async function planReset(
  ctx: OpContext,
  project: Project,
  options: ResetOptions = {},
): Promise<ResetPlan> {
  namedServices(project, options.services);
  const { fs } = ctx.host;
  const planned = planFolders(fs, project, options, (f) => trackedByGit(ctx.host, f));
  const folders = planned.folders.map((f) => ({ ...f, ...measureFolder(fs, f.path) }));
  const { refused, kept } = planned;
  const { volumes, volumesLeft } = options.volumes
    ? await ownVolumes(ctx, project.name, projectVolumes(project, options.services))
    : { volumes: [], volumesLeft: [] };
  const services = dataUsers(
    project,
    folders.map((f) => f.path),
    volumes,
  );
  const running = await runningServices(ctx, project.name, services);
  return {
    project: project.name,
    folders,
    refused,
    kept,
    volumes,
    volumesLeft,
    services,
    running,
  };
}

/**
 * The declared volumes that exist and carry this project's label: only those a reset removes.
 * An external one, or one another project (or no Compose project) made, is left alone and said.
 */
async function ownVolumes(
  ctx: OpContext,
  project: string,
  declared: readonly ProjectVolume[],
): Promise<Pick<ResetPlan, 'volumes' | 'volumesLeft'>> {
  const found = await Promise.all(
    declared.map(async (v) => ({ v, existing: await ctx.engine.inspectVolume(v.name) })),
  );
  const volumes: ProjectVolume[] = [];
  const volumesLeft: ResetPlan['volumesLeft'] = [];
  for (const { v, existing } of found) {
    if (!existing) continue;
    const owner = existing.labels[Label.project];
    if (v.external) volumesLeft.push({ ...v, reason: 'external' });
    else if (owner !== project)
      volumesLeft.push({
        ...v,
        reason: owner ? `made by project ${owner}` : 'not made by Docker Compose',
      });
    else volumes.push(v);
  }
  return { volumes, volumesLeft };
}

export async function applyReset(
  ctx: OpContext,
  project: Project,
  plan: ResetPlan,
  options: ResetOptions = {},
): Promise<ResetResult> {
  const selection = { project: project.name, model: project, services: plan.services };
  if (plan.services.length) await stop(ctx, selection, options.timeout, { oneOffs: true });
  if (plan.volumes.length) {
    // A volume goes only once no container, even a stopped one, refers to it.
    const users = new Set(plan.volumes.flatMap((v) => v.services));
    const containers = await ctx.engine.listContainers({
      labels: [projectFilter(project.name)],
      all: true,
    });
    await Promise.all(
      containers
        .filter((c) => users.has(c.labels[Label.service] ?? ''))
        .map((c) => ctx.engine.removeContainer(c.id, { force: true })),
    );
  }

  const emptied: ResetResult['emptied'] = [];
  for (const folder of plan.folders) {
    const row = progress(ctx.reporter).folder(folder.path);
    row.start('Emptying');
    let helper = false;
    const keep = plan.kept.filter((k) => k.startsWith(`${folder.path}/`));
    if (!emptyFolder(ctx.host.fs, folder.path, keep)) {
      helper = true;
      const image = await pickHelperImage(ctx, project, folder.services[0], options.helperImage);
      await runHelper(ctx, {
        image,
        mounts: [{ type: 'bind', source: folder.path, target: '/stager-data' }],
        script: emptyScript(
          '/stager-data',
          keep.map((k) => path.relative(folder.path, k)),
        ),
        purpose: `empty ${folder.path}`,
        project: project.name,
      });
    }
    ctx.host.fs.mkdirSync(folder.path, { recursive: true });
    emptied.push({ path: folder.path, files: folder.files, bytes: folder.bytes, helper });
    row.done(helper ? 'Emptied (by a helper container)' : 'Emptied');
  }

  // Folders other services mount inside the emptied ones: there again, and the host user's.
  for (const f of bindFolders(ctx.host.fs, project, plan.services, project.workingDir))
    if (!f.refused && plan.folders.some((p) => f.path.startsWith(`${p.path}/`)))
      ctx.host.fs.mkdirSync(f.path, { recursive: true });

  const volumesRemoved: string[] = [];
  for (const v of plan.volumes) {
    await ctx.engine.removeVolume(v.name);
    volumesRemoved.push(v.name);
    progress(ctx.reporter).volume(v.name).done('Removed');
  }

  const restart =
    options.restart === undefined ? plan.running : options.restart ? plan.services : [];
  // As `up --wait`: the post-reset hooks (init-db, migrations) find the services ready.
  if (restart.length) await up(ctx, project, { services: restart, noDeps: true, wait: true });
  return { ...plan, emptied, volumesRemoved, restarted: restart, dryRun: false };
}
