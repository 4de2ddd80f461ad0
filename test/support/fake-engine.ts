/**
 * An engine in memory, for unit tests of ops: containers with their states and health, networks,
 * volumes, images and an event stream, behaving as the real engines do where stager relies on it
 * (test/support/engine-contract.ts holds it to that, and runs the same cases on both real
 * engines). A container's command decides what it does: `sh -c "exit N"` exits with N at once,
 * anything else runs until stopped. A healthcheck of `true` turns healthy after one interval,
 * `false` unhealthy after its retries.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import tarFs from 'tar-fs';
import { extract } from 'tar-stream';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { ConflictError, NotFoundError, PortInUseError } from '../../src/errors.js';
import type {
  BuildEvent,
  PathStat,
  CommitOptions,
  ContainerStats,
  PortBinding,
  BuildRequest,
  ContainerDetails,
  ContainerQuery,
  ContainerSpec,
  ContainerState,
  ContainerSummary,
  DiskUsage,
  Engine,
  EngineEvent,
  EngineVersion,
  EventStream,
  HealthState,
  ImageDetails,
  ImageSummary,
  LogLine,
  LogStream,
  NetworkSpec,
  NetworkSummary,
  VolumeSpec,
  VolumeSummary,
} from '../../src/engine/engine.js';

interface FakeContainer {
  id: string;
  spec: ContainerSpec;
  state: ContainerState;
  exitCode: number;
  health: HealthState;
  healthLog: string[];
  startedAt: string;
  finishedAt: string;
  created: Date;
  networks: Set<string>;
  timers: NodeJS.Timeout[];
  exited: (() => void)[];
  logs: LogLine[];
  anonymous: Map<string, string>;
}

interface FakeNetwork extends NetworkSummary {
  spec: NetworkSpec;
}

interface Subscriber {
  filters: Record<string, string[]>;
  onEvent: (e: EngineEvent) => void;
}

export interface FakeEngineOptions {
  /** Images present at the start, by reference. */
  images?: readonly string[];
  /** Images a pull finds. */
  registry?: readonly string[];
  /** Engines before 25 accept two networks of one name. */
  duplicateNetworkNames?: boolean;
  apiVersion?: string;
  /** An engine without BuildKit (classic builder only). */
  noBuildkit?: boolean;
  /**
   * Run stager's helper containers (the data ops' tar scripts) on this machine, each mount
   * target in the script rewritten to the folder it stands for; volumes are folders under here.
   */
  volumeRoot?: string;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const normalRef = (ref: string): string => (ref.includes(':') ? ref : `${ref}:latest`);

/** What a running container's ports look like in a listing: an empty host port is taken from 32768 up. */
let nextEphemeral = 32768;
function publishedPorts(spec: ContainerSpec): PortBinding[] {
  return Object.entries(spec.portBindings).flatMap(([key, bindings]) => {
    const [port, protocol = 'tcp'] = key.split('/');
    return bindings.map((b) => ({
      containerPort: Number(port),
      protocol: protocol as PortBinding['protocol'],
      hostIp: b.hostIp || '0.0.0.0',
      hostPort: b.hostPort ? Number(b.hostPort) : nextEphemeral++,
    }));
  });
}

/** The files of a tar stream, as text. */
function readTar(stream: NodeJS.ReadableStream): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, string>();
    const tar = extract();
    tar.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: Buffer) => chunks.push(c));
      body.on('end', () => {
        files.set(header.name.replace(/^\.\//, ''), Buffer.concat(chunks).toString('utf8'));
        next();
      });
      body.resume();
    });
    tar.on('finish', () => resolve(files));
    tar.on('error', reject);
    stream.pipe(tar);
  });
}

/**
 * `sh -c "exit 3"` and its kin: the exit code the command asks for, if it asks for one. A helper
 * container (snapshot, reset) does its job and exits 0.
 */
