/** The disk as config code reads it. */
import fs from 'node:fs';
import type { SourceFs } from '../config/source-fs.js';
import { UsageError } from '../errors.js';

export const nodeFs: SourceFs = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      // A path the project names that cannot be read is the user's to fix: one line, exit 2.
      if (code === 'EISDIR') throw new UsageError(`${file}: a folder, not a file`);
      if (code === 'EACCES' || code === 'EPERM')
        throw new UsageError(`${file}: cannot be read (permission denied)`, {
          hint: `ls -l ${file} shows who may read it`,
        });
      throw err;
    }
  },
  isFile(file) {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  },
  isDirectory(dir) {
    return fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
  },
};
