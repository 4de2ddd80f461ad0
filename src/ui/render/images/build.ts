import { formatSeconds, shortId } from '../../../format.js';
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
      shortId(i.id),
      i.builder === 'buildkit' ? String(i.steps) : '',
      i.builder === 'buildkit' ? String(i.cached) : '',
      formatSeconds(i.durationMs),
    ]),
    style,
  );
}
