/** The project's x-stager hooks, read once per command and run with the process's own output. */
import type { Project } from '../config/model/project.js';
import type { HookEvent } from '../config/tasks.js';
import type { OpContext } from '../ops/context.js';

export interface ProjectHooks {
  run(ctx: OpContext, event: HookEvent): Promise<void>;
}

export async function projectHooks(project: Project): Promise<ProjectHooks> {
  const { stagerSection } = await import('../config/tasks.js');
  const section = stagerSection(project);
  return {
    async run(ctx, event) {
      if (!section.hooks[event]?.length) return;
      // Hooks print on the terminal themselves: the live table stops redrawing first.
      const [{ runHooks }, { closeOutputs }] = await Promise.all([
        import('../ops/containers/tasks.js'),
        import('./runtime.js'),
      ]);
      closeOutputs();
      await runHooks(ctx, project, section, event, {
        io: { stdout: process.stdout, stderr: process.stderr },
      });
    },
  };
}
