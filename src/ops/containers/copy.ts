/**
 * `cp` between the host and a service's containers, with the docker CLI's rules for where a
 * copy lands: into a folder that exists, or as the new name when the destination does not.
 */
import path from 'node:path';
import { StagerError, UsageError, NotFoundError } from '../../errors.js';
import type { ContainerSummary } from '../../engine/engine.js';
import { serviceContainer, serviceContainers } from './service-containers.js';
import type { OpContext } from '../context.js';
import { progress } from '../progress.js';

export interface CopyOptions {
  project: string;
  /** `SERVICE:PATH`, a host path, or `-` (a tar on standard input). */
  source: string;
  destination: string;
  /** Only this replica; else the first when copying from, every one when copying to. */
  index?: number;
  /** One-off containers too (`run`, tasks). */
  all?: boolean;
  /** Keep the owners (uid and gid) of what is copied in. */
  archive?: boolean;
  /** Copy what a symbolic link points to, not the link. */
  followLink?: boolean;
  /** Where `-` as the destination writes the tar. */
  stdout?: NodeJS.WritableStream;
  stdin?: NodeJS.ReadableStream;
}

export interface CopyResult {
  copied: { container: string; from: string; to: string }[];
}

/** As the docker CLI: an absolute path, or one starting with `.`, is the host's even with a `:`. */
export function splitCopyArg(arg: string): { service?: string; path: string } {
  if (arg.startsWith('/') || arg.startsWith('.')) return { path: arg };
  const colon = arg.indexOf(':');
  if (colon <= 0) return { path: arg };
  return { service: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

/** `dir/.` copies what the folder holds, not the folder. */
const contentsOnly = (p: string): boolean => p === '.' || p.endsWith('/.');
const endsWithSlash = (p: string): boolean => p.endsWith('/');

/** From a service: its first container; to one: every container, as v2; or the --index one. */
async function targets(
  ctx: OpContext,
  options: CopyOptions,
  service: string,
  from: boolean,
): Promise<ContainerSummary[]> {
  if (options.index !== undefined || from)
    return [await serviceContainer(ctx, options.project, service, options.index)];
  const all = await serviceContainers(ctx, options.project, service, { oneOffs: options.all });
  if (!all.length) throw new NotFoundError(`no container found for service "${service}"`);
  return all;
}

export async function copyFiles(ctx: OpContext, options: CopyOptions): Promise<CopyResult> {
  const src = splitCopyArg(options.source);
  const dst = splitCopyArg(options.destination);
  if (src.service && dst.service) throw new UsageError('copying between services is not supported');
  if (!src.service && !dst.service)
    throw new UsageError('name a service on one side: SERVICE:PATH');
  const service = (src.service ?? dst.service)!;
  const from = src.service !== undefined;
  const containers = await targets(ctx, options, service, from);
  const copied: CopyResult['copied'] = [];
  await Promise.all(
    containers.map(async (c) => {
      const row = progress(ctx.reporter).container(c.name);
      const from_ = from ? `${c.name}:${src.path}` : src.path;
      const to = from ? dst.path : `${c.name}:${dst.path}`;
      row.start('Copying');
      if (from) await copyOut(ctx, c, src.path, dst.path, options);
      else await copyIn(ctx, c, src.path, dst.path, options);
      row.done('Copied');
      copied.push({ container: c.name, from: from_, to });
    }),
  );
  return { copied };
}

async function copyOut(
  ctx: OpContext,
  c: ContainerSummary,
  source: string,
  destination: string,
  options: CopyOptions,
): Promise<void> {
  const { fs } = ctx.host;
  const named = contentsOnly(source) ? source.slice(0, -1) || '/' : source;
  let stat = await ctx.engine.statPath(c.id, named);
  if (!stat) throw new NotFoundError(`could not find ${source} in container ${c.name}`);
  let archived = named;
  if (options.followLink && stat.linkTarget) {
    archived = path.posix.resolve(path.posix.dirname(source), stat.linkTarget);
    stat = (await ctx.engine.statPath(c.id, archived)) ?? stat;
  }
  if (destination === '-') {
    if (!options.stdout) throw new UsageError('"-" needs standard output');
    const tar = await ctx.engine.getArchive(c.id, archived);
    await new Promise<void>((resolve, reject) => {
      tar.on('end', resolve);
      tar.on('error', reject);
      tar.pipe(options.stdout!, { end: false });
    });
    return;
  }
  const target = path.resolve(ctx.host.proc.cwd(), destination);
  // The engine names the tar's root entry after the last element of the path it archived.
  const root = path.posix.basename(archived.replace(/\/$/, ''));
  const exists = fs.existsSync(target);
  const isDir = exists && fs.statSync(target).isDirectory();
  if (exists && !isDir && stat.isDir)
    throw new UsageError(`cannot copy a directory to a file: ${destination}`);
  if (!exists && endsWithSlash(destination) && !stat.isDir)
    throw new NotFoundError(`destination directory ${destination} does not exist`);
  if (!exists && !fs.existsSync(path.dirname(target)))
    throw new NotFoundError(`destination ${path.dirname(destination)} does not exist`);
  const into = isDir ? target : path.dirname(target);
  const name = !isDir
    ? path.basename(target)
    : stat.isDir && contentsOnly(source)
      ? ''
      : path.posix.basename(named.replace(/\/$/, ''));
  const rename = name === root ? undefined : { from: root, to: name };
  // Asked for only once the destination is known to take it: an unread archive would hang.
  const tar = await ctx.engine.getArchive(c.id, archived);
  await ctx.host.archive.extract(tar, into, { rename, keepOwners: options.archive });
}

async function copyIn(
  ctx: OpContext,
  c: ContainerSummary,
  source: string,
  destination: string,
  options: CopyOptions,
): Promise<void> {
  const copyUidGid = options.archive ?? false;
  if (source === '-') {
    if (!options.stdin) throw new UsageError('"-" needs standard input');
    await ctx.engine.putArchive(c.id, destination, options.stdin, { copyUidGid });
    return;
  }
  const { fs } = ctx.host;
  const local = path.resolve(ctx.host.proc.cwd(), source);
  if (!fs.existsSync(local)) throw new NotFoundError(`no such file or folder: ${source}`);
  const localIsDir = fs.statSync(local).isDirectory();
  const there = await ctx.engine.statPath(c.id, destination);
  if (there && !there.isDir && localIsDir)
    throw new UsageError(`cannot copy a directory to a file: ${c.name}:${destination}`);
  if (!there && endsWithSlash(destination) && !localIsDir)
    throw new NotFoundError(`destination directory ${c.name}:${destination} does not exist`);
  const into = there?.isDir ? destination : path.posix.dirname(destination);
  if (!there && !(await ctx.engine.statPath(c.id, into)))
    throw new NotFoundError(`could not find ${into} in container ${c.name}`);
  const name = there?.isDir
    ? path.basename(local)
    : path.posix.basename(destination.replace(/\/$/, ''));
  const tar = ctx.host.archive.pack(local, {
    name: contentsOnly(source) && localIsDir && there?.isDir ? '.' : name,
    contents: contentsOnly(source) && localIsDir,
    dereference: options.followLink,
  });
  await ctx.engine.putArchive(c.id, into, tar, { copyUidGid }).catch((err: unknown) => {
    throw err instanceof StagerError ? err : new StagerError(String(err));
  });
}
