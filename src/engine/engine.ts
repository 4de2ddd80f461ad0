/**
 * The engine port: everything stager asks of a container engine, in stager's own types.
 * Only src/engine/docker/ knows how dockerode spells these; ops and tests depend on this file alone.
 */
import type { Endpoint } from './endpoint.js';

export interface EngineVersion {
  /** Engine (server) version, e.g. `28.2.2`. */
  version: string;
  /** API version the engine speaks at most. */
  apiVersion: string;
  /** Oldest API version the engine accepts. */
  minApiVersion: string;
  /** API version negotiated for this connection. */
  negotiatedApiVersion: string;
  os: string;
  arch: string;
  kernelVersion: string;
  /** The engine accepts BuildKit builds (`/build?version=2`): Linux engines since API 1.39. */
  buildkit: boolean;
  /** The builder the engine uses when a client does not choose (`Builder-Version` of `/_ping`). */
  defaultBuilder: 'buildkit' | 'classic';
}

export type ContainerState =
  'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export type HealthState = 'healthy' | 'unhealthy' | 'starting' | 'none';

export interface PortBinding {
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  hostIp?: string;
  hostPort?: number;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  /** The engine's human status, e.g. `Up 3 minutes (healthy)`. */
  status: string;
  health: HealthState;
  /** For exited containers, the code they exited with. */
  exitCode?: number;
  createdAt: Date;
  labels: Readonly<Record<string, string>>;
  ports: readonly PortBinding[];
  /** The command line as the engine lists it (entrypoint and command joined). */
  command?: string;
  /** Names of the networks it is attached to. */
  networks?: readonly string[];
  /** Its mounts: a volume by its name, a bind by its source; `local` volumes counted apart. */
  mounts?: readonly { name: string; driver: string }[];
}