function exitCodeOf(spec: ContainerSpec): number | undefined {
  if (spec.labels['dev.stager.helper'] === 'true') return 0;
  const words = [...(spec.entrypoint ?? []), ...(spec.command ?? [])].join(' ');
  const m = /^(?:sh -c )?exit (\d+)$/.exec(words.trim());
  return m ? Number(m[1]) : undefined;
}

export class FakeEngine implements Engine {
  readonly endpoint = { url: 'fake://engine', source: 'test', kind: 'unix' } as Engine['endpoint'];
  readonly containers = new Map<string, FakeContainer>();
  readonly networks = new Map<string, FakeNetwork>();
  readonly volumes = new Map<string, VolumeSummary & { created: Date }>();
  readonly images = new Map<string, ImageDetails>();
  /** Every call made, by method name: what an op asked of the engine. */
  readonly calls: string[] = [];
  private readonly registry: Set<string>;
  private readonly subscribers = new Set<Subscriber>();
  private readonly options: FakeEngineOptions;

  constructor(options: FakeEngineOptions = {}) {
    this.options = options;
    this.registry = new Set((options.registry ?? []).map(normalRef));
    for (const ref of options.images ?? ['busybox:1.36']) this.addImage(ref);
    this.networks.set('bridge', {
      id: hex(32),
      name: 'bridge',
      created: new Date(0).toISOString(),
      labels: {},
      containers: [],
      spec: { name: 'bridge', labels: {} },
    });
  }

  addImage(ref: string): ImageDetails {
    const image = {
      id: `sha256:${hex(32)}`,
      tags: [normalRef(ref)],
      created: new Date().toISOString(),
    };
    this.images.set(normalRef(ref), image);
    return image;
  }

  /** A line the container printed, for `logs`. */
  log(id: string, text: string, stream: LogLine['stream'] = 'stdout'): void {
    this.container(id, 'log').logs.push({ stream, text });
  }

  async negotiatedApiVersion(): Promise<string> {
    return this.options.apiVersion ?? '1.51';
  }

  async inspectVersion(): Promise<EngineVersion> {
    const api = await this.negotiatedApiVersion();
    return {
      version: '28.5.2',
      apiVersion: api,
      minApiVersion: '1.24',
      negotiatedApiVersion: api,
      os: 'linux',
      arch: 'amd64',
      kernelVersion: 'fake',
      buildkit: !this.options.noBuildkit,
      defaultBuilder: this.options.noBuildkit ? 'classic' : 'buildkit',
    };
  }

  // ---- containers

  private container(idOrName: string, action: string): FakeContainer {
    this.calls.push(action);
    const found =
      this.containers.get(idOrName) ??
      [...this.containers.values()].find(
        (c) => c.spec.name === idOrName || (idOrName.length >= 12 && c.id.startsWith(idOrName)),
      );
    if (!found)
      throw new NotFoundError(`${action} ${idOrName.slice(0, 12)}: No such container: ${idOrName}`);
    return found;
  }

  private emit(type: string, action: string, id: string, attributes: Record<string, string>): void {
    const event: EngineEvent = {
      type,
      action,
      id,
      attributes,
      time: Math.floor(Date.now() / 1000),
      timeNano: `${BigInt(Date.now()) * 1_000_000n}`,
    };
    for (const s of this.subscribers) if (matches(s.filters, event)) s.onEvent(event);
  }

  private emitContainer(
    c: FakeContainer,
    action: string,
    extra: Record<string, string> = {},
  ): void {
    this.emit('container', action, c.id, { ...c.spec.labels, name: c.spec.name, ...extra });
  }

