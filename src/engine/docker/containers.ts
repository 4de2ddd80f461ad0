/** The containers of an engine: create, start, stop, inspect, logs, exec, attach. */
import type {
  AttachIo,
  ContainerDetails,
  ContainerOps,
  ContainerQuery,
  ContainerSpec,
  ContainerSummary,
  EndpointSpec,
  ExecSpec,
  LogLine,
  LogOptions,
  LogStream,
  PathStat,
  CommitOptions,
  ContainerStats,
} from '../engine.js';
import { toContainerStats } from './map-stats.js';
import { NotFoundError } from '../../errors.js';
import { toPathStat } from './map-details.js';
import { LineDemuxer } from './demux.js';
import { toContainerDetails } from './map-details.js';
import { createBody } from './map-spec.js';
import { toContainerSummary } from './map-container.js';
import { stopSignalIsDropped } from './undeliverable-signal.js';
import type { DockerApi } from './api.js';
import { demuxTo } from './demux.js';

export class DockerContainers implements ContainerOps {
  constructor(private readonly api: DockerApi) {}

  async listContainers(query: ContainerQuery): Promise<ContainerSummary[]> {
    const filters: Record<string, string[]> = {};
    if (query.labels?.length) filters.label = [...query.labels];
    const list = await this.api.call('list containers', () =>
      this.api.docker.listContainers({ all: query.all ?? false, filters }),
    );
    const summaries = list.map(toContainerSummary);
    if ((await this.api.connect()).podman) await this.addPodmanHealth(summaries);
    return summaries;
  }

  /** Podman's list leaves health out of the status text: running containers are inspected. */
  private async addPodmanHealth(summaries: ContainerSummary[]): Promise<void> {
    await Promise.all(
      summaries
        .filter((c) => c.state === 'running')
        .map(async (c) => {
          const info = await this.api
            .call('inspect container', () => this.api.docker.getContainer(c.id).inspect())
            .catch(() => undefined);
          const status = info?.State.Health?.Status;
          if (status !== 'healthy' && status !== 'unhealthy' && status !== 'starting') return;
          // The status text as Docker writes it, which `ps` shows.
          c.health = status;
          c.status += status === 'starting' ? ' (health: starting)' : ` (${status})`;
        }),
    );
  }

  async statPath(id: string, path: string): Promise<PathStat | undefined> {
    const res = await this.api
      .call(`look at ${path} in container ${id.slice(0, 12)}`, () =>
        this.api.docker.getContainer(id).infoArchive({ path }),
      )
      .catch((err: unknown) => {
        if (err instanceof NotFoundError && !/no such container/i.test(err.message))
          return undefined;
        throw err;
      });
    if (!res) return undefined;
    const header = (res as { headers?: Record<string, string> }).headers?.[
      'x-docker-container-path-stat'
    ];
    (res as { resume?: () => void }).resume?.();
    return header ? toPathStat(header) : undefined;
  }

  async getArchive(id: string, path: string): Promise<NodeJS.ReadableStream> {
    return this.api.call(`copy ${path} from container ${id.slice(0, 12)}`, () =>
      this.api.docker.getContainer(id).getArchive({ path }),
    );
  }

  async putArchive(
    id: string,
    path: string,
    tar: NodeJS.ReadableStream,
    options: { copyUidGid?: boolean } = {},
  ): Promise<void> {
    await this.api.call(`copy to ${path} in container ${id.slice(0, 12)}`, () =>
      this.api.docker
        .getContainer(id)
        .putArchive(tar, { path, ...(options.copyUidGid ? { copyUIDGID: '1' } : {}) }),
    );
  }

  async commitContainer(id: string, options: CommitOptions): Promise<string> {
    const made = (await this.api.call(`commit container ${id.slice(0, 12)}`, () =>
      this.api.docker.getContainer(id).commit({
        ...(options.repository ? { repo: options.repository } : {}),
        ...(options.tag ? { tag: options.tag } : {}),
        ...(options.comment ? { comment: options.comment } : {}),
        ...(options.author ? { author: options.author } : {}),
        pause: options.pause ?? true,
        ...(options.changes?.length ? { changes: [...options.changes] } : {}),
      }),
    )) as { Id: string };
    return made.Id;
  }

