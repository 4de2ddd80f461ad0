/** `images` as Compose v2 prints it: its table, `--format json` and `-q`. */
import type { ContainerImage } from '../../../ops/images/project-images.js';
import { humanDuration, humanSize } from '../../../format.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

export interface ImagesResult {
  project: string;
  listedAt: string;
  images: ContainerImage[];
}

export function renderImages(r: ImagesResult, style: Style): string {
  return renderTable(
    ['CONTAINER', 'REPOSITORY', 'TAG', 'PLATFORM', 'IMAGE ID', 'SIZE', 'CREATED'],
    r.images.map((i) => [
      i.container,
      i.repository || '<none>',
      i.tag || '<none>',
      i.platform,
      i.id.replace(/^sha256:/, '').slice(0, 12),
      humanSize(i.size),
      i.created ? `${humanDuration(Date.parse(r.listedAt) - Date.parse(i.created))} ago` : 'N/A',
    ]),
    style,
    { minWidth: 20 },
  );
}

export function renderImagesJson(r: ImagesResult): string {
  return `${JSON.stringify(
    r.images.map((i) => ({
      ID: i.id,
      ContainerName: i.container,
      Repository: i.repository,
      Tag: i.tag,
      Platform: i.platform,
      Size: i.size,
      LastTagTime: i.lastTagTime || '0001-01-01T00:00:00Z',
    })),
  )}\n`;
}

/** Each image id once, without `sha256:`. */
export function renderImageIds(r: ImagesResult): string {
  return [...new Set(r.images.map((i) => i.id.replace(/^sha256:/, '')))]
    .map((id) => `${id}\n`)
    .join('');
}
