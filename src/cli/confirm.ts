/**
 * The question before deleting what a user may care about: asked in a terminal, refused
 * elsewhere unless `--yes`, so that a script never waits on a prompt nor deletes by surprise.
 */
import { UsageError, UserAbortError } from '../errors.js';
import type { Style } from '../ui/style.js';
import type { Runtime } from './runtime.js';

export async function confirmDeletion(
  rt: Runtime,
  options: {
    /** `--yes` was given: nothing to ask. */
    yes: boolean | undefined;
    /** `prune would remove 3 items (41 MB)`: the command, its verb and what. */
    command: string;
    verb: string;
    summary: string;
    /** The list shown above the question, rendered without colors. */
    details: (style: Style) => string;
  },
): Promise<void> {
  const { command, verb, summary, details } = options;
  if (options.yes) return;
  if (!rt.output.interactive || !process.stdin.isTTY)
    throw new UsageError(`${command} would ${verb} ${summary}; pass --yes to ${verb} them`, {
      hint: 'see them first with --dry-run',
    });
  const { plainStyle } = await import('../ui/style.js');
  process.stderr.write(details(plainStyle));
  const { default: confirm } = await import('@inquirer/confirm');
  const capital = verb.charAt(0).toUpperCase() + verb.slice(1);
  const yes = await confirm(
    { message: `${capital} ${summary}?`, default: false },
    { output: process.stderr },
  );
  if (!yes) throw new UserAbortError(`nothing was ${verb === 'remove' ? 'removed' : 'deleted'}`);
}
