import type { RunResult, TopResult } from '../../../ops/containers/exec.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

export const renderTop = (r: TopResult, style: Style): string =>
  r.containers
    .map((c) => `${style.bold(c.name)}\n${renderTable(c.titles, c.processes)}`)
    .join('\n');

/** `run -d` prints the container's name, for the scripts that go on with it. */
export const renderDetached = (r: RunResult): string => `${r.container}\n`;
