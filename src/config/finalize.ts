/**
 * From merged, canonical data to the Project model: paths made absolute, env files folded into
 * `environment`, the implicit `default` network, and resource names prefixed with the project.
 */
import { isPlainObject, type Raw } from './canonical.js';
import { parseDotenv } from './dotenv.js';
import type { Lookup } from './interpolate.js';
import type {
  Dependency,
  NetworkConfig,
  Project,
  SecretConfig,
  ServiceConfig,
  VolumeConfig,
} from './model/project.js';
import { rebaseFileResources, rebaseService } from './rebase.js';
import type { SourceFs } from './source-fs.js';
import { joinPath } from './key-path.js';

export interface FinalizeInput {
  data: Raw;
  name: string;
  workingDir: string;
  configFiles: string[];
  home: string | undefined;
  lookup: Lookup;
  fs: SourceFs;
}

export interface FinalizeIssue {
  path: string;
  message: string;
  /** An env file's own location, when the problem is inside it. */
  file?: string;
  line?: number;
}

export function finalizeProject(
  input: FinalizeInput,
  issues: FinalizeIssue[],
): Omit<Project, 'disabledServices'> {
  const { data, name: project } = input;
  const services: Record<string, ServiceConfig> = {};
  for (const [name, raw] of Object.entries(isPlainObject(data.services) ? data.services : {})) {
    services[name] = finalizeService(name, isPlainObject(raw) ? raw : {}, input, issues);
  }
  const usesDefault = Object.values(services).some((s) => s.networks && 'default' in s.networks);
  const networks = resources<NetworkConfig>(data.networks, project);
  if (usesDefault && !networks.default) networks.default = { name: `${project}_default` };
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data))
    if (key.startsWith('x-')) extensions[key] = value;
  return {
    name: project,
    workingDir: input.workingDir,
    configFiles: input.configFiles,
    services,
    networks,
    volumes: resources<VolumeConfig>(data.volumes, project),
    secrets: resources<SecretConfig>(
      rebaseFileResources(data.secrets, input.workingDir, input.home),
      project,
    ),
    configs: resources<SecretConfig>(
      rebaseFileResources(data.configs, input.workingDir, input.home),
      project,
    ),
    extensions,
  };
}

function resources<T extends { name: string }>(
  section: unknown,
  project: string,
): Record<string, T> {
  const out: Record<string, T> = {};
  if (!isPlainObject(section)) return out;
  for (const [key, raw] of Object.entries(section)) {
    const entry: Raw = isPlainObject(raw) ? { ...raw } : {};
    // `external: {name: x}` is the historic spelling of `external: true` + `name: x`.
    if (isPlainObject(entry.external)) {
      if (typeof entry.external.name === 'string') entry.name ??= entry.external.name;
      entry.external = true;
    }
    const external = entry.external === true || entry.external === 'true';
    if (typeof entry.name !== 'string' || !entry.name)
      entry.name = external ? key : `${project}_${key}`;
    out[key] = entry as T;
  }
  return out;
}

function finalizeService(
  name: string,
  raw: Raw,
  input: FinalizeInput,
  issues: FinalizeIssue[],
): ServiceConfig {
  const service: Raw = rebaseService(raw, input.workingDir, input.home);
  const path = joinPath('services', name);
  const fromFiles: Record<string, string | null> = {};
  if (Array.isArray(service.env_file)) {
    service.env_file.forEach((entry, i) => {
      if (!isPlainObject(entry) || typeof entry.path !== 'string') return;
      const text = input.fs.readFile(entry.path);
      if (text === undefined) {
        if (entry.required !== false) {
          issues.push({
            path: joinPath(joinPath(path, 'env_file'), i),
            message: `env file ${entry.path} not found`,
          });
        }
        return;
      }
      const parsed = parseDotenv(text, {
        file: entry.path,
        lookup: input.lookup,
        interpolate: entry.format !== 'raw',
      });
      for (const issue of parsed.issues) {
        issues.push({
          path: joinPath(path, 'env_file'),
          message: issue.message,
          file: entry.path,
          ...(issue.line ? { line: issue.line } : {}),
        });
      }
      for (const [k, v] of parsed.values) fromFiles[k] = v;
    });
    delete service.env_file;
  }
  if (service.environment !== undefined || Object.keys(fromFiles).length) {
    const own = isPlainObject(service.environment)
      ? (service.environment as Record<string, string | null>)
      : {};
    const environment: Record<string, string | null> = { ...fromFiles };
    for (const [k, v] of Object.entries(own)) {
      // A bare `KEY` takes the value of the environment stager runs in, like `docker run -e KEY`.
      environment[k] = v === null ? (input.lookup(k) ?? null) : v;
    }
    service.environment = environment;
  }
  if (service.networks === undefined && service.network_mode === undefined)
    service.networks = { default: null };
  const implicit = implicitDependencies(service);
  if (Object.keys(implicit).length) {
    const declared = isPlainObject(service.depends_on) ? service.depends_on : {};
    service.depends_on = { ...implicit, ...declared };
  }
  return { ...service, name } as ServiceConfig;
}

/**
 * The dependencies Compose v2 adds to those a service declares: the services it links to, shares
 * a namespace with (`network_mode`, `ipc`, `pid`, `uts`, `cgroup` as `service:NAME`), which it
 * restarts along with, and takes volumes from.
 */
function implicitDependencies(service: Raw): Record<string, Dependency> {
  const out: Record<string, Dependency> = {};
  const started = (restart: boolean): Dependency => ({
    condition: 'service_started',
    required: true,
    ...(restart ? { restart: true } : {}),
  });
  for (const link of Array.isArray(service.links) ? service.links : []) {
    const parts = String(link).split(':');
    out[parts.length === 2 ? parts[0]! : String(link)] ??= started(true);
  }
  for (const key of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup']) {
    const ref = service[key];
    if (typeof ref === 'string' && ref.startsWith('service:'))
      out[ref.slice('service:'.length)] ??= started(true);
  }
  for (const from of Array.isArray(service.volumes_from) ? service.volumes_from : []) {
    const spec = String(from);
    if (!spec.startsWith('container:')) out[spec.split(':')[0]!] ??= started(false);
  }
  return out;
}
