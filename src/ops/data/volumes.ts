/** `stager volumes`: where the project keeps data, how big it is, and which services use it. */
import type { Project } from '../../config/model/project.js';
import type { OpContext } from '../context.js';
import { bindFolders, projectVolumes, type Refusal } from './data-mounts.js';
import { measureFolder } from './folder-data.js';

export interface VolumesResult {
  project: string;
  volumes: {
    name: string;
    services: string[];
    exists: boolean;
    bytes?: number;
    external: boolean;
  }[];
  binds: {
    path: string;
    services: string[];
    exists: boolean;
    files: number;
    bytes: number;
    partial: boolean;
    /** Why `reset --bind-mounts` would leave it alone. */
    refused?: Refusal;
  }[];
}

export async function listVolumes(
  ctx: OpContext,
  project: Project,
  services?: readonly string[],
): Promise<VolumesResult> {
  const named = projectVolumes(project, services);
  const df = named.length ? await ctx.engine.diskUsage() : undefined;
  const volumes = named.map((v) => {
    const usage = df?.volumes.find((u) => u.name === v.name);
    return {
      name: v.name,
      services: v.services,
      exists: usage !== undefined,
      external: v.external,
      ...(usage ? { bytes: usage.size } : {}),
    };
  });
  const binds = bindFolders(ctx.host.fs, project, services, project.workingDir).map((f) => ({
    path: f.path,
    services: f.services,
    exists: f.exists,
    ...(f.refused ? { refused: f.refused } : {}),
    // Folders outside the project (/, $HOME) are not walked: they are not the project's data.
    ...(f.refused === 'outside the project' || f.refused === 'a symlink out of the project'
      ? { files: 0, bytes: 0, partial: true }
      : measureFolder(ctx.host.fs, f.path)),
  }));
  return { project: project.name, volumes, binds };
}