  async listContainers(query: ContainerQuery): Promise<ContainerSummary[]> {
    this.calls.push('listContainers');
    return [...this.containers.values()]
      .filter((c) => query.all || c.state === 'running' || c.state === 'paused')
      .filter((c) => (query.labels ?? []).every((l) => hasLabel(c.spec.labels, l)))
      .map((c) => ({
        id: c.id,
        name: c.spec.name,
        image: c.spec.image,
        state: c.state,
        status: c.state,
        health: c.health,
        exitCode: c.exitCode,
        createdAt: c.created,
        labels: c.spec.labels,
        ports: c.state === 'running' ? publishedPorts(c.spec) : [],
        command: [...(c.spec.entrypoint ?? []), ...(c.spec.command ?? [])].join(' '),
        networks: [...c.networks].map((id) => this.networks.get(id)?.name ?? id).sort(),
        mounts: c.spec.mounts
          .filter((m) => m.type !== 'tmpfs')
          .map((m) => ({
            name:
              m.type === 'volume'
                ? (m.source ?? c.anonymous.get(m.target) ?? '')
                : (m.source ?? ''),
            driver: m.type === 'volume' ? 'local' : '',
          })),
      }));
  }

  /** A container's own files: a folder under volumeRoot, made on first use. */
  private rootfs(id: string, action: string): string {
    const c = this.containers.get(id);
    if (!c) throw new NotFoundError(`${action}: No such container: ${id}`);
    if (!this.options.volumeRoot)
      throw new Error('the fake engine keeps files only with volumeRoot');
    const root = path.join(this.options.volumeRoot, '.containers', id);
    mkdirSync(root, { recursive: true });
    return root;
  }

  async statPath(id: string, inside: string): Promise<PathStat | undefined> {
    const at = path.join(this.rootfs(id, 'stat'), inside);
    try {
      const s = lstatSync(at);
      return {
        name: path.basename(inside),
        size: s.size,
        isDir: s.isDirectory(),
        linkTarget: s.isSymbolicLink() ? readlinkSync(at) : '',
      };
    } catch {
      return undefined;
    }
  }

  async getArchive(id: string, inside: string): Promise<NodeJS.ReadableStream> {
    const at = path.join(this.rootfs(id, 'copy from container'), inside);
    if (!existsSync(at))
      throw new NotFoundError(
        `copy ${inside}: Could not find the file ${inside} in container ${id}`,
      );
    return tarFs.pack(path.dirname(at), { entries: [path.basename(at)] });
  }

  async putArchive(id: string, inside: string, tar: NodeJS.ReadableStream): Promise<void> {
    const at = path.join(this.rootfs(id, 'copy to container'), inside);
    if (!existsSync(at))
      throw new NotFoundError(`copy to ${inside}: Could not find the file ${inside}`);
    await new Promise<void>((resolve, reject) => {
      const out = tarFs.extract(at);
      out.on('finish', resolve);
      out.on('error', reject);
      tar.pipe(out);
    });
  }

  async commitContainer(id: string, options: CommitOptions): Promise<string> {
    this.calls.push('commitContainer');
    if (!this.containers.has(id)) throw new NotFoundError(`commit: No such container: ${id}`);
    const ref = options.repository
      ? `${options.repository}:${options.tag ?? 'latest'}`
      : `sha256:${hex(32)}`;
    return this.addImage(ref).id;
  }

  /** A running container uses 1% CPU and 1 MiB per container number; a stopped one nothing. */
  async containerStats(id: string): Promise<ContainerStats> {
    const c = this.containers.get(id);
    if (!c) throw new NotFoundError(`stats: No such container: ${id}`);
    const n =
      c.state === 'running' ? Number(c.spec.labels['com.docker.compose.container-number'] ?? 1) : 0;
    return {
      cpuPercent: n,
      memUsage: n * 1024 * 1024,
      memLimit: 1024 * 1024 * 1024,
      memPercent: (n * 100) / 1024,
      netRx: n * 1000,
      netTx: n * 500,
      blockRead: 0,
      blockWrite: 0,
      pids: n,
    };
  }

