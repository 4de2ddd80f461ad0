/** What the project's version control knows: source files that a data reset must not delete. */
import { existsSync } from 'node:fs';
import { execaSync } from 'execa';

/** Whether git tracks a file in `folder`; false outside a repository, or without git. */
export function trackedByGit(folder: string): boolean {
  if (!existsSync(folder)) return false;
  const r = execaSync('git', ['-C', folder, 'ls-files', '-z', '--', '.'], {
    reject: false,
    timeout: 10_000,
    stdin: 'ignore',
  });
  return r.exitCode === 0 && String(r.stdout).length > 0;
}
