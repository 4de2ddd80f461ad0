import type { FixPermsResult } from '../../../ops/data/fix-perms.js';
import { shortPath } from './reset.js';

export const renderFixPerms =
  (projectDir: string) =>
  (r: FixPermsResult): string =>
    r.folders.length
      ? `${r.folders.map((f) => shortPath(f, projectDir)).join(', ')} now owned by ${r.owner}\n`
      : 'no bind-mounted folders to give back\n';