/** One reading of a container's resource use, in the docker CLI's terms. */
export interface ContainerStats {
  cpuPercent: number;
  memUsage: number;
  memLimit: number;
  memPercent: number;
  netRx: number;
  netTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

export interface CommitOptions {
  repository?: string;
  tag?: string;
  comment?: string;
  author?: string;
  /** Pause the container while its files are read (the engine's default). */
  pause?: boolean;
  /** Dockerfile instructions applied to the image (`CMD ...`, `ENV A=b`). */
  changes?: readonly string[];
}

/** A path in a container, as the engine's archive endpoint describes it. */
export interface PathStat {
  name: string;
  size: number;
  isDir: boolean;
  /** Where a symbolic link points; empty for anything else. */
  linkTarget: string;
}

export interface ContainerQuery {
  /** Label filters as `key=value` or `key`; all must match. */
  labels?: readonly string[];
  /** Include stopped containers. */
  all?: boolean;
}

/** The engine, by resource: each part is implemented by its own client in src/engine/docker/. */
export interface Engine extends ContainerOps, NetworkOps, VolumeOps, ImageOps, BuildOps, SystemOps {
  /** Where this engine is reached, for messages. */
  readonly endpoint: Endpoint;
}

export interface MountSpec {
  type: 'bind' | 'volume' | 'tmpfs';
  source?: string;
  target: string;
  readOnly?: boolean;
  bindPropagation?: string;
  noCopy?: boolean;
  subpath?: string;
  tmpfsSize?: number;
  tmpfsMode?: number;
}

export interface EndpointSpec {
  /** The engine's network name (`<project>_default`). */
  network: string;
  aliases: string[];
  /** `container:alias` names this container alone resolves (compose `links`). */
  links?: string[];
  ipv4Address?: string;
  ipv6Address?: string;
}

export interface HealthcheckSpec {
  /** `["NONE"]` turns off the image's healthcheck. */
  test: string[];
  intervalNs?: number;
  timeoutNs?: number;
  retries?: number;
  startPeriodNs?: number;
  startIntervalNs?: number;
}

/** Everything stager sets on a container it creates. */
export interface ContainerSpec {
  name: string;
  image: string;
  platform?: string;
  command?: string[];
  entrypoint?: string[];
  env: string[];
  labels: Record<string, string>;
  workingDir?: string;
  user?: string;
  hostname?: string;
  domainname?: string;
  tty?: boolean;
  openStdin?: boolean;
  attachStdin?: boolean;
  stopSignal?: string;
  stopTimeoutSeconds?: number;
  healthcheck?: HealthcheckSpec;
  exposedPorts: string[];
  portBindings: Record<string, { hostIp?: string; hostPort?: string }[]>;
  mounts: MountSpec[];
  /** `bridge`, `host`, `none`, `container:<id>`; unset joins `endpoints`. */
  networkMode?: string;
  /** The first is joined at creation, the others right after. */
  endpoints: EndpointSpec[];
  restart?: { name: string; maxRetries?: number };
  init?: boolean;
  privileged?: boolean;
  readOnly?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  devices?: { host: string; container: string; permissions: string }[];
  ulimits?: { name: string; soft: number; hard: number }[];
  shmSizeBytes?: number;
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  extraHosts?: string[];
  pid?: string;
  ipc?: string;
  sysctls?: Record<string, string>;
  logging?: { driver: string; options: Record<string, string> };
  securityOpt?: string[];
  groupAdd?: string[];
  tmpfs?: Record<string, string>;
  volumesFrom?: string[];
  memoryBytes?: number;
  nanoCpus?: number;
  pidsLimit?: number;
  cpuShares?: number;
  oomScoreAdj?: number;
  cgroupParent?: string;
  macAddress?: string;
}

export interface ContainerDetails {
  id: string;
  name: string;
  image: string;
  imageId: string;
  labels: Readonly<Record<string, string>>;
  state: ContainerState;
  running: boolean;
  exitCode: number;
  health: HealthState;
  /** Output of the last health probes, newest last. */
  healthLog: string[];
  startedAt: string;
  finishedAt: string;
  restartCount: number;
  tty: boolean;
  /** Published ports as the engine bound them. */
  ports: PortBinding[];
  /** What is mounted: a volume by its name (a 64-hex name is an anonymous volume). */
  mounts: { type: string; name?: string; destination: string }[];
}

export interface NetworkSpec {
  name: string;
  driver?: string;
  labels: Record<string, string>;
  internal?: boolean;
  attachable?: boolean;
  enableIpv6?: boolean;
  driverOpts?: Record<string, string>;
  ipam?: { driver?: string; config: { subnet?: string; ipRange?: string; gateway?: string }[] };
}

export interface NetworkSummary {
  id: string;
  name: string;
  /** When the engine made it (RFC 3339): of two networks named alike, the older is kept. */
  created: string;
  labels: Readonly<Record<string, string>>;
  /** Containers attached, by id. */
  containers: string[];
}

export interface VolumeSpec {
  name: string;
  driver?: string;
  driverOpts?: Record<string, string>;
  labels: Record<string, string>;
}

export interface VolumeSummary {
  name: string;
  labels: Readonly<Record<string, string>>;
  mountpoint: string;
}

export interface ImageDetails {
  id: string;
  tags: string[];
  created: string;
  size?: number;
  /** `os/arch[/variant]`. */
  platform?: string;
  /** When a tag last moved to it (RFC 3339); empty when the engine does not say. */
  lastTagTime?: string;
  labels?: Readonly<Record<string, string>>;
}

export interface ImageSummary {
  id: string;
  /** `repo:tag` names; empty for a dangling image. */
  tags: string[];
  labels: Readonly<Record<string, string>>;
  created: Date;
  size: number;
  /** Bytes only this image holds (its size less the layers it shares). */
  uniqueSize: number;
  /** Containers using it; -1 when the engine did not count. */
  containers: number;
}

export interface DiskUsage {
  images: ImageSummary[];
  /** Bytes all image layers take, each shared layer counted once. */
  layersSize: number;
  containers: {
    id: string;
    name: string;
    labels: Readonly<Record<string, string>>;
    state: string;
    /** Bytes the container wrote on top of its image. */
    size: number;
    /** Named volumes it mounts. */
    volumes: string[];
    imageId: string;
  }[];
  volumes: {
    name: string;
    labels: Readonly<Record<string, string>>;
    size: number;
    /** Containers that mount it. */
    refCount: number;
  }[];
  buildCache: {
    id: string;
    type: string;
    description: string;
    size: number;
    inUse: boolean;
    shared: boolean;
    lastUsedAt?: Date;
  }[];
}

export interface BuildCachePrune {
  /** Remove every unused record, not only dangling ones. */
  all?: boolean;
  keepStorageBytes?: number;
  /** Only records unused for this long, e.g. `24h`. */
  until?: string;
  /** Only these records. */
  ids?: readonly string[];
}

export interface PullProgress {
  /** Layer id, or empty for messages about the whole image. */
  id: string;
  status: string;
  current?: number;
  total?: number;
}

export interface BuildRequest {
  /** The build context as a tar stream. */
  context: NodeJS.ReadableStream;
  /** The Dockerfile's path inside the context. */
  dockerfile: string;
  tags: readonly string[];
  args?: Readonly<Record<string, string>>;
  target?: string;
  labels?: Readonly<Record<string, string>>;
  network?: string;
  shmSizeBytes?: number;
  extraHosts?: readonly string[];
  cacheFrom?: readonly string[];
  platform?: string;
  /** Pull newer versions of the base images. */
  pull?: boolean;
  noCache?: boolean;
  /** BuildKit (`version=2`) or the classic builder. */
  builder: 'buildkit' | 'classic';
  /** Credentials per registry host, for base images from private registries. */
  auth?: Readonly<Record<string, RegistryAuth>>;
}

export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

/** What a build reports: BuildKit's vertexes, statuses, logs and warnings, or a classic line. */
export type BuildEvent =
  | {
      type: 'vertex';
      digest: string;
      name: string;
      cached: boolean;
      started?: Date;
      completed?: Date;
      error?: string;
    }
  | { type: 'log'; vertex: string; stream: number; text: string }
  | { type: 'status'; vertex: string; id: string; current: number; total: number }
  | { type: 'warning'; vertex: string; message: string }
  | { type: 'classic'; text: string };

export interface PushProgress {
  /** Layer id, or empty for messages about the whole image. */
  id: string;
  status: string;
  current?: number;
  total?: number;
}

export interface EngineEvent {
  type: string;
  action: string;
  id: string;
  attributes: Readonly<Record<string, string>>;
  time: number;
  /** Nanoseconds since the epoch, as the engine's digits (a number would round them). */
  timeNano?: string;
}

export interface EventStream {
  close(): void;
  /** Settles when the engine ends the stream (at `until`) or it is closed. */
  readonly done: Promise<void>;
}

export interface EventWindow {
  /** Replay from this time (RFC 3339, Unix seconds, or a duration such as `10m`). */
  since?: string;
  /** End the stream at this time. */
  until?: string;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface LogOptions {
  follow?: boolean;
  tail?: number | 'all';
  since?: string;
  until?: string;
  timestamps?: boolean;
  /** The container allocated a TTY: its stream is raw, not multiplexed. */
  tty: boolean;
  /** Aborts the request, answered or not (an engine may send nothing before the first line). */
  signal?: AbortSignal;
}

export interface LogStream {
  /** Resolves when the stream ends (the container stopped, or `close()` was called). */
  done: Promise<void>;
  close(): void;
}

export interface ExecSpec {
  command: string[];
  user?: string;
  workingDir?: string;
  env?: string[];
  tty: boolean;
  stdin: boolean;
  privileged?: boolean;
}

export interface AttachIo {
  stdin?: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface ContainerOps {
  listContainers(query: ContainerQuery): Promise<ContainerSummary[]>;
  /** What is at `path` in the container; undefined when nothing is. */
  statPath(id: string, path: string): Promise<PathStat | undefined>;
  /** A tar of `path` in the container, its root entry named as the path's last element. */
  getArchive(id: string, path: string): Promise<NodeJS.ReadableStream>;
  /** Unpacks a tar into the folder `path` of the container; owners kept with `copyUidGid`. */
  putArchive(
    id: string,
    path: string,
    tar: NodeJS.ReadableStream,
    options?: { copyUidGid?: boolean },
  ): Promise<void>;
  createContainer(spec: ContainerSpec): Promise<string>;
  /** An image of the container's files and settings; its id. */
  commitContainer(id: string, options: CommitOptions): Promise<string>;
  /** The container's files as one tar. */
  exportContainer(id: string): Promise<NodeJS.ReadableStream>;
  /** One reading of its resource use (the engine takes two samples a second apart for CPU). */
  containerStats(id: string): Promise<ContainerStats>;
  startContainer(id: string): Promise<void>;
  /** Already stopped is success. */
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  /**
   * Whether the container's PID 1 drops its stop signal (a shell without a trap), so that a stop
   * would only wait out its grace period; false when that cannot be known (a remote engine).
   */
  stopSignalIsDropped(id: string): Promise<boolean>;
  killContainer(id: string, signal?: string): Promise<void>;
  removeContainer(id: string, options?: { force?: boolean; volumes?: boolean }): Promise<void>;
  pauseContainer(id: string): Promise<void>;
  unpauseContainer(id: string): Promise<void>;
  inspectContainer(id: string): Promise<ContainerDetails>;
  /** The exit code; `nextExit` for a container not started yet (else a created one counts as exited). */
  waitContainer(id: string, options?: { nextExit?: boolean }): Promise<number>;
  connectNetwork(network: string, container: string, endpoint: EndpointSpec): Promise<void>;
  containerLogs(
    id: string,
    options: LogOptions,
    onLine: (line: LogLine) => void,
  ): Promise<LogStream>;
  topContainer(id: string): Promise<{ titles: string[]; processes: string[][] }>;
  /** Runs a command in a running container; resolves to its exit code. */
  exec(
    id: string,
    spec: ExecSpec,
    io: AttachIo,
    onResize?: (resize: (rows: number, cols: number) => void) => void,
  ): Promise<number>;
  /** Attaches to a created container before it starts (`run` in the foreground). */
  attach(
    id: string,
    options: { stdin: boolean; tty: boolean },
    io: AttachIo,
  ): Promise<{ done: Promise<void>; resize(rows: number, cols: number): Promise<void> }>;
}

export interface NetworkOps {
  listNetworks(labels: readonly string[]): Promise<NetworkSummary[]>;
  /** By id, or by a name that only one network has. */
  inspectNetwork(idOrName: string): Promise<NetworkSummary | undefined>;
  /** Every network of exactly this name (engines before 25 allow several). */
  findNetworks(name: string): Promise<NetworkSummary[]>;
  createNetwork(spec: NetworkSpec): Promise<string>;
  removeNetwork(name: string): Promise<void>;
}

export interface VolumeOps {
  listVolumes(labels: readonly string[]): Promise<VolumeSummary[]>;
  inspectVolume(name: string): Promise<VolumeSummary | undefined>;
  createVolume(spec: VolumeSpec): Promise<void>;
  removeVolume(name: string): Promise<void>;
}

export interface ImageOps {
  inspectImage(ref: string): Promise<ImageDetails | undefined>;
  pullImage(
    ref: string,
    onProgress?: (p: PullProgress) => void,
    auth?: RegistryAuth,
  ): Promise<void>;
  pushImage(
    ref: string,
    onProgress?: (p: PushProgress) => void,
    auth?: RegistryAuth,
  ): Promise<void>;
  /** Images, all or those matching every label filter; `dangling` for untagged ones only. */
  listImages(query?: { labels?: readonly string[]; dangling?: boolean }): Promise<ImageSummary[]>;
  removeImage(ref: string): Promise<void>;
  /** Asks the engine to log in to a registry with these credentials; rejects when refused. */
  checkAuth(auth: RegistryAuth): Promise<{ status: string; identityToken?: string }>;
}

export interface BuildOps {
  /** Builds and tags an image; resolves to its id. */
  buildImage(request: BuildRequest, onEvent: (e: BuildEvent) => void): Promise<string>;
  /** Removes build cache records; resolves to the bytes freed. */
  pruneBuildCache(options: BuildCachePrune): Promise<number>;
}

export interface SystemOps {
  /** The API version this connection speaks, learned from the ping every connection starts with. */
  negotiatedApiVersion(): Promise<string>;
  inspectVersion(): Promise<EngineVersion>;
  /** What images, containers, volumes and the build cache take on disk. */
  diskUsage(): Promise<DiskUsage>;
  streamEvents(
    filters: Record<string, string[]>,
    onEvent: (e: EngineEvent) => void,
    window?: EventWindow,
  ): Promise<EventStream>;
}
