import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';
import type {
  AttachIo,
  ContainerDetails,
  ContainerQuery,
  ContainerSpec,
  ContainerSummary,
  EndpointSpec,
  Engine,
  EngineEvent,
  EngineVersion,
  EventStream,
  ExecSpec,
  ImageDetails,
  LogLine,
  LogOptions,
  LogStream,
  NetworkSpec,
  NetworkSummary,
  PullProgress,
  PushProgress,
  RegistryAuth,
  BuildEvent,
  BuildRequest,
  BuildCachePrune,
  DiskUsage,
  ImageSummary,
  VolumeSpec,
  VolumeSummary,
} from '../engine.js';
import { demuxTo, LineDemuxer } from './demux.js';
import { toContainerDetails, toNetworkSummary, toVolumeSummary } from './map-details.js';
import { createBody } from './map-spec.js';
import type { Endpoint } from '../endpoint.js';
import { createDocker } from './connect.js';
import { EngineError } from '../../errors.js';
import { toEngineError } from './errors.js';
import { buildQuery, progressOf, splitReference } from './map-build.js';
import { toDiskUsage, toImageSummary, type RawDiskUsage, type RawImage } from './map-disk.js';
import { readJsonStream, StreamError, type JsonMessage } from './json-stream.js';
import { toContainerSummary } from './map-container.js';
import { compareApiVersions, negotiateApiVersion } from './api-version.js';
import { stopSignalIsDropped } from './undeliverable-signal.js';

interface Ping {
  apiVersion: string | undefined;
  osType: string | undefined;
  defaultBuildkit: boolean;
}

export class DockerEngine implements Engine {
  readonly endpoint: Endpoint;
  private readonly docker: Docker;
  private ready: Promise<Ping> | undefined;
  private builds: Docker | undefined;

  constructor(endpoint: Endpoint) {
    this.endpoint = endpoint;
    this.docker = createDocker(endpoint);
  }

  /**
   * One `/_ping` before the first call: its headers say the engine's API version and whether it
   * builds with BuildKit, as the docker CLI learns them. Memoized, so later calls cost nothing.
   */
  private connect(): Promise<Ping> {
    this.ready ??= this.ping().then((ping) => {
      const modem = this.docker.modem as { version?: string };
      modem.version = `v${negotiateApiVersion(ping.apiVersion)}`;
      return ping;
    });
    return this.ready;
  }

