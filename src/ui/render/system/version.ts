import type { VersionResult } from '../../../ops/system/version.js';
import type { Style } from '../../style.js';

export function renderVersion(v: VersionResult, style: Style): string {
  const rows: [string, string][] = [
    ['stager', v.client.version],
    ['node', v.client.node],
    ['engine', `${v.engine.version} (${v.engine.os}/${v.engine.arch})`],
    [
      'api',
      `${v.engine.negotiatedApiVersion} (engine ${v.engine.minApiVersion}–${v.engine.apiVersion})`,
    ],
    [
      'buildkit',
      v.engine.buildkit
        ? `${style.green('available')} (engine default: ${v.engine.defaultBuilder})`
        : style.yellow('not available (classic builder only)'),
    ],
    ['endpoint', `${v.endpoint.url} (${v.endpoint.source})`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, val]) => `${style.bold(k.padEnd(width))}  ${val}`).join('\n') + '\n';
}
