/**
 * `ls`: the Compose projects an engine runs, whoever started them, from their containers' labels:
 * what Compose v2 lists, in its words (`running(2)`, `exited(1), running(1)`).
 */
import type { ContainerSummary } from '../../engine/engine.js';
import { Label } from '../../engine/labels.js';
import type { OpContext } from '../context.js';

export interface ListedProject {
  name: string;
  /** Each state with its count, states in alphabetical order. */
  status: string;
  /** The compose files of its containers, each once, comma-separated. */
  configFiles: string;
}

export interface ListOptions {
  /** Projects whose containers are all stopped too. */
  all?: boolean;
  /** `--filter name=PATTERN`: a project is listed when any pattern matches its name. */
  names?: readonly string[];
}

function statusOf(containers: readonly ContainerSummary[]): string {
  const counts = new Map<string, number>();
  for (const c of containers) counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
  return [...counts.keys()]
    .sort()
    .map((state) => `${state}(${counts.get(state)})`)
    .join(', ');
}

function configFilesOf(containers: readonly ContainerSummary[]): string {
  const files: string[] = [];
  for (const c of containers) {
    const label = c.labels[Label.configFiles];
    // Compose v2 says N/A when a container does not say where it came from.
    if (label === undefined) return 'N/A';
    for (const f of label.split(',')) if (!files.includes(f)) files.push(f);
  }
  return files.join(',');
}

export async function listProjects(
  ctx: OpContext,
  options: ListOptions = {},
): Promise<ListedProject[]> {
  const containers = await ctx.engine.listContainers({
    labels: [Label.project, Label.configHash],
    all: options.all ?? false,
  });
  const byProject = new Map<string, ContainerSummary[]>();
  for (const c of containers) {
    const name = c.labels[Label.project]!;
    (byProject.get(name) ?? byProject.set(name, []).get(name)!).push(c);
  }
  const patterns = (options.names ?? []).map((n) => new RegExp(n));
  return [...byProject.keys()]
    .sort()
    .filter((name) => !patterns.length || patterns.some((p) => p.test(name)))
    .map((name) => {
      const own = byProject.get(name)!;
      return { name, status: statusOf(own), configFiles: configFilesOf(own) };
    });
}
