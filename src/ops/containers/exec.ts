/**
 * `stager exec` and `stager run`: a command in a service's running container, or in a one-off
 * container labelled `oneoff=True` as Compose labels them. Both hand back the command's exit code.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { serviceConfigHash } from '../../config/hash.js';
import type { Project } from '../../config/model/project.js';
import { parsePortSpec } from '../../config/parse-port.js';
import { parseVolumeSpec } from '../../config/parse-volume.js';
import { NotFoundError } from '../../errors.js';
import type { AttachIo, ContainerSummary, MountSpec } from '../../engine/engine.js';
import { Label, projectFilter } from '../../engine/labels.js';
import type { OpContext } from '../context.js';
import { refuseUnsupportedKeys } from '../lifecycle/engine-features.js';
import { containerSpec } from '../lifecycle/container-spec.js';
import { isOneoff, namedServices } from '../lifecycle/plan.js';
import {
  ensureBindSources,
  ensureImages,
  ensureNetworks,
  ensureVolumes,
} from '../lifecycle/resources.js';
import { buildMissing, up } from '../lifecycle/up.js';
import { serviceImage, usedNetworks, usedVolumes } from '../../config/model/queries.js';

export interface Terminal {
  io: AttachIo;
  /** Called with a function to resize the remote TTY; the caller wires SIGWINCH to it. */
  onResize?: (resize: (rows: number, cols: number) => void) => void;
  size?: { rows: number; cols: number };
}

export interface ExecOptions {
  project: string;
  service: string;
  command: string[];
  index?: number;
  user?: string;
  workdir?: string;
  env?: string[];
  tty: boolean;
  stdin: boolean;
  privileged?: boolean;
}

/** The running container number `index` (default 1) of a service: what exec and port talk to. */
export async function runningContainer(
  ctx: OpContext,
  project: string,
  service: string,
  index = 1,
): Promise<ContainerSummary> {
  const running = await ctx.engine.listContainers({
    labels: [projectFilter(project), `${Label.service}=${service}`],
  });
  const candidates = running.filter((c) => !isOneoff(c));
  const target = candidates.find((c) => Number(c.labels[Label.containerNumber] ?? 1) === index);
  if (!target) {
    throw new NotFoundError(
      candidates.length
        ? `service ${service} has no running container number ${index}`
        : `service ${service} is not running in project ${project}`,
      { hint: `start it with \`stager up -d ${service}\`` },
    );
  }
  return target;
}

export async function execInService(
  ctx: OpContext,
  options: ExecOptions,
  terminal: Terminal,
): Promise<number> {
  const target = await runningContainer(ctx, options.project, options.service, options.index);
  return ctx.engine.exec(
    target.id,
    {
      command: options.command,
      user: options.user,
      workingDir: options.workdir,
      env: options.env,
      tty: options.tty,
      stdin: options.stdin,
      privileged: options.privileged,
    },
    terminal.io,
    (resize) => {
      if (terminal.size) resize(terminal.size.rows, terminal.size.cols);
      terminal.onResize?.(resize);
    },
  );
}

export interface AttachOptions {
  project: string;
  service: string;
  index?: number;
  /** Send the terminal's input to the container. */
  stdin: boolean;
  /** Ctrl-C (the op's signal) is sent on to the container as SIGINT, as `docker attach`. */
  sigProxy: boolean;
}

/**
 * Joins a running container's main process: its output here, and the terminal's input there.
 * Ends with the container's exit code (130 once Ctrl-C was sent on), or undefined when
 * detached by Ctrl-C without sigProxy.
 */
export async function attachService(
  ctx: OpContext,
  options: AttachOptions,
  terminal: Terminal,
): Promise<number | undefined> {
  const target = await runningContainer(ctx, options.project, options.service, options.index);
  const details = await ctx.engine.inspectContainer(target.id);
  const exit = ctx.engine.waitContainer(target.id);
  exit.catch(() => undefined);
  const session = await ctx.engine.attach(
    target.id,
    { stdin: options.stdin, tty: details.tty },
    terminal.io,
  );
  if (details.tty && terminal.size) await session.resize(terminal.size.rows, terminal.size.cols);
  terminal.onResize?.((rows, cols) => void session.resize(rows, cols));
  const detached = new Promise<undefined>((resolve) => {
    ctx.signal?.addEventListener(
      'abort',
      () => {
        if (!options.sigProxy) return resolve(undefined);
        void ctx.engine.killContainer(target.id, 'SIGINT').catch(() => undefined);
      },
      { once: true },
    );
  });
  const code = await Promise.race([exit, detached]);
  if (code !== undefined)
    await Promise.race([session.done, new Promise((r) => setTimeout(r, 500))]);
  // As Compose v2: a container ended by the Ctrl-C sent on to it ends attach with 130.
  return code !== undefined && ctx.signal?.aborted ? 130 : code;
}

