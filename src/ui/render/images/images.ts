import type { PullResult } from '../../../ops/images/pull.js';
import type { PushResult } from '../../../ops/images/push.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

function status(text: string, style: Style): string {
  if (text === 'failed') return style.red(text);
  if (text === 'pulled' || text === 'pushed') return style.green(text);
  return style.dim(text);
}

export function renderPull(result: PullResult, style: Style): string {
  if (!result.images.length) return 'no service of this project pulls an image\n';
  return renderTable(
    ['IMAGE', 'SERVICES', 'STATUS'],
    result.images.map((i) => [i.image, i.services.join(', '), status(i.status, style)]),
    style,
  );
}

export function renderPush(result: PushResult, style: Style): string {
  if (!result.images.length) return 'no service of this project has an image to push\n';
  return renderTable(
    ['IMAGE', 'SERVICES', 'STATUS'],
    result.images.map((i) => [i.image, i.services.join(', '), status(i.status, style)]),
    style,
  );
}
