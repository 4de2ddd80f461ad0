/**
 * Compose keys that only newer engines honour. An older engine would take the request and
 * silently ignore the key, so stager refuses the service first, in one line, as Compose v2 does.
 */
import type { Project, ServiceConfig } from '../../config/model/project.js';
import { UsageError } from '../../errors.js';
import type { OpContext } from '../context.js';

interface Gate {
  key: string;
  api: string;
  engine: string;
  uses(service: ServiceConfig): boolean;
}

const GATES: readonly Gate[] = [
  {
    key: 'healthcheck.start_interval',
    api: '1.44',
    engine: '25',
    uses: (s) => s.healthcheck?.start_interval !== undefined,
  },
  {
    key: 'volumes type: image',
    api: '1.48',
    engine: '28',
    uses: (s) => (s.volumes ?? []).some((v) => v.type === 'image'),
  },
  {
    key: 'networks interface_name',
    api: '1.49',
    engine: '28.1',
    uses: (s) => Object.values(s.networks ?? {}).some((n) => n?.interface_name !== undefined),
  },
];

/** Whether API version `version` is older than `than` (both `major.minor`). */
export function olderApi(version: string, than: string): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = than.split('.').map(Number);
  return a < c || (a === c && b < d);
}

/** Refuses the first service that uses a key the engine cannot honour. */
export async function refuseUnsupportedKeys(
  ctx: OpContext,
  project: Project,
  services: readonly string[],
): Promise<void> {
  const used = services.flatMap((name) => {
    const service = project.services[name];
    return service ? GATES.filter((g) => g.uses(service)).map((gate) => ({ name, gate })) : [];
  });
  if (!used.length) return;
  // The ping every connection starts with tells the API version: no request of its own.
  const api = await ctx.engine.negotiatedApiVersion();
  for (const { name, gate } of used) {
    if (olderApi(api, gate.api)) {
      const { version, negotiatedApiVersion } = await ctx.engine.inspectVersion();
      throw new UsageError(
        `service ${name}: ${gate.key} needs Docker Engine ${gate.engine} or newer (API ${gate.api}); this engine is ${version} (API ${negotiatedApiVersion})`,
        { hint: `remove ${gate.key} from the service, or use a newer engine` },
      );
    }
  }
}
