/** Paths the project names that cannot be read: one line each, exit 2, never "this is a bug". */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverComposeFiles } from '../../../src/config/discover.js';
import { UsageError } from '../../../src/errors.js';
import { nodeFs } from '../../../src/host/node-source-fs.js';
import { scratchFolders } from '../../support/scratch.js';

const scratch = scratchFolders();

describe('reading the project from the disk', () => {
  it('says a folder is a folder, as a file to read and as a compose file named with -f', () => {
    const dir = scratch({ 'compose.yaml': 'services: {}\n' });
    mkdirSync(path.join(dir, 'conf'));
    expect(() => nodeFs.readFile(path.join(dir, 'conf'))).toThrow(
      new UsageError(`${path.join(dir, 'conf')}: a folder, not a file`),
    );
    expect(nodeFs.readFile(path.join(dir, 'missing'))).toBeUndefined();
    expect(() =>
      discoverComposeFiles({
        cwd: dir,
        fs: nodeFs,
        files: ['conf'],
        composeFile: undefined,
        pathSeparator: ':',
      }),
    ).toThrow('-f: conf: a folder, not a compose file');
    writeFileSync(path.join(dir, 'x'), 'y');
    expect(nodeFs.readFile(path.join(dir, 'x'))).toBe('y');
  });
});
