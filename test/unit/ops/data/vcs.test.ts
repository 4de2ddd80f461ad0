import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeHost } from '../../../../src/host/node-host.js';
import { trackedByGit } from '../../../../src/ops/data/vcs.js';
import { scratchFolders } from '../../../support/scratch.js';

const scratch = scratchFolders('stager-vcs-');

describe('trackedByGit', () => {
  it('is true for a folder holding tracked files, false for untracked ones and outside git', () => {
    const dir = scratch({ 'src/app.py': 'x', 'data/rows': 'y' });
    expect(trackedByGit(nodeHost, path.join(dir, 'src'))).toBe(false);
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args]);
    git('init', '-q');
    git('add', 'src');
    git('commit', '-qm', 'src');
    expect(trackedByGit(nodeHost, path.join(dir, 'src'))).toBe(true);
    expect(trackedByGit(nodeHost, path.join(dir, 'data'))).toBe(false);
    expect(trackedByGit(nodeHost, path.join(dir, 'missing'))).toBe(false);
  });
});