  private ping(): Promise<Ping> {
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: '/_ping',
          method: 'GET',
          isStream: true,
          statusCodes: { 200: true, 500: 'server error' },
        },
        (err: unknown, res: unknown) => {
          if (err) return reject(toEngineError(err, this.endpoint, 'ping'));
          const response = res as IncomingMessage;
          response.resume();
          const header = (name: string): string | undefined => {
            const value = response.headers[name];
            return typeof value === 'string' ? value : undefined;
          };
          resolve({
            apiVersion: header('api-version'),
            osType: header('ostype'),
            defaultBuildkit: header('builder-version') === '2',
          });
        },
      );
    });
  }

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    await this.connect();
    try {
      return await fn();
    } catch (err) {
      throw toEngineError(err, this.endpoint, action);
    }
  }

  async negotiatedApiVersion(): Promise<string> {
    await this.connect();
    return ((this.docker.modem as { version?: string }).version ?? '').replace(/^v/, '');
  }

  async inspectVersion(): Promise<EngineVersion> {
    const ping = await this.connect();
    const v = await this.call('version', () => this.docker.version());
    const modem = this.docker.modem as { version?: string };
    return {
      version: v.Version,
      apiVersion: v.ApiVersion,
      minApiVersion: (v as { MinAPIVersion?: string }).MinAPIVersion ?? v.ApiVersion,
      negotiatedApiVersion: (modem.version ?? '').replace(/^v/, ''),
      os: v.Os,
      arch: v.Arch,
      kernelVersion: v.KernelVersion,
      buildkit: (ping.osType ?? v.Os) === 'linux' && compareApiVersions(v.ApiVersion, '1.39') >= 0,
      defaultBuilder: ping.defaultBuildkit ? 'buildkit' : 'classic',
    };
  }

  async listContainers(query: ContainerQuery): Promise<ContainerSummary[]> {
    const filters: Record<string, string[]> = {};
    if (query.labels?.length) filters.label = [...query.labels];
    const list = await this.call('list containers', () =>
      this.docker.listContainers({ all: query.all ?? false, filters }),
    );
    return list.map(toContainerSummary);
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const container = await this.call(`create container ${spec.name}`, () =>
      this.docker.createContainer(createBody(spec)),
    );
    for (const endpoint of spec.networkMode ? [] : spec.endpoints.slice(1)) {
      await this.connectNetwork(endpoint.network, container.id, endpoint);
    }
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    await this.call(`start container ${id.slice(0, 12)}`, () =>
      this.docker
        .getContainer(id)
        .start()
        .catch((err: { statusCode?: number }) => {
          // 304: already started (by a concurrent up, or before a Ctrl-C), which is what was asked.
          if (err.statusCode !== 304) throw err;
        }),
    );
  }

  async stopContainer(id: string, timeoutSeconds?: number): Promise<void> {
    const waitless = timeoutSeconds !== 0 && (await this.stopSignalIsDropped(id));
    const timeout = waitless ? 0 : timeoutSeconds;
    await this.call(`stop container ${id.slice(0, 12)}`, () =>
      this.docker
        .getContainer(id)
        .stop(timeout === undefined ? {} : { t: timeout })
        .catch((err: { statusCode?: number }) => {
          // 304: already stopped, which is what was asked for.
          if (err.statusCode !== 304) throw err;
        }),
    );
  }

  /** See undeliverable-signal.ts: only a local engine's containers can be looked at in /proc. */
  private async stopSignalIsDropped(id: string): Promise<boolean> {
    if (this.endpoint.kind !== 'unix' || process.platform !== 'linux') return false;
    const info = await this.call(`inspect container ${id.slice(0, 12)}`, () =>
      this.docker.getContainer(id).inspect(),
    ).catch(() => undefined);
    if (!info?.State.Running || info.State.Paused) return false;
    const { StopSignal } = info.Config as { StopSignal?: string };
    return (await stopSignalIsDropped(info.State.Pid, info.Id, StopSignal)) === true;
  }

  async killContainer(id: string, signal?: string): Promise<void> {
    await this.call(`kill container ${id.slice(0, 12)}`, () =>
      this.docker
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
    await this.call(`remove container ${id.slice(0, 12)}`, () =>
      this.docker
        .getContainer(id)
        .remove({ force: options.force ?? false, v: options.volumes ?? false })
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) throw err; // already gone
        }),
    );
  }

  async pauseContainer(id: string): Promise<void> {
    await this.call(`pause container ${id.slice(0, 12)}`, () =>
      this.docker.getContainer(id).pause(),
    );
  }

  async unpauseContainer(id: string): Promise<void> {
    await this.call(`unpause container ${id.slice(0, 12)}`, () =>
      this.docker.getContainer(id).unpause(),
    );
  }

  async inspectContainer(id: string): Promise<ContainerDetails> {
    return toContainerDetails(
      await this.call(`inspect container ${id.slice(0, 12)}`, () =>
        this.docker.getContainer(id).inspect(),
      ),
    );
  }

  async waitContainer(id: string, options: { nextExit?: boolean } = {}): Promise<number> {
    const result = (await this.call(`wait for container ${id.slice(0, 12)}`, () =>
      this.docker.getContainer(id).wait(options.nextExit ? { condition: 'next-exit' } : {}),
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
    await this.call(`connect to network ${network}`, () =>
      this.docker
        .getNetwork(network)
        .connect({ Container: container, EndpointConfig: { Aliases: endpoint.aliases, ...ipam } }),
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
    const stream = (await this.call(
      `logs of ${id.slice(0, 12)}`,
      () =>
        // dockerode returns a stream with follow and a buffer without; asking for a stream both ways.
        new Promise<NodeJS.ReadableStream>((resolve, reject) => {
          this.docker.modem.dial(
            {
              path: `/containers/${id}/logs?`,
              method: 'GET',
              options: query,
              isStream: true,
              statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
              ...(options.signal ? { abortSignal: options.signal } : {}),
            },
            (err: unknown, res: unknown) =>
              err ? reject(err) : resolve(res as NodeJS.ReadableStream),
          );
        }),
    )) as NodeJS.ReadableStream & { destroy(): void };
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
    const top = (await this.call(`top of ${id.slice(0, 12)}`, () =>
      this.docker.getContainer(id).top(),
    )) as { Titles: string[]; Processes: string[][] };
    return { titles: top.Titles, processes: top.Processes ?? [] };
  }

  async exec(
    id: string,
    spec: ExecSpec,
    io: AttachIo,
    onResize?: (resize: (rows: number, cols: number) => void) => void,
  ): Promise<number> {
    const exec = await this.call(`exec in ${id.slice(0, 12)}`, () =>
      this.docker.getContainer(id).exec({
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
    const stream = await this.call('start exec', () =>
      exec.start({ hijack: true, stdin: spec.stdin, Tty: spec.tty }),
    );
    await pipeSession(stream, spec.tty, spec.stdin, io);
    onResize?.((rows, cols) => void exec.resize({ h: rows, w: cols }).catch(() => undefined));
    await new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    const info = await this.call('inspect exec', () => exec.inspect());
    return info.ExitCode ?? 0;
  }

  async attach(
    id: string,
    options: { stdin: boolean; tty: boolean },
    io: AttachIo,
  ): Promise<{ done: Promise<void>; resize(rows: number, cols: number): Promise<void> }> {
    const container = this.docker.getContainer(id);
    const stream = (await this.call(`attach to ${id.slice(0, 12)}`, () =>
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

  async listNetworks(labels: readonly string[]): Promise<NetworkSummary[]> {
    const list = await this.call('list networks', () =>
      this.docker.listNetworks({ filters: { label: [...labels] } }),
    );
    return list.map(toNetworkSummary);
  }

  async findNetworks(name: string): Promise<NetworkSummary[]> {
    // The engine's name filter matches parts of names: keep the exact ones.
    const list = await this.call(`list networks named ${name}`, () =>
      this.docker.listNetworks({ filters: { name: [name] } }),
    );
    return list.filter((n) => n.Name === name).map(toNetworkSummary);
  }

  async inspectNetwork(name: string): Promise<NetworkSummary | undefined> {
    try {
      return toNetworkSummary(
        await this.call(`inspect network ${name}`, () => this.docker.getNetwork(name).inspect()),
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'NotFoundError') return undefined;
      throw err;
    }
  }

  async createNetwork(spec: NetworkSpec): Promise<string> {
    const network = await this.call(`create network ${spec.name}`, () =>
      this.docker.createNetwork({
        Name: spec.name,
        CheckDuplicate: true,
        Driver: spec.driver ?? 'bridge',
        Labels: spec.labels,
        Internal: spec.internal ?? false,
        Attachable: spec.attachable ?? false,
        EnableIPv6: spec.enableIpv6 ?? false,
        Options: spec.driverOpts ?? {},
        ...(spec.ipam
          ? {
              IPAM: {
                Driver: spec.ipam.driver ?? 'default',
                Config: spec.ipam.config.map((c) => ({
                  Subnet: c.subnet,
                  IPRange: c.ipRange,
                  Gateway: c.gateway,
                })),
              },
            }
          : {}),
      }),
    );
    return network.id;
  }

  async removeNetwork(name: string): Promise<void> {
    await this.call(`remove network ${name}`, () =>
      this.docker
        .getNetwork(name)
        .remove()
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) throw err;
        }),
    );
  }

  async listVolumes(labels: readonly string[]): Promise<VolumeSummary[]> {
    const list = await this.call('list volumes', () =>
      this.docker.listVolumes({ filters: { label: [...labels] } }),
    );
    return (list.Volumes ?? []).map(toVolumeSummary);
  }

  async inspectVolume(name: string): Promise<VolumeSummary | undefined> {
    try {
      return toVolumeSummary(
        await this.call(`inspect volume ${name}`, () => this.docker.getVolume(name).inspect()),
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'NotFoundError') return undefined;
      throw err;
    }
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    await this.call(`create volume ${spec.name}`, () =>
      this.docker.createVolume({
        Name: spec.name,
        Driver: spec.driver ?? 'local',
        DriverOpts: spec.driverOpts ?? {},
        Labels: spec.labels,
      }),
    );
  }

  async removeVolume(name: string): Promise<void> {
    await this.call(`remove volume ${name}`, () =>
      this.docker
        .getVolume(name)
        .remove()
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) throw err;
        }),
    );
  }

  async inspectImage(ref: string): Promise<ImageDetails | undefined> {
    try {
      const info = await this.call(`inspect image ${ref}`, () =>
        this.docker.getImage(ref).inspect(),
      );
      return { id: info.Id, tags: info.RepoTags ?? [], created: info.Created };
    } catch (err) {
      if ((err as { name?: string }).name === 'NotFoundError') return undefined;
      throw err;
    }
  }

  async pullImage(
    ref: string,
    onProgress?: (p: PullProgress) => void,
    auth?: RegistryAuth,
  ): Promise<void> {
    const stream = (await this.call(`pull ${ref}`, () =>
      this.docker.pull(ref, auth ? { authconfig: auth } : {}),
    )) as NodeJS.ReadableStream;
    await this.follow(`pull ${ref}`, stream, (m) => onProgress?.(progressOf(m)));
  }

  async pushImage(
    ref: string,
    onProgress?: (p: PushProgress) => void,
    auth?: RegistryAuth,
  ): Promise<void> {
    const { name, tag } = splitReference(ref);
    const stream = (await this.call(`push ${ref}`, () =>
      this.docker.getImage(name).push({
        tag,
        // The engine insists on a registry auth header, even an empty one.
        authconfig: auth ?? { serveraddress: '' },
      }),
    )) as NodeJS.ReadableStream;
    await this.follow(`push ${ref}`, stream, (m) => onProgress?.(progressOf(m)));
  }

  async listImages(
    query: { labels?: readonly string[]; dangling?: boolean } = {},
  ): Promise<ImageSummary[]> {
    const filters: Record<string, string[]> = {};
    if (query.labels?.length) filters.label = [...query.labels];
    if (query.dangling) filters.dangling = ['true'];
    const list = await this.call('list images', () => this.docker.listImages({ filters }));
    return list.map((i) => toImageSummary(i as unknown as RawImage));
  }

  async diskUsage(): Promise<DiskUsage> {
    const df = (await this.call('disk usage', () => this.docker.df())) as RawDiskUsage;
    return toDiskUsage(df);
  }

  async pruneBuildCache(options: BuildCachePrune): Promise<number> {
    await this.connect();
    const filters: Record<string, string[]> = {};
    if (options.until) filters.until = [options.until];
    if (options.ids?.length) filters.id = [...options.ids];
    const query: Record<string, unknown> = {};
    if (options.all) query.all = true;
    if (options.keepStorageBytes !== undefined) query['keep-storage'] = options.keepStorageBytes;
    if (Object.keys(filters).length) query.filters = JSON.stringify(filters);
    // dockerode's pruneBuilder sends no query string: the request is made here.
    const answer = await new Promise<{ SpaceReclaimed?: number }>((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: '/build/prune?',
          method: 'POST',
          options: query,
          statusCodes: { 200: true, 500: 'server error' },
        },
        (err: unknown, data: unknown) =>
          err
            ? reject(toEngineError(err, this.endpoint, 'prune build cache'))
            : resolve((data ?? {}) as { SpaceReclaimed?: number }),
      );
    });
    return answer.SpaceReclaimed ?? 0;
  }

  async checkAuth(auth: RegistryAuth): Promise<{ status: string; identityToken?: string }> {
    const r = (await this.call(`log in to ${auth.serveraddress}`, () =>
      this.docker.checkAuth(auth),
    )) as { Status?: string; IdentityToken?: string };
    return {
      status: r.Status ?? '',
      ...(r.IdentityToken ? { identityToken: r.IdentityToken } : {}),
    };
  }

  async buildImage(request: BuildRequest, onEvent: (e: BuildEvent) => void): Promise<string> {
    await this.connect();
    const modem = this.docker.modem as { version?: string };
    // A connection kept alive from an earlier request and reused for /build can stall or mix
    // streams: builds get a client of their own that closes its connection.
    this.builds ??= createDocker(this.endpoint, { headers: { Connection: 'close' } });
    (this.builds.modem as { version?: string }).version = modem.version;
    const options = buildQuery(request);
    // protobufjs is loaded by builds only: the other commands start faster without it.
    const { decodeStatus } = await import('./buildkit-status.js');
    const stream = (await this.call('build', () =>
      this.builds!.buildImage(request.context, options as Docker.ImageBuildOptions),
    )) as NodeJS.ReadableStream;
    let imageId: string | undefined;
    await this.follow('build', stream, (m) => {
      if (m.id === 'moby.buildkit.trace' && typeof m.aux === 'string') {
        for (const e of decodeStatus(m.aux)) onEvent(e);
      } else if (m.id === 'moby.image.id' || (m.aux && !m.id)) {
        const id = (m.aux as { ID?: string } | undefined)?.ID;
        if (id) imageId = id;
      } else if (typeof m.stream === 'string') {
        const built = /^Successfully built ([0-9a-f]+)/.exec(m.stream);
        if (built) imageId ??= built[1];
        for (const line of m.stream.split('\n'))
          if (line.trim()) onEvent({ type: 'classic', text: line });
      }
    });
    if (!imageId) {
      const image = await this.inspectImage(request.tags[0] ?? '');
      if (!image) throw new EngineError('build: the engine reported no image', undefined);
      imageId = image.id;
    }
    return imageId;
  }

  private async follow(
    action: string,
    stream: NodeJS.ReadableStream,
    onMessage: (m: JsonMessage) => void,
  ): Promise<void> {
    try {
      await readJsonStream(stream, onMessage);
    } catch (err) {
      if (err instanceof StreamError) {
        const status = /not found|manifest unknown|does not exist|no such/i.test(err.message)
          ? 404
          : 500;
        throw toEngineError(
          { statusCode: status, json: { message: err.message } },
          this.endpoint,
          action,
        );
      }
      throw toEngineError(err, this.endpoint, action);
    }
  }

  async removeImage(ref: string): Promise<void> {
    await this.call(`remove image ${ref}`, () =>
      this.docker
        .getImage(ref)
        .remove()
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) throw err;
        }),
    );
  }

  async streamEvents(
    filters: Record<string, string[]>,
    onEvent: (e: EngineEvent) => void,
  ): Promise<EventStream> {
    const stream = (await this.call('watch events', () =>
      this.docker.getEvents({ filters }),
    )) as NodeJS.ReadableStream & { destroy(): void };
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const e = JSON.parse(line) as {
          Type: string;
          Action: string;
          Actor: { ID: string; Attributes?: Record<string, string> };
          time: number;
        };
        onEvent({
          type: e.Type,
          action: e.Action,
          id: e.Actor.ID,
          attributes: e.Actor.Attributes ?? {},
          time: e.time,
        });
      }
    });
    stream.on('error', () => undefined);
    return { close: () => stream.destroy() };
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
    io.stdin.on('end', () => (stream as unknown as { end(): void }).end());
  }
}
