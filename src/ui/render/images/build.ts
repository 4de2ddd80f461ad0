import type { BuildResult } from '../../../ops/images/build.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

export function renderBuild(result: BuildResult, style: Style): string {
  if (!result.images.length) return 'no service of this project builds an image\n';
  return renderTable(
    ['IMAGE', 'SERVICES', 'ID', 'STEPS', 'CACHED', 'TIME'],
    result.images.map((i) => [
      style.bold(i.image),
      i.services.join(', '),
      i.id.replace(/^sha256:/, '').slice(0, 12),
      i.builder === 'buildkit' ? String(i.steps) : '',
      i.builder === 'buildkit' ? String(i.cached) : '',
      `${(i.durationMs / 1000).toFixed(1)}s`,
    ]),
    style,
  );
}
