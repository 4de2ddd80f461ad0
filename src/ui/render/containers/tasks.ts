import type { StagerSection, Task } from '../../../config/tasks.js';
import type { Style } from '../../style.js';
import { renderTable } from '../../table.js';

const where = (t: Task): string => (t.target.on === 'host' ? 'host' : t.target.service);
const what = (t: Task): string => (Array.isArray(t.command) ? t.command.join(' ') : t.command);

export function renderTasks(section: StagerSection, style: Style): string {
  const tasks = Object.values(section.tasks);
  const hooks = Object.entries(section.hooks).flatMap(([event, list]) =>
    (list ?? []).map((t) => [event, where(t), what(t)]),
  );
  if (!tasks.length && !hooks.length) return 'no tasks: define them under x-stager.tasks\n';
  const out: string[] = [];
  if (tasks.length)
    out.push(
      renderTable(
        ['TASK', 'RUNS IN', 'COMMAND', 'DESCRIPTION'],
        tasks.map((t) => [style.bold(t.name), where(t), what(t), t.description ?? '']),
        style,
      ),
    );
  if (hooks.length) out.push(renderTable(['HOOK', 'RUNS IN', 'COMMAND'], hooks, style));
  return out.join('\n');
}
