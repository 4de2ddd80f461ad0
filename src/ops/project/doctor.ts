/**
 * `stager doctor`: what stands between this machine and a working `stager up`, each problem
 * with the command that fixes it. Checks that need the engine are skipped, said so, when it
 * cannot be reached; the others still run.
 */
import net from 'node:net';
import path from 'node:path';
import type { Project } from '../../config/model/project.js';
import type { ContainerSummary, Engine } from '../../engine/engine.js';
import { Label } from '../../engine/labels.js';
import type { Host, HostFs } from '../../host/host.js';
import { bindFolders } from '../data/data-mounts.js';
import { checkEnvFile, findSample } from './env-file.js';
import { formatBytes } from '../../format.js';
import { serviceImage } from '../../config/model/queries.js';
import { CONTEXT_DIGEST_LABEL } from '../images/build-context.js';
import { buildDigest } from '../images/build.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  /** The command (or step) that fixes it. */
  fix?: string;
}

export interface DoctorInput {
  /** A thunk: connecting is itself a check. */
  engine: () => Promise<Engine>;
  /** The project, or the error that loading it gave. */
  project: Project | Error;
  composeFiles: readonly string[];
  projectDir: string;
  uid: number | undefined;
  /** The files and processes it looks at. */
  host: Host;
  /** Free space below this is a warning. */
  minFreeBytes?: number;
}

export interface DoctorResult {
  checks: Check[];
  ok: boolean;
}

export async function doctor(input: DoctorInput): Promise<DoctorResult> {
  const { fs } = input.host;
  const checks: Check[] = [];
  let engine: Engine | undefined;
  try {
    engine = await input.engine();
    const v = await engine.inspectVersion();
    checks.push({
      id: 'engine',
      title: 'engine reachable',
      status: 'ok',
      detail: `${engine.endpoint.url}: engine ${v.version}, API ${v.negotiatedApiVersion}`,
    });
    checks.push({
      id: 'buildkit',
      title: 'BuildKit',
      status: v.buildkit ? 'ok' : 'warn',
      detail: v.buildkit
        ? 'available'
        : 'not available: builds use the classic builder, cache mounts are ignored',
      ...(v.buildkit ? {} : { fix: 'upgrade to a Linux engine of API 1.39 or newer' }),
    });
  } catch (err) {
    engine = undefined;
    const e = err as Error & { hint?: string };
    checks.push({
      id: 'engine',
      title: 'engine reachable',
      status: 'fail',
      detail: e.message,
      fix: e.hint ?? 'start the Docker engine',
    });
  }

  checks.push(diskCheck(fs, input.projectDir, input.minFreeBytes ?? 5e9));
  if (engine) checks.push(await buildCacheCheck(engine));

  const project = input.project instanceof Error ? undefined : input.project;
  checks.push(
    project
      ? {
          id: 'compose',
          title: 'compose files',
          status: 'ok',
          detail: input.composeFiles.join(', ') || project.name,
        }
      : {
          id: 'compose',
          title: 'compose files',
          status: 'fail',
          detail: (input.project as Error).message,
          fix:
            (input.project as Error & { hint?: string }).hint ??
            '`stager config` shows every problem with its file and line',
        },
  );
  checks.push(envCheck(fs, input.projectDir, input.composeFiles));
  if (project) {
    checks.push(await portsCheck(fs, project, engine));
    checks.push(ownershipCheck(fs, project, input.uid));
    checks.push(
      engine ? await imagesCheck(fs, project, engine) : skipped('images', 'images up to date'),
    );
  }
  return { checks, ok: !checks.some((c) => c.status === 'fail') };
}

const skipped = (id: string, title: string): Check => ({
  id,
  title,
  status: 'skip',
  detail: 'needs the engine',
});

function diskCheck(fs: HostFs, dir: string, minFree: number): Check {
  try {
    const s = fs.statfsSync(dir);
    const free = s.bavail * s.bsize;
    const ok = free >= minFree;
    return {
      id: 'disk',
      title: 'free disk',
      status: ok ? 'ok' : 'warn',
      detail: `${formatBytes(free)} free where the project is`,
      ...(ok
        ? {}
        : {
            fix: '`stager df` shows what takes space; `stager prune --all-projects --builder` frees build cache',
          }),
    };
  } catch (err) {
    return { id: 'disk', title: 'free disk', status: 'skip', detail: (err as Error).message };
  }
}

async function buildCacheCheck(engine: Engine): Promise<Check> {
  const df = await engine.diskUsage();
  const bytes = df.buildCache.reduce((n, b) => n + b.size, 0);
  const big = bytes > 20e9;
  return {
    id: 'build-cache',
    title: 'build cache',
    status: big ? 'warn' : 'ok',
    detail: `${formatBytes(bytes)} in ${df.buildCache.length} records`,
    ...(big ? { fix: 'stager prune --all-projects --builder --keep-storage 10GB' } : {}),
  };
}

function envCheck(fs: HostFs, dir: string, composeFiles: readonly string[]): Check {
  let sample: string;
  try {
    sample = findSample(fs, dir, undefined, dir);
  } catch {
    return { id: 'env', title: '.env', status: 'ok', detail: 'the project has no sample.env' };
  }
  if (!fs.existsSync(path.join(dir, '.env')))
    return {
      id: 'env',
      title: '.env',
      status: 'fail',
      detail: `missing (the sample is ${path.basename(sample)})`,
      fix: 'stager env init',
    };
  const r = checkEnvFile(fs, { dir, sample, composeFiles, showSecrets: false });
  if (r.ok)
    return {
      id: 'env',
      title: '.env',
      status: 'ok',
      detail: `in step with ${path.basename(sample)}`,
    };
  const problems = [
    ...(r.missing.length ? [`missing ${r.missing.map((m) => m.key).join(', ')}`] : []),
    ...(r.empty.length ? [`empty ${r.empty.join(', ')}`] : []),
  ];
  return {
    id: 'env',
    title: '.env',
    status: 'fail',
    detail: problems.join('; '),
    fix: `add them to .env (see ${path.basename(sample)}); \`stager env check\` lists them with their sample values`,
  };
}