  async containerStats(id: string): Promise<ContainerStats> {
    const raw = await this.api.call(`stats of container ${id.slice(0, 12)}`, () =>
      this.api.docker.getContainer(id).stats({ stream: false }),
    );
    return toContainerStats(raw);
  }

  async exportContainer(id: string): Promise<NodeJS.ReadableStream> {
    return this.api.call(`export container ${id.slice(0, 12)}`, () =>
      this.api.docker.getContainer(id).export(),
    );
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const container = await this.api.call(`create container ${spec.name}`, () =>
      this.api.docker.createContainer(createBody(spec)),
    );
    for (const endpoint of spec.networkMode ? [] : spec.endpoints.slice(1)) {
      await this.connectNetwork(endpoint.network, container.id, endpoint);
    }
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    await this.api.call(`start container ${id.slice(0, 12)}`, () =>
      this.api.docker
        .getContainer(id)
        .start()
        .catch((err: { statusCode?: number }) => {
          // 304: already started (by a concurrent up, or before a Ctrl-C), which is what was asked.
          if (err.statusCode !== 304) throw err;
        }),
    );
  }

  async stopContainer(id: string, timeoutSeconds?: number): Promise<void> {
    await this.api.call(`stop container ${id.slice(0, 12)}`, () =>
      this.api.docker
        .getContainer(id)
        .stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds })
        .catch((err: { statusCode?: number }) => {
          // 304: already stopped, which is what was asked for.
          if (err.statusCode !== 304) throw err;
        }),
    );
  }

  /** See undeliverable-signal.ts: only a local engine's containers can be looked at in /proc. */
  async stopSignalIsDropped(id: string): Promise<boolean> {
    if (this.api.endpoint.kind !== 'unix' || process.platform !== 'linux') return false;
    const info = await this.api
      .call(`inspect container ${id.slice(0, 12)}`, () =>
        this.api.docker.getContainer(id).inspect(),
      )
      .catch(() => undefined);
    if (!info?.State.Running || info.State.Paused) return false;
    const { StopSignal } = info.Config as { StopSignal?: string };
    return (await stopSignalIsDropped(info.State.Pid, info.Id, StopSignal)) === true;
  }

  async killContainer(id: string, signal?: string): Promise<void> {
    await this.api.call(`kill container ${id.slice(0, 12)}`, () =>
      this.api.docker
        .getContainer(id)
        .kill(signal ? { signal } : {})
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 409) throw err; // not running
        }),
    );
  }

  async removeContainer(
    id: string,
    options: { force?: boolean; volumes?: boolean } = {},
  ): Promise<void> {
    await this.api.call(`remove container ${id.slice(0, 12)}`, () =>
      this.api.docker
        .getContainer(id)
        .remove({ force: options.force ?? false, v: options.volumes ?? false })
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) throw err; // already gone
        }),
    );
  }

  async pauseContainer(id: string): Promise<void> {
    await this.api.call(`pause container ${id.slice(0, 12)}`, () =>
      this.api.docker.getContainer(id).pause(),
    );
  }

  async unpauseContainer(id: string): Promise<void> {
    await this.api.call(`unpause container ${id.slice(0, 12)}`, () =>
      this.api.docker.getContainer(id).unpause(),
    );
  }

  async inspectContainer(id: string): Promise<ContainerDetails> {
    return toContainerDetails(
      await this.api.call(`inspect container ${id.slice(0, 12)}`, () =>
        this.api.docker.getContainer(id).inspect(),
      ),
    );
  }

  async waitContainer(id: string, options: { nextExit?: boolean } = {}): Promise<number> {
    const result = (await this.api.call(`wait for container ${id.slice(0, 12)}`, () =>
      this.api.docker.getContainer(id).wait(options.nextExit ? { condition: 'next-exit' } : {}),
    )) as { StatusCode: number };
    return result.StatusCode;
  }

  async connectNetwork(network: string, container: string, endpoint: EndpointSpec): Promise<void> {
    const ipam =
      endpoint.ipv4Address || endpoint.ipv6Address
        ? {
            IPAMConfig: {
              ...(endpoint.ipv4Address ? { IPv4Address: endpoint.ipv4Address } : {}),
              ...(endpoint.ipv6Address ? { IPv6Address: endpoint.ipv6Address } : {}),
            },
          }
        : {};
    await this.api.call(`connect to network ${network}`, () =>
      this.api.docker.getNetwork(network).connect({
        Container: container,
        EndpointConfig: {
          Aliases: endpoint.aliases,
          ...(endpoint.links?.length ? { Links: endpoint.links } : {}),
          ...ipam,
        },
      }),
    );
  }

  async containerLogs(
    id: string,
    options: LogOptions,
    onLine: (line: LogLine) => void,
  ): Promise<LogStream> {
    const query = {
      follow: options.follow ?? false,
      stdout: true,
      stderr: true,
      timestamps: options.timestamps ?? false,
      tail: options.tail === undefined ? 'all' : String(options.tail),
      ...(options.since ? { since: options.since } : {}),
      ...(options.until ? { until: options.until } : {}),
    };
    // dockerode returns a stream with follow and a buffer without; asking for a stream both ways.
    const stream = await this.api.dial<NodeJS.ReadableStream & { destroy(): void }>(
      `logs of ${id.slice(0, 12)}`,
      {
        path: `/containers/${id}/logs?`,
        method: 'GET',
        options: query,
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        ...(options.signal ? { abortSignal: options.signal } : {}),
      },
    );
    const demuxer = new LineDemuxer(options.tty, onLine);
    const done = new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => demuxer.push(chunk));
      const finish = (): void => {
        demuxer.end();
        resolve();
      };
      stream.on('end', finish);
      stream.on('close', finish);
      stream.on('error', finish);
    });
    return { done, close: () => stream.destroy() };
  }

  async topContainer(id: string): Promise<{ titles: string[]; processes: string[][] }> {
    const top = (await this.api.call(`top of ${id.slice(0, 12)}`, () =>
      this.api.docker.getContainer(id).top(),
    )) as { Titles: string[]; Processes: string[][] };
    return { titles: top.Titles, processes: top.Processes ?? [] };
  }

  async exec(
    id: string,
    spec: ExecSpec,
    io: AttachIo,
    onResize?: (resize: (rows: number, cols: number) => void) => void,
  ): Promise<number> {
    const exec = await this.api.call(`exec in ${id.slice(0, 12)}`, () =>
      this.api.docker.getContainer(id).exec({
        Cmd: spec.command,
        AttachStdin: spec.stdin,
        AttachStdout: true,
        AttachStderr: true,
        Tty: spec.tty,
        User: spec.user,
        WorkingDir: spec.workingDir,
        Env: spec.env,
        Privileged: spec.privileged ?? false,
      }),
    );
    const stream = await this.api.call('start exec', () =>
      exec.start({ hijack: true, stdin: spec.stdin, Tty: spec.tty }),
    );
    await pipeSession(stream, spec.tty, spec.stdin, io);
    onResize?.((rows, cols) => void exec.resize({ h: rows, w: cols }).catch(() => undefined));
    await new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    const info = await this.api.call('inspect exec', () => exec.inspect());
    return info.ExitCode ?? 0;
  }

  async attach(
    id: string,
    options: { stdin: boolean; tty: boolean },
    io: AttachIo,
  ): Promise<{ done: Promise<void>; resize(rows: number, cols: number): Promise<void> }> {
    const container = this.api.docker.getContainer(id);
    const stream = (await this.api.call(`attach to ${id.slice(0, 12)}`, () =>
      container.attach({
        stream: true,
        stdin: options.stdin,
        stdout: true,
        stderr: true,
        hijack: true,
      }),
    )) as NodeJS.ReadWriteStream;
    await pipeSession(stream, options.tty, options.stdin, io);
    const done = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    return {
      done,
      resize: (rows, cols) =>
        container.resize({ h: rows, w: cols }).then(
          () => undefined,
          () => undefined,
        ),
    };
  }
}

/** Wires a hijacked session to the caller's streams: raw with a TTY, demultiplexed without. */
async function pipeSession(
  stream: NodeJS.ReadWriteStream,
  tty: boolean,
  stdin: boolean,
  io: AttachIo,
): Promise<void> {
  if (tty) stream.on('data', (chunk: Buffer) => io.stdout.write(chunk));
  else stream.on('data', demuxTo(io.stdout, io.stderr));
  if (stdin && io.stdin) {
    io.stdin.on('data', (chunk) => stream.write(chunk));
    io.stdin.on('end', () => stream.end());
  }
}
