/**
 * `stager fix-perms`: the project's bind-mounted folders given back to the host user, through
 * a helper container (the files are usually root's, written by a container). Symlinks are
 * changed themselves, never what they point to.
 */
import type { Project } from '../../config/model/project.js';
import { UsageError } from '../../errors.js';
import type { OpContext } from '../context.js';
import { bindFolders } from './data-mounts.js';
import { pickHelperImage, quote, runHelper } from './helper.js';
import { progress } from '../progress.js';

export interface FixPermsOptions {
  services?: readonly string[];
  uid: number;
  gid: number;
  helperImage?: string;
}

export interface FixPermsResult {
  project: string;
  owner: string;
  folders: string[];
  skipped: { path: string; reason: string }[];
}

export async function fixPermissions(
  ctx: OpContext,
  project: Project,
  options: FixPermsOptions,
): Promise<FixPermsResult> {
  const all = bindFolders(ctx.host.fs, project, options.services, project.workingDir);
  // Read-only mounts and files are the user's own too; only what lies outside is not.
  const outside = new Set([
    'outside the project',
    'a symlink out of the project',
    'the project folder itself',
  ]);
  const folders = all.filter((f) => f.exists && !(f.refused && outside.has(f.refused)));
  const skipped = all
    .filter((f) => !folders.includes(f))
    .map((f) => ({ path: f.path, reason: f.exists ? f.refused! : 'does not exist' }));
  const owner = `${options.uid}:${options.gid}`;
  if (!folders.length) {
    if (skipped.length)
      throw new UsageError(
        `nothing to give back: ${skipped.map((s) => `${s.path} (${s.reason})`).join(', ')}`,
      );
    return { project: project.name, owner, folders: [], skipped };
  }
  const image = await pickHelperImage(ctx, project, folders[0]!.services[0], options.helperImage);
  const targets = folders.map((_, i) => `/stager-fix/${i}`);
  const row = progress(ctx.reporter).row('fix-perms', `Folders (${folders.length})`);
  row.start(`chown ${owner}`);
  await runHelper(ctx, {
    image,
    mounts: folders.map((f, i) => ({ type: 'bind', source: f.path, target: targets[i]! })),
    script: `chown -R -h ${owner} ${targets.map(quote).join(' ')}`,
    purpose: `give ${folders.length === 1 ? folders[0]!.path : `${folders.length} folders`} to ${owner}`,
    project: project.name,
  });
  row.done(`owned by ${owner}`);
  return { project: project.name, owner, folders: folders.map((f) => f.path), skipped };
}