async function portsCheck(
  fs: HostFs,
  project: Project,
  engine: Engine | undefined,
): Promise<Check> {
  // One listing serves both questions: which ports are the project's, and who holds the others.
  const running = engine ? await engine.listContainers({ all: false }) : [];
  const ownPorts = new Set(
    running
      .filter((c) => c.labels[Label.project] === project.name)
      .flatMap((c) => c.ports.map((p) => p.hostPort))
      .filter(Boolean),
  );
  const wanted: { service: string; ip: string; port: number }[] = [];
  for (const [name, s] of Object.entries(project.services)) {
    for (const p of s.ports ?? []) {
      const published = Number(String(p.published ?? '').split('-')[0]);
      if (!published || (p.protocol ?? 'tcp') !== 'tcp') continue;
      wanted.push({ service: name, ip: p.host_ip || '0.0.0.0', port: published });
    }
  }
  const taken: string[] = [];
  for (const w of wanted) {
    if (ownPorts.has(w.port)) continue;
    if (await canListen(w.ip, w.port)) continue;
    const by = containerOnPort(running, w.port) ?? processOnPort(fs, w.port);
    taken.push(`${w.port} (${w.service})${by ? ` is used by ${by}` : ' is in use'}`);
  }
  if (!taken.length)
    return {
      id: 'ports',
      title: 'host ports',
      status: 'ok',
      detail: wanted.length
        ? `${wanted.map((w) => w.port).join(', ')} free or the project's`
        : 'the project publishes none',
    };
  return {
    id: 'ports',
    title: 'host ports',
    status: 'fail',
    detail: taken.join('; '),
    fix: 'stop what listens there, or publish another port (e.g. a variable in .env for the ports: entry)',
  };
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: host === '0.0.0.0' ? undefined : host, port, exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

function containerOnPort(running: readonly ContainerSummary[], port: number): string | undefined {
  const c = running.find((x) => x.ports.some((p) => p.hostPort === port));
  if (!c) return undefined;
  const project = c.labels[Label.project];
  return `container ${c.name}${project ? ` (project ${project})` : ''}`;
}

/** The process listening on a TCP port, from /proc: only where Linux lets this user see it. */
function processOnPort(fs: HostFs, port: number): string | undefined {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local address is ip:port, state 0A is LISTEN
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  if (!inodes.size) return undefined;
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) {
          const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
          return `${comm} (pid ${pid})`;
        }
      } catch {
        // Gone, or not ours to read.
      }
    }
  }
  return undefined;
}

function ownershipCheck(fs: HostFs, project: Project, uid: number | undefined): Check {
  if (uid === undefined || uid === 0)
    return {
      id: 'ownership',
      title: 'data folders owned by you',
      status: 'ok',
      detail: 'running as root',
    };
  const foreign: string[] = [];
  for (const f of bindFolders(fs, project, undefined, project.workingDir)) {
    if (f.refused || !f.exists) continue;
    const owner = firstForeignOwner(fs, f.path, uid);
    if (owner !== undefined)
      foreign.push(`${path.relative(project.workingDir, f.path) || '.'} (uid ${owner})`);
  }
  return foreign.length
    ? {
        id: 'ownership',
        title: 'data folders owned by you',
        status: 'fail',
        detail: `not yours: ${foreign.join(', ')}`,
        fix: 'stager fix-perms (or stager reset --bind-mounts to start afresh)',
      }
    : {
        id: 'ownership',
        title: 'data folders owned by you',
        status: 'ok',
        detail: 'all bind-mounted folders are yours',
      };
}

/** The owner of the folder or of something in it (looked at shallowly) that is not `uid`. */
function firstForeignOwner(fs: HostFs, folder: string, uid: number): number | undefined {
  const own = fs.statSync(folder).uid;
  if (own !== uid) return own;
  try {
    for (const name of fs.readdirSync(folder)) {
      const s = fs.statSync(path.join(folder, name), { throwIfNoEntry: false });
      if (s && s.uid !== uid) return s.uid;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

async function imagesCheck(fs: HostFs, project: Project, engine: Engine): Promise<Check> {
  const stale: string[] = [];
  for (const [name, s] of Object.entries(project.services)) {
    if (!s.build || s.build.dockerfile_inline !== undefined) continue;
    const file = path.resolve(s.build.context, s.build.dockerfile ?? 'Dockerfile');
    if (!fs.existsSync(file)) continue;
    const image = await engine.inspectImage(serviceImage(project, s));
    if (!image) {
      stale.push(`${name} (not built)`);
      continue;
    }
    // By content: the digest the build left on the image against the context as it is now. An
    // image built by another tool has none, and is judged by the Dockerfile's time.
    const built = image.labels?.[CONTEXT_DIGEST_LABEL];
    if (
      built ? built !== buildDigest(fs, s.build) : fs.statSync(file).mtime > new Date(image.created)
    )
      stale.push(`${name} (${built ? 'build context changed' : 'Dockerfile changed'})`);
  }
  return stale.length
    ? {
        id: 'images',
        title: 'images up to date',
        status: 'warn',
        detail: stale.join(', '),
        fix: 'stager build (or stager up --build)',
      }
    : {
        id: 'images',
        title: 'images up to date',
        status: 'ok',
        detail: 'every built image matches its build context',
      };
}