  async exportContainer(id: string): Promise<NodeJS.ReadableStream> {
    return tarFs.pack(this.rootfs(id, 'export'));
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    this.calls.push('createContainer');
    if ([...this.containers.values()].some((c) => c.spec.name === spec.name))
      throw new ConflictError(
        `create container ${spec.name}: Conflict. The container name "/${spec.name}" is already in use`,
      );
    if (!this.images.has(normalRef(spec.image)))
      throw new NotFoundError(`create container ${spec.name}: No such image: ${spec.image}`);
    const sharedFrom = [
      ...(spec.volumesFrom ?? []).map((v) => v.split(':')[0]!),
      ...(spec.networkMode?.startsWith('container:') ? [spec.networkMode.slice(10)] : []),
    ];
    for (const source of sharedFrom)
      if (![...this.containers.values()].some((c) => c.spec.name === source || c.id === source))
        throw new NotFoundError(`create container ${spec.name}: No such container: ${source}`);
    const id = hex(32);
    const networks = new Set<string>();
    for (const e of spec.endpoints) networks.add(this.network(e.network, 'connect to network').id);
    this.containers.set(id, {
      id,
      spec,
      state: 'created',
      exitCode: 0,
      health: 'none',
      healthLog: [],
      startedAt: ZERO_TIME,
      finishedAt: ZERO_TIME,
      created: new Date(),
      networks,
      timers: [],
      exited: [],
      logs: [],
      // As the engine: a volume mount without a source gets a volume of its own, named by 64 hex digits.
      anonymous: new Map(
        spec.mounts.filter((m) => m.type === 'volume' && !m.source).map((m) => [m.target, hex(32)]),
      ),
    });
    this.emit('container', 'create', id, { ...spec.labels, name: spec.name });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.container(id, 'startContainer');
    if (c.state === 'running') return;
    for (const [port, bindings] of Object.entries(c.spec.portBindings)) {
      for (const b of bindings) {
        if (!b.hostPort) continue;
        const taken = [...this.containers.values()].some(
          (o) =>
            o !== c &&
            o.state === 'running' &&
            Object.values(o.spec.portBindings).some((bs) =>
              bs.some((x) => x.hostPort === b.hostPort),
            ),
        );
        if (taken)
          throw new PortInUseError(
            `start container ${id.slice(0, 12)}: Bind for 0.0.0.0:${b.hostPort} failed: port is already allocated (${port})`,
            Number(b.hostPort),
            500,
          );
      }
    }
    c.state = 'running';
    c.startedAt = new Date().toISOString();
    c.health = c.spec.healthcheck ? 'starting' : 'none';
    c.healthLog = [];
    this.emitContainer(c, 'start');
    if (this.options.volumeRoot && c.spec.labels['dev.stager.helper'] === 'true') {
      const ran = this.runHelperHere(c.spec);
      for (const text of ran.output) c.logs.push({ stream: 'stdout', text });
      c.timers.push(setTimeout(() => this.exit(c, ran.code), 1));
      return;
    }
    const code = exitCodeOf(c.spec);
    if (code !== undefined) {
      c.timers.push(setTimeout(() => this.exit(c, code), 5));
      return;
    }
    const check = c.spec.healthcheck;
    if (check && check.test[0] !== 'NONE') {
      const healthy = !check.test.slice(1).join(' ').includes('false');
      const interval = Math.max(1, (check.intervalNs ?? 30e9) / 1e6);
      const tries = healthy ? 1 : (check.retries ?? 3);
      c.timers.push(
        setTimeout(() => {
          if (c.state !== 'running') return;
          c.health = healthy ? 'healthy' : 'unhealthy';
          c.healthLog.push(healthy ? '' : 'check failed');
          this.emitContainer(c, `health_status: ${c.health}`);
        }, interval * tries),
      );
    }
  }

  /** Where a mount's source lives on this machine: a volume is a folder under volumeRoot. */
  private hostPathOf(mount: ContainerSpec['mounts'][number]): string {
    if (mount.type !== 'volume') return mount.source ?? '/nonexistent';
    const folder = path.join(this.options.volumeRoot!, mount.source ?? 'anonymous');
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  private runHelperHere(spec: ContainerSpec): { code: number; output: string[] } {
    let script = [...(spec.command ?? [])].join(' ');
    const mounts = [...spec.mounts].sort((a, b) => b.target.length - a.target.length);
    for (const m of mounts) {
      const target = m.target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      script = script.replace(new RegExp(`${target}(?=[/'" ]|$)`, 'gm'), this.hostPathOf(m));
    }
    const run = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l !== '');
    return { code: run.status ?? 1, output };
  }

