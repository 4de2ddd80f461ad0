/** Scratch folders for tests that touch the disk, removed after each test. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** Returns a maker of scratch folders holding the given files; each is removed after its test. */
export function scratchFolders(
  prefix = 'stager-test-',
): (files?: Record<string, string>) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return (files = {}) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    made.push(dir);
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    return dir;
  };
}
