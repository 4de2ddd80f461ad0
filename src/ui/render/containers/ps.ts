/**
 * `ps` as Compose v2 prints it, since scripts read it: the default table, `--format json` (one
 * object a line, v2's fields) and Go templates over the same fields.
 */
import type { PortBinding } from '../../../engine/engine.js';
import type { PsEntry, PsResult } from '../../../ops/containers/ps.js';
import { renderGoTemplate, type TemplateData } from '../../go-template.js';
import type { Style } from '../../style.js';
import { byteOrder, humanDuration } from '../../../format.js';

export const DEFAULT_PS_FORMAT =
  'table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}';

/** Header names as v2 gives them; fields v2 has no header for get their name in capitals. */
const HEADERS: Record<string, string> = {
  ID: 'CONTAINER ID',
  Name: 'NAME',
  Project: 'PROJECT',
  Service: 'SERVICE',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  LocalVolumes: 'LOCAL VOLUMES',
  Networks: 'NETWORKS',
  ExitCode: 'EXIT CODE',
};

/** The docker CLI's `formatter.Ellipsis`: at most `max` characters, the last one `…`. */
function ellipsis(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** Go's `time.Time.String()` in UTC: `2026-12-05 11:18:10 +0000 UTC`. */
function goTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}

const comparePorts = (a: PortBinding, b: PortBinding): number =>
  a.containerPort - b.containerPort ||
  byteOrder(a.hostIp ?? '', b.hostIp ?? '') ||
  (a.hostPort ?? 0) - (b.hostPort ?? 0) ||
  byteOrder(a.protocol, b.protocol);

/**
 * The docker CLI's PORTS column: ports published on the same number grouped into ranges
 * (`0.0.0.0:8000-8001->8000-8001/tcp`), other mappings after them.
 */
export function displayablePorts(ports: readonly PortBinding[]): string {
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const mappings: string[] = [];
  const form = (key: string, g: { first: number; last: number }): string => {
    const [ip, type] = key.includes('/') ? key.split('/') : ['', key];
    const range = g.first === g.last ? `${g.first}` : `${g.first}-${g.last}`;
    return `${ip ? `${ip}:${range}->${range}` : range}/${type}`;
  };
  for (const p of [...ports].sort(comparePorts)) {
    let key: string = p.protocol;
    if (p.hostIp) {
      if (p.hostPort !== p.containerPort) {
        const host = p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
        mappings.push(`${host}:${p.hostPort ?? 0}->${p.containerPort}/${p.protocol}`);
        continue;
      }
      key = `${p.hostIp}/${p.protocol}`;
    }
    const group = groups.get(key);
    if (!group) groups.set(key, { first: p.containerPort, last: p.containerPort });
    else if (p.containerPort === group.last + 1) group.last = p.containerPort;
    else {
      result.push(form(key, group));
      groups.set(key, { first: p.containerPort, last: p.containerPort });
    }
  }
  for (const [key, g] of groups) result.push(form(key, g));
  return [...result, ...mappings].join(', ');
}

/** One container as v2's `ps` formatter sees it; `trunc` as without `--no-trunc`. */
export function psFields(c: PsEntry, listedAt: string, trunc: boolean): TemplateData {
  // v2 keeps the engine's order, which changes from call to call; a fixed one is kinder to diffs.
  const publishers = [...c.ports].sort(comparePorts).map((p) => ({
    URL: p.hostIp ?? '',
    TargetPort: p.containerPort,
    PublishedPort: p.hostPort ?? 0,
    Protocol: p.protocol,
  }));
  const labels = Object.entries(c.labels)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',');
  return {
    Command: JSON.stringify(trunc ? ellipsis(c.command, 20) : c.command),
    CreatedAt: goTime(c.createdAt),
    ExitCode: c.exitCode,
    Health: c.state === 'running' && c.health !== 'none' ? c.health : '',
    ID: trunc ? c.id.slice(0, 12) : c.id,
    Image: c.image,
    Labels: labels,
    LocalVolumes: String(c.mounts.filter((m) => m.driver === 'local').length),
    Mounts: c.mounts.map((m) => (trunc ? ellipsis(m.name, 15) : m.name)).join(','),
    Name: c.name,
    Names: c.name,
    Networks: c.networks.join(','),
    Ports: displayablePorts(c.ports),
    Project: c.labels['com.docker.compose.project'] ?? '',
    Publishers: publishers,
    RunningFor: `${humanDuration(Date.parse(listedAt) - Date.parse(c.createdAt))} ago`,
    Service: c.service,
    Size: '0B',
    State: c.state,
    Status: c.status,
    Label: (name: string) => c.labels[name] ?? '',
  };
}

export interface PsView {
  format?: string;
  noTrunc?: boolean;
}

/** The table (default or `table ...`) or one line per container from a template. */
export function renderPs(result: PsResult, view: PsView = {}, style?: Style): string {
  const rows = result.containers.map((c) => psFields(c, result.listedAt, !view.noTrunc));
  const format = !view.format || view.format === 'table' ? DEFAULT_PS_FORMAT : view.format;
  return renderGoTemplate(format, rows, HEADERS, style);
}

/** `--format json`: one object a line with v2's fields, keys in order. */
export function renderPsJson(result: PsResult, view: PsView = {}): string {
  return result.containers
    .map((c) => {
      const fields = psFields(c, result.listedAt, !view.noTrunc);
      const data = Object.fromEntries(
        Object.entries(fields).filter(([, v]) => typeof v !== 'function'),
      );
      // Go's encoder escapes these three; scripts comparing bytes see the same text.
      const text = JSON.stringify(data).replace(
        /[<>&]/g,
        (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`,
      );
      return `${text}\n`;
    })
    .join('');
}

export function renderServices(result: PsResult): string {
  return [...new Set(result.containers.map((c) => c.service))].map((s) => `${s}\n`).join('');
}

export function renderIds(result: PsResult): string {
  return result.containers.map((c) => `${c.id}\n`).join('');
}
