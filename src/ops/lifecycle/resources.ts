/**
 * Networks, volumes and images a set of services needs, created or pulled when missing, with
 * Compose's labels so that `down` and Docker Compose find them.
 */
import { networkConfigHash, volumeConfigHash } from '../../config/hash.js';
import type { Project, ServiceConfig } from '../../config/model/project.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { NetworkSpec, NetworkSummary } from '../../engine/engine.js';
import { pullImage } from '../images/pull.js';
import { Label } from '../../engine/labels.js';
import { STAGER_VERSION } from '../../version.js';
import type { OpContext } from '../context.js';
import type { HostFs } from '../../host/host.js';
import { progress } from '../progress.js';
import { bindSources, serviceImage } from '../../config/model/queries.js';

export type PullPolicy = 'always' | 'missing' | 'never' | 'build';

/** Creates the missing short-syntax bind sources as folders; an existing file stays a file. */
export function ensureBindSources(
  fs: HostFs,
  service: ServiceConfig,
  extra: readonly string[] = [],
): void {
  for (const source of [...bindSources(service), ...extra])
    if (!fs.existsSync(source)) fs.mkdirSync(source, { recursive: true });
}

/**
 * Whether the network is there to use: this project's (when two `up`s raced and made two, the
 * older stays and the others go), or one of that name made elsewhere, which Compose v2 uses with
 * a warning.
 */
async function adoptNetwork(
  ctx: OpContext,
  project: string,
  key: string,
  name: string,
): Promise<boolean> {
  const found = await ctx.engine.findNetworks(name);
  const ours = found.filter(
    (n) => n.labels[Label.project] === project && n.labels[Label.network] === key,
  );
  if (ours.length) {
    await removeYounger(ctx, ours);
    return true;
  }
  if (!found.length) return false;
  const owner = found[0]!.labels[Label.project];
  ctx.reporter.report({
    type: 'warning',
    message:
      owner === undefined
        ? `a network with name ${name} exists but was not created by compose. Set \`external: true\` to use an existing network`
        : `a network with name ${name} exists but was not created for project "${project}". Set \`external: true\` to use an existing network`,
  });
  return true;
}

/** Of networks named alike, keeps the oldest and removes the rest; a racing removal is fine. */
async function removeYounger(ctx: OpContext, networks: readonly NetworkSummary[]): Promise<void> {
  if (networks.length < 2) return;
  const [, ...younger] = [...networks].sort(
    (a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id),
  );
  await Promise.all(younger.map((n) => ctx.engine.removeNetwork(n.id).catch(() => undefined)));
}

/**
 * Creates the network, then looks again: an `up` racing this one may have made one too (engines
 * before 25 allow two of one name; newer ones refuse the second, which is as good).
 */
async function createNetworkOnce(
  ctx: OpContext,
  project: string,
  key: string,
  name: string,
  spec: NetworkSpec,
): Promise<void> {
  try {
    await ctx.engine.createNetwork(spec);
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
  }
  const ours = (await ctx.engine.findNetworks(name)).filter(
    (n) => n.labels[Label.project] === project && n.labels[Label.network] === key,
  );
  await removeYounger(ctx, ours);
}

export async function ensureNetworks(
  ctx: OpContext,
  project: Project,
  keys: readonly string[],
): Promise<string[]> {
  const created: string[] = [];
  await Promise.all(
    keys.map(async (key) => {
      const config = project.networks[key];
      if (!config) return;
      if (await adoptNetwork(ctx, project.name, key, config.name)) return;
      if (config.external) {
        throw new NotFoundError(`network ${config.name} is declared external but does not exist`, {
          hint: `create it with \`docker network create ${config.name}\``,
        });
      }
      const ipam = config.ipam as
        | { driver?: string; config?: { subnet?: string; ip_range?: string; gateway?: string }[] }
        | undefined;
      progress(ctx.reporter).network(config.name).start('Creating');
      await createNetworkOnce(ctx, project.name, key, config.name, {
        name: config.name,
        ...(config.driver ? { driver: config.driver } : {}),
        labels: {
          ...((config.labels as Record<string, string>) ?? {}),
          [Label.project]: project.name,
          [Label.network]: key,
          [Label.version]: STAGER_VERSION,
          [Label.configHash]: networkConfigHash(config),
        },
        ...(config.internal !== undefined
          ? { internal: config.internal === true || config.internal === 'true' }
          : {}),
        ...(config.attachable !== undefined ? { attachable: config.attachable === true } : {}),
        ...(config.enable_ipv6 !== undefined ? { enableIpv6: config.enable_ipv6 === true } : {}),
        ...(config.driver_opts ? { driverOpts: config.driver_opts as Record<string, string> } : {}),
        ...(ipam?.config
          ? {
              ipam: {
                ...(ipam.driver ? { driver: ipam.driver } : {}),
                config: ipam.config.map((c) => ({
                  subnet: c.subnet,
                  ipRange: c.ip_range,
                  gateway: c.gateway,
                })),
              },
            }
          : {}),
      });
      progress(ctx.reporter).network(config.name).done('Created');
      created.push(config.name);
    }),
  );
  return created;
}

