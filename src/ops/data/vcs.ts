/** What the project's version control knows: source files that a data reset must not delete. */
import type { Host } from '../../host/host.js';

/** Whether git tracks a file in `folder`; false outside a repository, or without git. */
export function trackedByGit(host: Host, folder: string): boolean {
  if (!host.fs.existsSync(folder)) return false;
  const r = host.exec.runSync('git', ['-C', folder, 'ls-files', '-z', '--', '.'], {
    timeoutMs: 10_000,
  });
  return r.exitCode === 0 && r.stdout.length > 0;
}
