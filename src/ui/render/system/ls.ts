import type { ListedProject } from '../../../ops/system/ls.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

export interface ProjectList {
  projects: ListedProject[];
}

/** Compose v2's table, column for column: scripts written for `docker compose ls` read it. */
export const renderProjects = (r: ProjectList, style: Style): string =>
  renderTable(
    ['NAME', 'STATUS', 'CONFIG FILES'],
    r.projects.map((p) => [p.name, p.status, p.configFiles]),
    style,
    { minWidth: 20 },
  );

export const renderProjectNames = (r: ProjectList): string =>
  r.projects.map((p) => `${p.name}\n`).join('');

/** `--format json`: one line, v2's field names. */
export const renderProjectsJson = (r: ProjectList): string =>
  `${JSON.stringify(r.projects.map((p) => ({ Name: p.name, Status: p.status, ConfigFiles: p.configFiles })))}\n`;
