import type { EngineVersion } from '../../engine/engine.js';
import type { OpContext } from '../context.js';

export interface VersionResult {
  client: { version: string; node: string; platform: string };
  endpoint: { url: string; source: string };
  engine: EngineVersion;
}

export async function inspectVersions(
  ctx: OpContext,
  clientVersion: string,
): Promise<VersionResult> {
  const engine = await ctx.engine.inspectVersion();
  return {
    client: {
      version: clientVersion,
      node: ctx.host.proc.nodeVersion,
      platform: `${ctx.host.proc.platform}/${ctx.host.proc.arch}`,
    },
    endpoint: { url: ctx.engine.endpoint.url, source: ctx.engine.endpoint.source },
    engine,
  };
}