  private exit(c: FakeContainer, code: number, signalled = false): void {
    if (c.state !== 'running' && c.state !== 'paused') return;
    for (const t of c.timers.splice(0)) clearTimeout(t);
    c.state = 'exited';
    c.exitCode = code;
    c.finishedAt = new Date().toISOString();
    if (c.health !== 'none') c.health = 'unhealthy';
    if (signalled) this.emitContainer(c, 'kill');
    this.emitContainer(c, 'die', { exitCode: String(code) });
    for (const fn of c.exited.splice(0)) fn();
  }

  async stopContainer(id: string, _timeoutSeconds?: number): Promise<void> {
    const c = this.container(id, 'stopContainer');
    if (c.state !== 'running' && c.state !== 'paused') return;
    this.exit(c, 143, true);
    this.emitContainer(c, 'stop');
  }

  async stopSignalIsDropped(id: string): Promise<boolean> {
    this.container(id, 'stopSignalIsDropped');
    return false;
  }

  async killContainer(id: string): Promise<void> {
    const c = this.container(id, 'killContainer');
    this.exit(c, 137, true);
  }

  async removeContainer(id: string, options: { force?: boolean } = {}): Promise<void> {
    let c: FakeContainer;
    try {
      c = this.container(id, 'removeContainer');
    } catch {
      return;
    }
    if ((c.state === 'running' || c.state === 'paused') && !options.force)
      throw new ConflictError(
        `remove container ${id.slice(0, 12)}: cannot remove container "/${c.spec.name}": container is running: stop the container before removing or force remove`,
      );
    if (c.state === 'running' || c.state === 'paused') this.exit(c, 137, true);
    this.containers.delete(c.id);
    this.emitContainer(c, 'destroy');
  }

  async pauseContainer(id: string): Promise<void> {
    const c = this.container(id, 'pauseContainer');
    if (c.state !== 'running')
      throw new ConflictError(`pause container ${id.slice(0, 12)}: container ${id} is not running`);
    c.state = 'paused';
    this.emitContainer(c, 'pause');
  }

  async unpauseContainer(id: string): Promise<void> {
    const c = this.container(id, 'unpauseContainer');
    if (c.state !== 'paused')
      throw new ConflictError(
        `unpause container ${id.slice(0, 12)}: container ${id} is not paused`,
      );
    c.state = 'running';
    this.emitContainer(c, 'unpause');
  }

  async inspectContainer(id: string): Promise<ContainerDetails> {
    const c = this.container(id, 'inspectContainer');
    return {
      id: c.id,
      name: c.spec.name,
      image: c.spec.image,
      imageId: this.images.get(normalRef(c.spec.image))?.id ?? '',
      labels: c.spec.labels,
      state: c.state,
      running: c.state === 'running' || c.state === 'paused',
      exitCode: c.exitCode,
      health: c.health,
      healthLog: [...c.healthLog],
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      restartCount: 0,
      tty: c.spec.tty ?? false,
      ports: [],
      mounts: c.spec.mounts.map((m) => ({
        type: m.type,
        ...(m.type === 'volume' ? { name: m.source ?? c.anonymous.get(m.target)! } : {}),
        destination: m.target,
      })),
    };
  }

  async waitContainer(id: string, options: { nextExit?: boolean } = {}): Promise<number> {
    const c = this.container(id, 'waitContainer');
    const running = c.state === 'running' || c.state === 'paused';
    if (!running && !(options.nextExit && c.state === 'created')) return c.exitCode;
    return new Promise((resolve) => c.exited.push(() => resolve(c.exitCode)));
  }

  async connectNetwork(network: string, container: string): Promise<void> {
    const c = this.container(container, 'connectNetwork');
    c.networks.add(this.network(network, 'connect to network').id);
  }

