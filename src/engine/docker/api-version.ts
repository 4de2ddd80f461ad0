import { StagerError } from '../../errors.js';

/** The newest API version whose fields stager reads and writes. */
export const CLIENT_API_VERSION = '1.47';
/** Debian's engine 20.10 speaks 1.41: the oldest stager is tested against. */
export const OLDEST_API_VERSION = '1.41';

export function compareApiVersions(a: string, b: string): number {
  const [amaj = 0, amin = 0] = a.split('.').map(Number);
  const [bmaj = 0, bmin = 0] = b.split('.').map(Number);
  return amaj - bmaj || amin - bmin;
}

/** The version both sides speak: the engine's own, capped at stager's. */
export function negotiateApiVersion(engineApi: string | undefined): string {
  if (!engineApi) return CLIENT_API_VERSION;
  if (compareApiVersions(engineApi, OLDEST_API_VERSION) < 0) {
    throw new StagerError(
      `the Docker engine speaks API ${engineApi}; stager needs ${OLDEST_API_VERSION} or newer`,
      {
        hint: 'upgrade Docker to 20.10 or newer',
      },
    );
  }
  return compareApiVersions(engineApi, CLIENT_API_VERSION) < 0 ? engineApi : CLIENT_API_VERSION;
}
