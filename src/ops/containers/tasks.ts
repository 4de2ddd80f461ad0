/**
 * Running the project's tasks and hooks: in the service's running container (exec), in a
 * one-off container when it is not up (run --rm), or on the host; the exit code comes back.
 */
import type { Project } from '../../config/model/project.js';
import { taskArgv, type HookEvent, type StagerSection, type Task } from '../../config/tasks.js';
import { StagerError } from '../../errors.js';
import { Label, projectFilter } from '../../engine/labels.js';
import type { OpContext } from '../context.js';
import { execInService, runOneOff, type Terminal } from './exec.js';
import { isOneoff } from '../lifecycle/plan.js';
import { progress } from '../progress.js';

export async function runTask(
  ctx: OpContext,
  project: Project,
  task: Task,
  args: readonly string[],
  terminal: Terminal,
  tty: boolean,
): Promise<number> {
  const argv = taskArgv(task.command, args);
  if (task.target.on === 'host') return runOnHost(ctx, project, argv, terminal);
  const { service, user, workdir, env } = task.target;
  const running = (
    await ctx.engine.listContainers({
      labels: [projectFilter(project.name), `${Label.service}=${service}`],
    })
  ).filter((c) => !isOneoff(c));
  const stdin = terminal.io.stdin !== undefined;
  if (running.length) {
    return execInService(
      ctx,
      { project: project.name, service, command: argv, user, workdir, env, tty, stdin },
      terminal,
    );
  }
  const result = await runOneOff(
    ctx,
    project,
    { service, command: argv, user, workdir, env, rm: true, tty, stdin },
    terminal,
  );
  return result.exitCode ?? 0;
}

async function runOnHost(
  ctx: OpContext,
  project: Project,
  argv: string[],
  terminal: Terminal,
): Promise<number> {
  try {
    return await ctx.host.exec.interactive(argv[0]!, argv.slice(1), {
      cwd: project.workingDir,
      stdin: terminal.io.stdin !== undefined,
    });
  } catch (err) {
    throw new StagerError(`could not run ${argv.join(' ')} on the host: ${(err as Error).message}`);
  }
}

export class HookFailedError extends StagerError {}

const describeTask = (t: Task): string =>
  `${t.target.on === 'host' ? 'host' : t.target.service}: ${Array.isArray(t.command) ? t.command.join(' ') : t.command}`;

/** Runs the hooks of an event in order; the first that fails stops the command, named. */
export async function runHooks(
  ctx: OpContext,
  project: Project,
  section: StagerSection,
  event: HookEvent,
  terminal: Terminal,
): Promise<void> {
  const hooks = section.hooks[event] ?? [];
  for (const [i, hook] of hooks.entries()) {
    const label = `Hook ${event}${hooks.length > 1 ? ` ${i + 1}` : ''}`;
    // A line, not a live row: the hook's own output follows it on the terminal.
    ctx.reporter.report({ type: 'info', message: `${label}: ${describeTask(hook)}` });
    const row = progress(ctx.reporter).row(`hook:${event}:${i}`, label);
    const code = await runTask(ctx, project, hook, [], terminal, false);
    if (code !== 0) {
      row.failed(`exit code ${code}`);
      throw new HookFailedError(
        `hook ${event} (${describeTask(hook)}) failed with exit code ${code}`,
        {
          hint: `fix it, or remove it from x-stager.hooks.${event}`,
        },
      );
    }
    row.done('Done');
  }
}
