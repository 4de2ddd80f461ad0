/**
 * `stager build` and `up --build`: each service's image built through the Engine API, with
 * BuildKit when the engine has it (cache mounts, parallel stages), the classic builder otherwise.
 * Services that share an image build it once; images build in parallel. A failed step is named
 * by its Dockerfile line, with its output.
 */
import path from 'node:path';
import type { BuildConfig, Project } from '../../config/model/project.js';
import { parseSizeBytes } from '../../config/units.js';
import { instructionForStep, parseDockerfile, type Dockerfile } from '../../dockerfile/parse.js';
import { StagerError, UsageError } from '../../errors.js';
import type { BuildRequest, RegistryAuth } from '../../engine/engine.js';
import { credentialKey, registryOf } from '../../registry/reference.js';
import { Label } from '../../engine/labels.js';
import {
  CONTEXT_DIGEST_LABEL,
  contextDigest,
  packContext,
  type PackedContext,
} from './build-context.js';
import { BuildProgress, isNumbered } from './build-progress.js';
import { namedServices } from '../lifecycle/plan.js';
import type { OpContext } from '../context.js';
import { olderApi } from '../lifecycle/engine-features.js';
import type { Host, HostFs } from '../../host/host.js';
import { progress as rows } from '../progress.js';
import { serviceImage } from '../../config/model/queries.js';
import { byteOrder, formatSeconds } from '../../format.js';

export interface BuildOptions {
  services?: readonly string[];
  noCache?: boolean;
  /** Pull newer base images. */
  pull?: boolean;
  /** `auto`: BuildKit when the engine has it. */
  builder?: 'auto' | 'buildkit' | 'classic';
  /** Print every line the steps print, as they print it (`--progress plain`). */
  showOutput?: boolean;
}

export interface BuildTarget {
  image: string;
  services: string[];
  build: BuildConfig;
  platform?: string;
}

export interface BuiltImage {
  image: string;
  services: string[];
  id: string;
  builder: 'buildkit' | 'classic';
  steps: number;
  cached: number;
  durationMs: number;
}

export interface BuildResult {
  project: string;
  images: BuiltImage[];
}

export class BuildFailedError extends StagerError {}

/** The images the named services (default: all) build, one entry per image. */
export function buildTargets(project: Project, services?: readonly string[]): BuildTarget[] {
  const byImage = new Map<string, BuildTarget>();
  for (const name of namedServices(project, services)) {
    const service = project.services[name]!;
    if (!service.build) continue;
    const image = serviceImage(project, service);
    const known = byImage.get(image);
    if (known) known.services.push(name);
    else
      byImage.set(image, {
        image,
        services: [name],
        build: service.build,
        ...(service.platform ? { platform: String(service.platform) } : {}),
      });
  }
  return [...byImage.values()];
}

export async function buildImages(
  ctx: OpContext,
  project: Project,
  options: BuildOptions = {},
): Promise<BuildResult> {
  const targets = buildTargets(project, options.services);
  if (!targets.length) return { project: project.name, images: [] };
  const found = await chooseBuilder(ctx, options.builder ?? 'auto');
  const settled = await Promise.allSettled(
    targets.map((t) => buildOne(ctx, project, t, found, options)),
  );
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return {
    project: project.name,
    images: settled.map((s) => (s as PromiseFulfilledResult<BuiltImage>).value),
  };
}

interface Builder {
  kind: 'buildkit' | 'classic';
  /** The BuildKit of engines before Docker 23 (API 1.42) has no shm size for RUN steps. */
  ignoresShmSize: boolean;
}

async function chooseBuilder(
  ctx: OpContext,
  wanted: 'auto' | 'buildkit' | 'classic',
): Promise<Builder> {
  if (wanted === 'classic') return { kind: 'classic', ignoresShmSize: false };
  const { buildkit, negotiatedApiVersion } = await ctx.engine.inspectVersion();
  if (buildkit) return { kind: 'buildkit', ignoresShmSize: olderApi(negotiatedApiVersion, '1.42') };
  if (wanted === 'buildkit')
    throw new UsageError('this engine cannot build with BuildKit', {
      hint: 'use --builder classic, or an engine of API 1.39 or newer on Linux',
    });
  return { kind: 'classic', ignoresShmSize: false };
}

