import type { ProjectEvent } from '../../../ops/containers/events.js';
import { byteOrder } from '../../../format.js';

const sorted = (attributes: Record<string, string>): [string, string][] =>
  Object.entries(attributes).sort(([a], [b]) => byteOrder(a, b));

/** Compose v2's line: `2026-12-05 11:18:10.123456 container start ID (image=..., name=...)`. */
export function renderEvent(e: ProjectEvent): string {
  const micro = e.time.replace(/\.(\d+)Z$/, (_, f: string) => `.${f.padEnd(6, '0').slice(0, 6)}Z`);
  const when = micro.includes('.')
    ? `${micro.slice(0, 10)} ${micro.slice(11, -1)}`
    : `${micro.slice(0, 10)} ${micro.slice(11, -1)}.000000`;
  const attrs = sorted(e.attributes)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${when} container ${e.action} ${e.id} (${attrs})\n`;
}

/** `--json`: v2's object, keys in the order Go writes a map's. */
export function renderEventJson(e: ProjectEvent): string {
  return `${JSON.stringify({
    action: e.action,
    attributes: Object.fromEntries(sorted(e.attributes)),
    id: e.id,
    service: e.service,
    time: e.time,
    type: 'container',
  })}\n`;
}
