/**
 * How stager stops a container: within its grace period, as the engine does, but without
 * waiting that period out for a signal the container's PID 1 would drop anyway.
 */
import type { OpContext } from '../context.js';

export async function stopGracefully(
  ctx: Pick<OpContext, 'engine'>,
  id: string,
  timeoutSeconds?: number,
): Promise<void> {
  const waitless = timeoutSeconds !== 0 && (await ctx.engine.stopSignalIsDropped(id));
  await ctx.engine.stopContainer(id, waitless ? 0 : timeoutSeconds);
}