async function buildOne(
  ctx: OpContext,
  project: Project,
  target: BuildTarget,
  found: Builder,
  options: BuildOptions,
): Promise<BuiltImage> {
  const builder = found.kind;
  const { image } = target;
  const started = ctx.now().getTime();
  const row = rows(ctx.reporter).image(image);
  const step = (status: 'start' | 'done' | 'failed', detail: string): void => row[status](detail);

  let packed = pack(ctx.host, target);
  const parsed = parseDockerfile(packed.dockerfileText);
  checkBeforeBuilding(ctx, target, packed, parsed, builder);
  if (found.ignoresShmSize && target.build.shm_size !== undefined)
    ctx.reporter.report({
      type: 'warning',
      message: `${image}: this engine's BuildKit ignores build.shm_size (Docker 23 or newer applies it); --builder classic applies it here`,
    });
  if (builder === 'classic' && hasMountFlags(parsed)) {
    packed = pack(ctx.host, target, withoutMountFlags(packed.dockerfileText));
    ctx.reporter.report({
      type: 'warning',
      message: `${image}: the engine has no BuildKit; building with the classic builder, which ignores RUN --mount (cache mounts)`,
    });
  }

  step('start', builder === 'buildkit' ? 'Building' : 'Building (classic builder)');
  const progress = new BuildProgress(
    (s) => {
      // BuildKit's own steps (loading the context, exporting) are noise unless they fail.
      if (!s.error && !isNumbered(s.name)) return;
      const stepRow = rows(ctx.reporter).row(
        `build:${image}:${s.name}`,
        `${image} ${shorten(s.name)}`,
      );
      if (s.error) stepRow.failed('ERROR');
      else stepRow.done(s.cached ? 'CACHED' : `DONE ${formatSeconds(s.durationMs ?? 0)}`);
    },
    options.showOutput
      ? (name, line) =>
          ctx.reporter.report({ type: 'info', message: `${image} ${shorten(name, 30)} | ${line}` })
      : undefined,
  );
  const auth = await baseImageAuth(ctx, parsed);
  const inputs = buildRequest(project, target, options);
  const request: BuildRequest = {
    ...inputs,
    labels: {
      ...inputs.labels,
      [CONTEXT_DIGEST_LABEL]: buildDigest(ctx.host.fs, target.build),
    },
    ...(Object.keys(auth).length ? { auth } : {}),
    context: packed.stream,
    dockerfile: packed.dockerfile,
    builder,
  };
  let id: string;
  try {
    id = await ctx.engine.buildImage(request, (e) => progress.accept(e));
  } catch (err) {
    step('failed', 'Failed');
    throw explainFailure(target, packed, parsed, progress, err);
  }
  for (const w of progress.warnings)
    ctx.reporter.report({ type: 'warning', message: `${image}: ${w}` });
  const { steps, cached } = progress.summary();
  const durationMs = ctx.now().getTime() - started;
  step(
    'done',
    builder === 'buildkit'
      ? `Built in ${formatSeconds(durationMs)}: ${steps} ${steps === 1 ? 'step' : 'steps'}, ${cached} cached, ${steps - cached} run`
      : `Built in ${formatSeconds(durationMs)}`,
  );
  return { image, services: target.services, id, builder, steps, cached, durationMs };
}

/** The context to send; the Dockerfile is named in messages relative to where stager runs. */
function pack(host: Host, target: BuildTarget, inline?: string): PackedContext {
  try {
    const packed = packContext(host.fs, {
      context: target.build.context,
      dockerfile: target.build.dockerfile,
      dockerfileInline: inline ?? target.build.dockerfile_inline,
    });
    const label = packed.dockerfileLabel;
    return label === 'dockerfile_inline'
      ? packed
      : { ...packed, dockerfileLabel: path.relative(host.proc.cwd(), label) || label };
  } catch (err) {
    throw new UsageError(`service ${target.services[0]}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** What an image is built from: its context by content, its Dockerfile, build args and target. */
export function buildDigest(fs: HostFs, b: BuildConfig): string {
  const args = Object.entries(b.args ?? {})
    .filter(([, v]) => v !== null)
    .sort(([x], [y]) => byteOrder(x, y));
  return contextDigest(
    fs,
    { context: b.context, dockerfile: b.dockerfile, dockerfileInline: b.dockerfile_inline },
    JSON.stringify({ args, target: b.target ?? '' }),
  );
}

export function buildRequest(
  project: Project,
  target: BuildTarget,
  options: BuildOptions,
): Omit<BuildRequest, 'context' | 'dockerfile' | 'builder'> {
  const b = target.build;
  const args = Object.fromEntries(
    Object.entries(b.args ?? {}).filter((e): e is [string, string] => e[1] !== null),
  );
  const extraHosts = Object.entries(b.extra_hosts ?? {}).flatMap(([host, ips]) =>
    ips.map((ip) => `${host}:${ip}`),
  );
  return {
    tags: [target.image, ...((b.tags as string[] | undefined) ?? [])],
    args,
    labels: { ...(b.labels ?? {}), [Label.project]: project.name },
    ...(b.target ? { target: b.target } : {}),
    ...(b.network ? { network: b.network } : {}),
    ...(b.shm_size !== undefined ? { shmSizeBytes: parseSizeBytes(b.shm_size) } : {}),
    ...(extraHosts.length ? { extraHosts } : {}),
    ...(b.cache_from?.length ? { cacheFrom: b.cache_from } : {}),
    ...(target.platform ? { platform: target.platform } : {}),
    pull: options.pull || b.pull === true,
    noCache: options.noCache || b.no_cache === true,
  };
}

/** What the engine cannot do for stager, said before the build rather than as its obscure failure. */
function checkBeforeBuilding(
  ctx: OpContext,
  target: BuildTarget,
  packed: PackedContext,
  parsed: Dockerfile,
  builder: 'buildkit' | 'classic',
): void {
  for (const ins of parsed.instructions) {
    for (const flag of ins.flags) {
      const type = /(?:^|,)type=(secret|ssh)(?:,|$)/.exec(flag.value)?.[1];
      if (flag.name === 'mount' && type) {
        throw new UsageError(
          `${where(packed, ins.line)}: RUN --mount=type=${type} needs ${type === 'ssh' ? 'ssh forwarding' : 'build secrets'} from the client's BuildKit session, which stager does not provide`,
          {
            hint: `build ${target.image} with \`docker build\` for now, or pass what it needs as a build arg or a COPY`,
          },
        );
      }
    }
  }
  const syntax = parsed.directives.syntax;
  if (syntax && builder === 'buildkit') {
    ctx.reporter.report({
      type: 'warning',
      message: `${where(packed)}: "# syntax=${syntax}" makes the engine fetch that frontend image; the build fails where it cannot be pulled (offline, no registry)`,
    });
  }
}

