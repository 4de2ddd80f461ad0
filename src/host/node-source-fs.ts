/** The disk as config code reads it. */
import fs from 'node:fs';
import type { SourceFs } from '../config/source-fs.js';

export const nodeFs: SourceFs = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (err) {
      if (
        (err as NodeJS.ErrnoException).code === 'ENOENT' ||
        (err as NodeJS.ErrnoException).code === 'ENOTDIR'
      ) {
        return undefined;
      }
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