  async containerLogs(
    id: string,
    options: { tail?: number | 'all' },
    onLine: (line: LogLine) => void,
  ): Promise<LogStream> {
    const c = this.container(id, 'containerLogs');
    const tail = typeof options.tail === 'number' ? options.tail : undefined;
    for (const line of tail === undefined ? c.logs : c.logs.slice(-tail || c.logs.length))
      onLine(line);
    return { done: Promise.resolve(), close: () => undefined };
  }

  async topContainer(id: string): Promise<{ titles: string[]; processes: string[][] }> {
    this.container(id, 'topContainer');
    return { titles: ['PID', 'CMD'], processes: [] };
  }

  /** A command exits with what `sh -c "exit N"` asks for, else 0. */
  async exec(id: string, spec: { command: string[] }): Promise<number> {
    const c = this.container(id, 'exec');
    if (c.state !== 'running')
      throw new ConflictError(`exec in ${id.slice(0, 12)}: container ${id} is not running`);
    return exitCodeOf({ ...c.spec, entrypoint: [], command: spec.command }) ?? 0;
  }

  async attach(id: string): Promise<{ done: Promise<void>; resize(): Promise<void> }> {
    const c = this.container(id, 'attach');
    return {
      done: new Promise((resolve) => c.exited.push(resolve)),
      resize: async () => undefined,
    };
  }

  // ---- networks

  private network(idOrName: string, action: string): FakeNetwork {
    const byId = this.networks.get(idOrName);
    if (byId) return byId;
    const named = [...this.networks.values()].filter(
      (n) => n.name === idOrName || (idOrName.length >= 12 && n.id.startsWith(idOrName)),
    );
    if (named.length === 1) return named[0]!;
    if (named.length > 1)
      throw new ConflictError(
        `${action} ${idOrName}: network ${idOrName} is ambiguous (${named.length} matches found based on name)`,
      );
    throw new NotFoundError(`${action} ${idOrName}: network ${idOrName} not found`);
  }

  private networkSummary(n: FakeNetwork): NetworkSummary {
    const containers = [...this.containers.values()]
      .filter((c) => c.networks.has(n.id) && (c.state === 'running' || c.state === 'paused'))
      .map((c) => c.id);
    return { id: n.id, name: n.name, created: n.created, labels: n.labels, containers };
  }

  async listNetworks(labels: readonly string[]): Promise<NetworkSummary[]> {
    this.calls.push('listNetworks');
    return [...this.networks.values()]
      .filter((n) => labels.every((l) => hasLabel(n.labels, l)))
      .map((n) => this.networkSummary(n));
  }

  async findNetworks(name: string): Promise<NetworkSummary[]> {
    this.calls.push('findNetworks');
    return [...this.networks.values()]
      .filter((n) => n.name === name)
      .map((n) => this.networkSummary(n));
  }

