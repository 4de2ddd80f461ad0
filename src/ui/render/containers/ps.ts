import type { PortBinding } from '../../../engine/engine.js';
import type { PsEntry, PsResult } from '../../../ops/containers/ps.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

export function formatPorts(ports: readonly PortBinding[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of [...ports].sort((a, b) => a.containerPort - b.containerPort)) {
    const host = p.hostPort
      ? `${p.hostIp && p.hostIp !== '::' ? p.hostIp : p.hostIp === '::' ? '[::]' : '0.0.0.0'}:${p.hostPort}->`
      : '';
    const text = `${host}${p.containerPort}/${p.protocol}`;
    if (!seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
  }
  return out.join(', ');
}

function stateCell(c: PsEntry, style: Style): string {
  const code = /^Exited \((\d+)\)/.exec(c.status)?.[1];
  const state = c.state === 'exited' && code !== undefined ? `exited (${code})` : c.state;
  if (c.state === 'running') return style.green(state);
  if (c.state === 'exited' || c.state === 'dead') return style.red(state);
  return style.yellow(state);
}

function healthCell(c: PsEntry, style: Style): string {
  switch (c.health) {
    case 'healthy':
      return style.green('healthy');
    case 'unhealthy':
      return style.red('unhealthy');
    case 'starting':
      return style.yellow('starting');
    default:
      return '';
  }
}

/** `Up 3 minutes (healthy)` -> `3 minutes`; nothing for containers that are not up. */
function uptime(c: PsEntry): string {
  const m = /^Up (.+?)(?: \(.*\))?$/.exec(c.status);
  return m ? m[1]! : '';
}

export function renderPs(result: PsResult, style: Style): string {
  if (result.containers.length === 0) return '';
  const rows = result.containers.map((c) => [
    style.keyed(c.service, c.service),
    c.name,
    c.image,
    stateCell(c, style),
    healthCell(c, style),
    uptime(c),
    formatPorts(c.ports),
  ]);
  return renderTable(
    ['SERVICE', 'NAME', 'IMAGE', 'STATE', 'HEALTH', 'UPTIME', 'PORTS'],
    rows,
    style,
  );
}

export function renderServices(result: PsResult): string {
  return [...new Set(result.containers.map((c) => c.service))].map((s) => `${s}\n`).join('');
}

export function renderIds(result: PsResult): string {
  return result.containers.map((c) => `${c.id}\n`).join('');
}
