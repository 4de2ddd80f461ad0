/** Build, pull and push requests in the Engine API's terms, and its progress in stager's. */
import type { BuildRequest, PullProgress } from '../engine.js';
import type { JsonMessage } from './json-stream.js';

/** The `/build` query string: JSON-encoded maps, repeated keys for lists. */
export function buildQuery(r: BuildRequest): Record<string, unknown> {
  const q: Record<string, unknown> = {
    dockerfile: r.dockerfile,
    t: [...r.tags],
    version: r.builder === 'buildkit' ? '2' : '1',
    rm: true,
    forcerm: true,
  };
  if (r.args && Object.keys(r.args).length) q.buildargs = JSON.stringify(r.args);
  if (r.labels && Object.keys(r.labels).length) q.labels = JSON.stringify(r.labels);
  if (r.target) q.target = r.target;
  if (r.network) q.networkmode = r.network;
  if (r.shmSizeBytes) q.shmsize = r.shmSizeBytes;
  if (r.extraHosts?.length) q.extrahosts = [...r.extraHosts];
  if (r.cacheFrom?.length) q.cachefrom = JSON.stringify(r.cacheFrom);
  if (r.platform) q.platform = r.platform;
  if (r.pull) q.pull = '1';
  if (r.noCache) q.nocache = true;
  if (r.auth && Object.keys(r.auth).length) q.registryconfig = { ...r.auth };
  return q;
}

export function progressOf(m: JsonMessage): PullProgress {
  return {
    id: m.id ?? '',
    status: m.status ?? '',
    current: m.progressDetail?.current,
    total: m.progressDetail?.total,
  };
}

/** `host:5000/app:1.2` -> name `host:5000/app`, tag `1.2`; digests stay in the name. */
export function splitReference(ref: string): { name: string; tag: string } {
  if (ref.includes('@')) return { name: ref, tag: '' };
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash
    ? { name: ref.slice(0, colon), tag: ref.slice(colon + 1) }
    : { name: ref, tag: 'latest' };
}