  async inspectNetwork(idOrName: string): Promise<NetworkSummary | undefined> {
    this.calls.push('inspectNetwork');
    try {
      return this.networkSummary(this.network(idOrName, 'inspect network'));
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  async createNetwork(spec: NetworkSpec): Promise<string> {
    this.calls.push('createNetwork');
    const same = [...this.networks.values()].some((n) => n.name === spec.name);
    if (same && !this.options.duplicateNetworkNames)
      throw new ConflictError(
        `create network ${spec.name}: network with name ${spec.name} already exists`,
      );
    const id = hex(32);
    this.networks.set(id, {
      id,
      name: spec.name,
      created: new Date().toISOString(),
      labels: spec.labels,
      containers: [],
      spec,
    });
    this.emit('network', 'create', id, { ...spec.labels, name: spec.name });
    return id;
  }

  async removeNetwork(idOrName: string): Promise<void> {
    this.calls.push('removeNetwork');
    let n: FakeNetwork;
    try {
      n = this.network(idOrName, 'remove network');
    } catch (err) {
      if (err instanceof NotFoundError) return;
      throw err;
    }
    if (this.networkSummary(n).containers.length)
      throw new ConflictError(
        `remove network ${idOrName}: error while removing network: network ${n.name} id ${n.id} has active endpoints`,
      );
    this.networks.delete(n.id);
    for (const c of this.containers.values()) c.networks.delete(n.id);
    this.emit('network', 'destroy', n.id, { name: n.name });
  }

  // ---- volumes

  private volumeUsers(name: string): FakeContainer[] {
    return [...this.containers.values()].filter((c) =>
      c.spec.mounts.some((m) => m.type === 'volume' && m.source === name),
    );
  }

  async listVolumes(labels: readonly string[]): Promise<VolumeSummary[]> {
    this.calls.push('listVolumes');
    return [...this.volumes.values()]
      .filter((v) => labels.every((l) => hasLabel(v.labels, l)))
      .map(({ name, labels: l, mountpoint }) => ({ name, labels: l, mountpoint }));
  }

  async inspectVolume(name: string): Promise<VolumeSummary | undefined> {
    this.calls.push('inspectVolume');
    const v = this.volumes.get(name);
    return v && { name: v.name, labels: v.labels, mountpoint: v.mountpoint };
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    this.calls.push('createVolume');
    if (this.volumes.has(spec.name)) return;
    if (this.options.volumeRoot)
      mkdirSync(path.join(this.options.volumeRoot, spec.name), { recursive: true });
    this.volumes.set(spec.name, {
      name: spec.name,
      labels: spec.labels,
      mountpoint: `/var/lib/docker/volumes/${spec.name}/_data`,
      created: new Date(),
    });
    this.emit('volume', 'create', spec.name, { ...spec.labels });
  }

  async removeVolume(name: string): Promise<void> {
    this.calls.push('removeVolume');
    if (!this.volumes.has(name)) return;
    if (this.options.volumeRoot)
      rmSync(path.join(this.options.volumeRoot, name), { recursive: true, force: true });
    const users = this.volumeUsers(name);
    if (users.length)
      throw new ConflictError(
        `remove volume ${name}: volume is in use - [${users.map((c) => c.id).join(', ')}]`,
      );
    this.volumes.delete(name);
    this.emit('volume', 'destroy', name, {});
  }

  // ---- images

  async inspectImage(ref: string): Promise<ImageDetails | undefined> {
    this.calls.push('inspectImage');
    return this.images.get(normalRef(ref)) ?? [...this.images.values()].find((i) => i.id === ref);
  }

  async pullImage(ref: string): Promise<void> {
    this.calls.push('pullImage');
    if (!this.registry.has(normalRef(ref)))
      throw new NotFoundError(
        `pull ${ref}: pull access denied for ${ref}, repository does not exist`,
      );
    this.addImage(ref);
  }

  async pushImage(ref: string): Promise<void> {
    this.calls.push('pushImage');
    if (!this.images.has(normalRef(ref)))
      throw new NotFoundError(`push ${ref}: No such image: ${ref}`);
    this.registry.add(normalRef(ref));
  }

  async listImages(): Promise<ImageSummary[]> {
    this.calls.push('listImages');
    return [...this.images.values()].map((i) => ({
      id: i.id,
      tags: i.tags,
      labels: {},
      created: new Date(i.created),
      size: 0,
      uniqueSize: 0,
      containers: 0,
    }));
  }

  async diskUsage(): Promise<DiskUsage> {
    this.calls.push('diskUsage');
    return {
      images: await this.listImages(),
      layersSize: 0,
      containers: [...this.containers.values()].map((c) => ({
        id: c.id,
        name: c.spec.name,
        labels: c.spec.labels,
        state: c.state,
        size: 0,
        volumes: c.spec.mounts.flatMap((m) => (m.type === 'volume' && m.source ? [m.source] : [])),
        imageId: this.images.get(normalRef(c.spec.image))?.id ?? '',
      })),
      volumes: [...this.volumes.values()].map((v) => ({
        name: v.name,
        labels: v.labels,
        size: 0,
        refCount: this.volumeUsers(v.name).length,
      })),
      buildCache: [],
    };
  }

  async pruneBuildCache(): Promise<number> {
    this.calls.push('pruneBuildCache');
    return 0;
  }

  async checkAuth(): Promise<{ status: string }> {
    this.calls.push('checkAuth');
    return { status: 'Login Succeeded' };
  }

  /** Every build asked for, with the Dockerfile it found in the context. */
  readonly builds: { request: BuildRequest; dockerfile: string }[] = [];

  /**
   * Reads the Dockerfile from the context and reports its steps as the builder named in the
   * request would; a RUN that says `exit N` (N > 0) or `false` fails the build there.
   */
  async buildImage(request: BuildRequest, onEvent: (e: BuildEvent) => void): Promise<string> {
    this.calls.push('buildImage');
    const files = await readTar(request.context);
    const dockerfile = files.get(request.dockerfile) ?? '';
    this.builds.push({ request, dockerfile });
    const steps = parseDockerfile(dockerfile).instructions.filter((i) =>
      ['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR'].includes(i.keyword),
    );
    for (const [index, step] of steps.entries()) {
      const name = `[${index + 1}/${steps.length}] ${step.text}`;
      const fails = step.keyword === 'RUN' && /\bexit [1-9]\d*\b|^false$/.test(step.args);
      if (request.builder === 'classic') {
        onEvent({ type: 'classic', text: `Step ${index + 1}/${steps.length} : ${step.text}` });
        if (fails)
          throw new Error(`The command '/bin/sh -c ${step.args}' returned a non-zero code: 1`);
        continue;
      }
      const digest = `sha256:${hex(32)}`;
      const started = new Date();
      // As BuildKit: the step starts, prints, then completes or fails.
      onEvent({ type: 'vertex', digest, name, cached: false, started });
      if (fails) {
        const error = `process "/bin/sh -c ${step.args}" did not complete successfully: exit code: 1`;
        onEvent({ type: 'log', vertex: digest, stream: 2, text: 'step output before it failed\n' });
        onEvent({
          type: 'vertex',
          digest,
          name,
          cached: false,
          started,
          completed: new Date(),
          error,
        });
        throw new Error(`build: ${error}`);
      }
      onEvent({ type: 'vertex', digest, name, cached: false, started, completed: new Date() });
    }
    const [first, ...rest] = request.tags;
    const image = { ...this.addImage(first ?? `sha256:${hex(32)}`), labels: request.labels ?? {} };
    for (const tag of [first, ...rest]) if (tag) this.images.set(normalRef(tag), image);
    return image.id;
  }

  async removeImage(ref: string): Promise<void> {
    this.calls.push('removeImage');
    if (!this.images.delete(normalRef(ref)))
      throw new NotFoundError(`remove image ${ref}: No such image: ${ref}`);
  }

  async streamEvents(
    filters: Record<string, string[]>,
    onEvent: (e: EngineEvent) => void,
  ): Promise<EventStream> {
    this.calls.push('streamEvents');
    const subscriber = { filters, onEvent };
    this.subscribers.add(subscriber);
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    return {
      close: () => {
        this.subscribers.delete(subscriber);
        end();
      },
      done,
    };
  }

  /** Ends every timer, as a test's teardown: nothing keeps running after it. */
  close(): void {
    for (const c of this.containers.values()) for (const t of c.timers.splice(0)) clearTimeout(t);
    this.subscribers.clear();
  }
}

function hasLabel(labels: Readonly<Record<string, string>>, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq < 0) return filter in labels;
  return labels[filter.slice(0, eq)] === filter.slice(eq + 1);
}

/** The engine's event filters: each key must match one of its values; `event` by its first word. */
function matches(filters: Record<string, string[]>, e: EngineEvent): boolean {
  for (const [key, values] of Object.entries(filters)) {
    if (!values.length) continue;
    const ok =
      key === 'type'
        ? values.includes(e.type)
        : key === 'event'
          ? values.includes(e.action.split(':')[0]!)
          : key === 'label'
            ? values.every((l) => hasLabel(e.attributes, l))
            : key === 'container'
              ? values.some((v) => e.id.startsWith(v) || e.attributes.name === v)
              : true;
    if (!ok) return false;
  }
  return true;
}
