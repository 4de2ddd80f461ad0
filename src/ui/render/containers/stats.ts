/** `stats` as the docker CLI prints it, which is what Compose v2 prints. */
import type { StatsEntry } from '../../../ops/containers/stats.js';
import { humanSize } from '../../../format.js';
import { renderGoTemplate, type TemplateData } from '../../go-template.js';
import type { Style } from '../../style.js';

export const DEFAULT_STATS_FORMAT =
  'table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';

const HEADERS: Record<string, string> = {
  Container: 'CONTAINER',
  ID: 'CONTAINER ID',
  Name: 'NAME',
  CPUPerc: 'CPU %',
  MemUsage: 'MEM USAGE / LIMIT',
  MemPerc: 'MEM %',
  NetIO: 'NET I/O',
  BlockIO: 'BLOCK I/O',
  PIDs: 'PIDS',
};

/** Go's `units.BytesSize`: binary units, four significant digits (`1.5MiB`). */
export function binarySize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toPrecision(4))}${units[unit]}`;
}

export function statsFields(e: StatsEntry, noTrunc = false): TemplateData {
  const s = e.stats;
  return {
    BlockIO: `${humanSize(s.blockRead)} / ${humanSize(s.blockWrite)}`,
    CPUPerc: `${s.cpuPercent.toFixed(2)}%`,
    Container: e.name,
    ID: noTrunc ? e.id : e.id.slice(0, 12),
    MemPerc: `${s.memPercent.toFixed(2)}%`,
    MemUsage: `${binarySize(s.memUsage)} / ${binarySize(s.memLimit)}`,
    Name: e.name,
    NetIO: `${humanSize(s.netRx)} / ${humanSize(s.netTx)}`,
    PIDs: String(s.pids),
  };
}

export interface StatsView {
  format?: string;
  noTrunc?: boolean;
}

export function renderStats(
  r: { containers: StatsEntry[] },
  view: StatsView = {},
  style?: Style,
): string {
  const rows = r.containers.map((e) => statsFields(e, view.noTrunc));
  if (view.format === 'json') return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  const format = !view.format || view.format === 'table' ? DEFAULT_STATS_FORMAT : view.format;
  return renderGoTemplate(format, rows, HEADERS, style);
}