/** Compose v2's warnings for a declared volume that exists but is not this project's. */
function warnIfNotOurs(
  ctx: OpContext,
  project: string,
  name: string,
  labels: Readonly<Record<string, string>>,
): void {
  const owner = labels[Label.project];
  if (owner === project) return;
  ctx.reporter.report({
    type: 'warning',
    message:
      owner === undefined
        ? `volume "${name}" already exists but was not created by Docker Compose. Use \`external: true\` to use an existing volume`
        : `volume "${name}" already exists but was created for project "${owner}" (expected "${project}"). Use \`external: true\` to use an existing volume`,
  });
}

export async function ensureVolumes(
  ctx: OpContext,
  project: Project,
  keys: readonly string[],
): Promise<string[]> {
  const created: string[] = [];
  await Promise.all(
    keys.map(async (key) => {
      const config = project.volumes[key];
      if (!config) return;
      const existing = await ctx.engine.inspectVolume(config.name);
      if (existing) {
        if (!config.external) warnIfNotOurs(ctx, project.name, config.name, existing.labels);
        return;
      }
      if (config.external) {
        throw new NotFoundError(`volume ${config.name} is declared external but does not exist`, {
          hint: `create it with \`docker volume create ${config.name}\``,
        });
      }
      progress(ctx.reporter).volume(config.name).start('Creating');
      await ctx.engine.createVolume({
        name: config.name,
        ...(config.driver ? { driver: config.driver } : {}),
        ...(config.driver_opts ? { driverOpts: config.driver_opts as Record<string, string> } : {}),
        labels: {
          ...((config.labels as Record<string, string>) ?? {}),
          [Label.project]: project.name,
          [Label.volume]: key,
          [Label.version]: STAGER_VERSION,
          [Label.configHash]: volumeConfigHash(config),
        },
      });
      progress(ctx.reporter).volume(config.name).done('Created');
      created.push(config.name);
    }),
  );
  return created;
}

function policyOf(service: ServiceConfig, override: PullPolicy | undefined): PullPolicy {
  if (override) return override;
  const p = String(service.pull_policy ?? 'missing');
  if (p === 'always' || p === 'never' || p === 'build') return p;
  return 'missing';
}

/** The image id each service runs, pulling what is missing; one pull per image shared by services. */
export async function ensureImages(
  ctx: OpContext,
  project: Project,
  services: readonly string[],
  pull: PullPolicy | undefined,
  /** Image ids already known, by service (those buildMissing saw). */
  known: Readonly<Record<string, string>> = {},
): Promise<Record<string, string>> {
  const pulls = new Map<string, Promise<string>>();
  const ids: Record<string, string> = {};
  const fetch = (ref: string, always: boolean): Promise<string> => {
    const key = `${ref}\u0000${always}`;
    let p = pulls.get(key);
    if (!p) {
      p = (async () => {
        const present = always ? undefined : await ctx.engine.inspectImage(ref);
        if (present) return present.id;
        await pullImage(ctx, ref);
        const pulled = await ctx.engine.inspectImage(ref);
        if (!pulled) throw new NotFoundError(`image ${ref} is still missing after pulling it`);
        return pulled.id;
      })();
      pulls.set(key, p);
    }
    return p;
  };
  await Promise.all(
    services.map(async (name) => {
      const service = project.services[name]!;
      const ref = serviceImage(project, service);
      const policy = policyOf(service, pull);
      if (known[name]) {
        ids[name] = known[name];
        return;
      }
      if (service.build) {
        const present = await ctx.engine.inspectImage(ref);
        if (!present)
          throw new NotFoundError(`image ${ref} of service "${name}" has not been built`, {
            hint: `build it with \`stager build ${name}\` or \`stager up --build\``,
          });
        ids[name] = present.id;
        return;
      }
      if (policy === 'never') {
        const present = await ctx.engine.inspectImage(ref);
        if (!present)
          throw new NotFoundError(
            `image ${ref} of service "${name}" is not present and pull_policy is never`,
          );
        ids[name] = present.id;
        return;
      }
      ids[name] = await fetch(ref, policy === 'always');
    }),
  );
  return ids;
}
