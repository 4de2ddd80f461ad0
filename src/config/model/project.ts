/**
 * The resolved project: what every operation works from. Keys follow the Compose specification
 * (snake_case), in their long forms only, so `stager config` prints the model as it is.
 */

export type DependencyCondition =
  'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  condition: DependencyCondition;
  required: boolean;
  restart?: boolean;
}

export interface PortConfig {
  target: number;
  /** A port or a range (`8000-8010`); absent lets the engine choose. */
  published?: string;
  host_ip?: string;
  protocol: string;
  mode: string;
  name?: string;
  app_protocol?: string;
}

export interface VolumeMount {
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: string; recursive?: string };
  volume?: { nocopy?: boolean; subpath?: string; labels?: Record<string, string> };
  tmpfs?: { size?: number | string; mode?: number | string };
  image?: { subpath?: string };
}

export interface FileReference {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number | string;
}

export interface BuildConfig {
  context: string;
  dockerfile?: string;
  dockerfile_inline?: string;
  args?: Record<string, string | null>;
  target?: string;
  labels?: Record<string, string>;
  network?: string;
  shm_size?: number | string;
  extra_hosts?: Record<string, string[]>;
  cache_from?: string[];
  pull?: boolean;
  [key: string]: unknown;
}

export interface Healthcheck {
  test?: string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
  start_interval?: string;
  disable?: boolean;
}

export interface ServiceNetwork {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  priority?: number;
  [key: string]: unknown;
}

export interface ServiceConfig {
  name: string;
  image?: string;
  build?: BuildConfig;
  command?: string[] | null;
  entrypoint?: string[] | null;
  environment?: Record<string, string | null>;
  ports?: PortConfig[];
  expose?: string[];
  volumes?: VolumeMount[];
  depends_on?: Record<string, Dependency>;
  networks?: Record<string, ServiceNetwork | null>;
  network_mode?: string;
  healthcheck?: Healthcheck;
  profiles?: string[];
  labels?: Record<string, string>;
  secrets?: FileReference[];
  configs?: FileReference[];
  extra_hosts?: Record<string, string[]>;
  container_name?: string;
  deploy?: { replicas?: number; [key: string]: unknown };
  scale?: number;
  [key: string]: unknown;
}

export interface NetworkConfig {
  name: string;
  external?: boolean;
  driver?: string;
  [key: string]: unknown;
}

export interface VolumeConfig {
  name: string;
  external?: boolean;
  driver?: string;
  [key: string]: unknown;
}

export interface SecretConfig {
  name: string;
  file?: string;
  environment?: string;
  content?: string;
  external?: boolean;
  [key: string]: unknown;
}

export interface Project {
  name: string;
  workingDir: string;
  configFiles: string[];
  services: Record<string, ServiceConfig>;
  /** Services turned off by profiles: known, so that naming one can enable it. */
  disabledServices: Record<string, ServiceConfig>;
  networks: Record<string, NetworkConfig>;
  volumes: Record<string, VolumeConfig>;
  secrets: Record<string, SecretConfig>;
  configs: Record<string, SecretConfig>;
  /** Top-level `x-*` keys, stager's own `x-stager` among them. */
  extensions: Record<string, unknown>;
}
