import type { InitResult, TemplateInfo } from '../../../ops/project/init.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

export const renderTemplates = (r: { templates: TemplateInfo[] }, style: Style): string =>
  renderTable(
    ['TEMPLATE', 'DESCRIPTION'],
    r.templates.map((t) => [t.name, t.description]),
    style,
  );

/** What was created and the next three commands; `cd` first when the project is elsewhere. */
export const renderInit =
  (dirArgument: string | undefined) =>
  (r: InitResult): string =>
    [
      `created ${r.created.length} files from ${r.template} in ${r.dir}${r.merged.length ? ` (added to ${r.merged.join(', ')})` : ''}`,
      'next:',
      `  ${dirArgument ? `cd ${dirArgument} && ` : ''}stager env init --generate-secrets`,
      '  stager up -d --wait',
      '  stager tasks',
      '',
    ].join('\n');