/** Credentials for the registries the FROM lines name, for private base images. */
async function baseImageAuth(
  ctx: OpContext,
  parsed: Dockerfile,
): Promise<Record<string, RegistryAuth>> {
  const stages = new Set(parsed.stages.map((s) => s.name).filter(Boolean));
  const hosts = new Set(
    parsed.stages
      .map((s) => s.instructions[0]?.args.split(/\s+/)[0] ?? '')
      .filter((image) => image && !stages.has(image.toLowerCase()) && !image.includes('$'))
      .map(registryOf),
  );
  const auth: Record<string, RegistryAuth> = {};
  for (const host of hosts) {
    const found = await ctx.credentials?.get(host);
    if (found) auth[credentialKey(host)] = found;
  }
  return auth;
}

function hasMountFlags(parsed: Dockerfile): boolean {
  return parsed.instructions.some(
    (i) => i.keyword === 'RUN' && i.flags.some((f) => f.name === 'mount'),
  );
}

function withoutMountFlags(text: string): string {
  return text.replace(/(^|\s)--mount=("[^"]*"|\S+)[ \t]*/gm, '$1');
}

function where(packed: PackedContext, line?: number): string {
  const file = packed.dockerfileLabel;
  return line === undefined ? file : `${file}:${line}`;
}

function explainFailure(
  target: BuildTarget,
  packed: PackedContext,
  parsed: Dockerfile,
  progress: BuildProgress,
  err: unknown,
): Error {
  const message = (err as Error).message.replace(/^build: /, '');
  const failed = progress.failed();
  if (failed) {
    const ins = instructionForStep(parsed, failed.name);
    const at = ins ? `${where(packed, ins.line)} (${ins.keyword})` : failed.name;
    return new BuildFailedError(`build of ${target.image} failed at ${at}: ${failed.error}`, {
      details: failed.output.filter((l) => l.trim()).slice(-15),
      hint: `fix the step and run the build again; cached steps before it are reused`,
      cause: err,
    });
  }
  if (progress.classicOutput.length) {
    const step = [...progress.classicOutput].reverse().find((l) => /^Step \d+\/\d+ : /.test(l));
    const text = step?.replace(/^Step \d+\/\d+ : /, '');
    const ins = text
      ? parsed.instructions.find((i) => i.text === text.replace(/\s+/g, ' '))
      : undefined;
    return new BuildFailedError(
      `build of ${target.image} failed${ins ? ` at ${where(packed, ins.line)} (${ins.keyword})` : ''}: ${message}`,
      { details: progress.classicOutput.slice(-15), cause: err },
    );
  }
  const line = /(?:line |:)(\d+)(?::|\b)/.exec(message)?.[1];
  return new BuildFailedError(
    `build of ${target.image} failed${line && /dockerfile/i.test(message) ? ` at ${where(packed, Number(line))}` : ''}: ${message}`,
    { cause: err },
  );
}

function shorten(name: string, max = 72): string {
  const flat = name.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