export interface RunOptions {
  service: string;
  command?: string[];
  entrypoint?: string[];
  env?: string[];
  volumes?: string[];
  user?: string;
  workdir?: string;
  name?: string;
  rm?: boolean;
  detach?: boolean;
  noDeps?: boolean;
  servicePorts?: boolean;
  /** `-p`: ports to publish, in the compose short syntax. */
  publish?: string[];
  /** `-l KEY=VALUE`: labels added to the one-off container. */
  labels?: string[];
  capAdd?: string[];
  capDrop?: string[];
  /** `--use-aliases`: reachable by the service's network aliases, as its containers are. */
  useAliases?: boolean;
  tty: boolean;
  stdin: boolean;
}

export interface RunResult {
  container: string;
  exitCode: number | undefined;
}

export async function runOneOff(
  ctx: OpContext,
  project: Project,
  options: RunOptions,
  terminal: Terminal,
): Promise<RunResult> {
  namedServices(project, [options.service]);
  const service = project.services[options.service]!;
  await refuseUnsupportedKeys(ctx, project, [options.service]);
  const deps = Object.keys(service.depends_on ?? {}).filter((d) => project.services[d]);
  if (!options.noDeps && deps.length) await up(ctx, project, { services: deps });
  const built = await buildMissing(ctx, project, [options.service], {});
  const imageIds = await ensureImages(ctx, project, [options.service], undefined, built);
  await ensureNetworks(ctx, project, usedNetworks(project, [options.service]));
  await ensureVolumes(ctx, project, usedVolumes(project, [options.service]));
  const extraMounts: MountSpec[] = (options.volumes ?? []).map((spec) => {
    const v = parseVolumeSpec(spec);
    const source =
      v.type === 'bind' && v.source ? path.resolve(project.workingDir, v.source) : v.source;
    return {
      type: v.type as MountSpec['type'],
      target: v.target,
      ...(source ? { source } : {}),
      ...(v.read_only ? { readOnly: true } : {}),
    };
  });
  ensureBindSources(
    ctx.host.fs,
    service,
    extraMounts.flatMap((m) => (m.type === 'bind' && m.source ? [m.source] : [])),
  );
  // Compose v2's one-off identity: a 64-hex slug, its first 12 in the name.
  const slug = randomBytes(32).toString('hex');
  const name = options.name ?? `${project.name}-${options.service}-run-${slug.slice(0, 12)}`;
  const spec = containerSpec(project, service, {
    number: 1,
    configHash: serviceConfigHash(service),
    image: serviceImage(project, service),
    imageId: imageIds[options.service],
    slug,
    name,
    ...(options.command?.length ? { command: options.command } : {}),
    ...(options.entrypoint ? { entrypoint: options.entrypoint } : {}),
    extraEnv: options.env,
    publishPorts: options.servicePorts ?? false,
    extraPorts: (options.publish ?? []).flatMap((raw) => parsePortSpec(raw)),
    capAdd: options.capAdd,
    capDrop: options.capDrop,
    tty: options.tty,
    stdin: options.stdin,
    extraMounts,
  });
  if (options.user) spec.user = options.user;
  if (options.workdir) spec.workingDir = options.workdir;
  // One-off containers are not meant to be reached by the service's name, unless asked.
  if (!options.useAliases) spec.endpoints = spec.endpoints.map((e) => ({ ...e, aliases: [] }));
  for (const label of options.labels ?? []) {
    const [key = '', ...value] = label.split('=');
    spec.labels = { ...spec.labels, [key]: value.join('=') };
  }
  spec.attachStdin = options.stdin && !options.detach;
  const id = await ctx.engine.createContainer(spec);
  if (options.detach) {
    await ctx.engine.startContainer(id);
    return { container: name, exitCode: undefined };
  }
  try {
    const session = await ctx.engine.attach(
      id,
      { stdin: options.stdin, tty: options.tty },
      terminal.io,
    );
    const exit = ctx.engine.waitContainer(id, { nextExit: true });
    // Awaited below; a start that fails first must not leave this rejection unhandled.
    exit.catch(() => undefined);
    await ctx.engine.startContainer(id);
    if (options.tty && terminal.size) await session.resize(terminal.size.rows, terminal.size.cols);
    terminal.onResize?.((rows, cols) => void session.resize(rows, cols));
    const exitCode = await exit;
    await session.done;
    return { container: name, exitCode };
  } finally {
    // A removal that fails (the engine went away) must not hide why the run ended.
    if (options.rm)
      await ctx.engine.removeContainer(id, { force: true, volumes: true }).catch((err: Error) =>
        ctx.reporter.report({
          type: 'warning',
          message: `the one-off container ${name} could not be removed (${err.message}); remove it with \`docker rm -f ${name}\``,
        }),
      );
  }
}

export interface TopResult {
  containers: { name: string; service: string; titles: string[]; processes: string[][] }[];
}

export async function top(
  ctx: OpContext,
  projectName: string,
  services: readonly string[],
): Promise<TopResult> {
  const running = await ctx.engine.listContainers({ labels: [projectFilter(projectName)] });
  const selected = running.filter(
    (c) => !services.length || services.includes(c.labels[Label.service] ?? ''),
  );
  selected.sort((a, b) => a.name.localeCompare(b.name));
  const containers = await Promise.all(
    selected.map(async (c) => ({
      name: c.name,
      service: c.labels[Label.service] ?? '',
      ...(await ctx.engine.topContainer(c.id)),
    })),
  );
  return { containers };
}
