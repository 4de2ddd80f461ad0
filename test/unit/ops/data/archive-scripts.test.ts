/**
 * The snapshot helper's scripts, run here with this machine's sh and GNU tar and with BusyBox's:
 * what they keep, and how a restore cut at each of its phases is undone by the next one.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  keptBy,
  restoreFolderScripts,
  restoreVolumeScripts,
  type RestoreScripts,
  saveScript,
} from '../../../../src/ops/data/archive-scripts.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'stager-archive-'));
  dirs.push(d);
  return d;
}

/** A folder of BusyBox's applets: the scripts run there as in the default helper image. */
let busyboxPath: string | undefined;
function busybox(): string {
  if (busyboxPath) return busyboxPath;
  const d = scratch();
  dirs.pop(); // kept for the whole file
  execFileSync('busybox', ['--install', '-s', d]);
  busyboxPath = d;
  return d;
}

type Shell = 'gnu' | 'busybox';
function run(shell: Shell, script: string): { code: number; out: string[] } {
  try {
    const out =
      shell === 'gnu'
        ? execFileSync('sh', ['-c', script], { encoding: 'utf8', stdio: 'pipe' })
        : execFileSync(path.join(busybox(), 'sh'), ['-c', script], {
            encoding: 'utf8',
            stdio: 'pipe',
            env: { PATH: busybox() },
          });
    return { code: 0, out: out.split('\n') };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, out: String(e.stdout).split('\n') };
  }
}

const xattr = (file: string): string =>
  execFileSync('getfattr', ['--only-values', '-n', 'user.origin', file], {
    encoding: 'utf8',
    stdio: 'pipe',
  });

const OLD = new Date('2020-02-02T02:02:02Z');

/** A data folder as a database leaves it: nested folders with old times, dotfiles, a link. */
function dataFolder(root: string): string {
  const src = path.join(root, 'src');
  mkdirSync(path.join(src, 'base', '16384'), { recursive: true });
  writeFileSync(path.join(src, 'base', '16384', 'table'), 'rows');
  writeFileSync(path.join(src, '.hidden'), 'dot');
  writeFileSync(path.join(src, '..odd'), 'dotdot');
  symlinkSync('base/16384/table', path.join(src, 'link'));
  execFileSync('setfattr', [
    '-n',
    'user.origin',
    '-v',
    'saved',
    path.join(src, 'base', '16384', 'table'),
  ]);
  for (const d of [path.join(src, 'base', '16384'), path.join(src, 'base'), src])
    utimesSync(d, OLD, OLD);
  return src;
}

/** Every entry under `dir` with its kind and content: two equal trees print the same. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      const st = statSync(full, { throwIfNoEntry: false });
      const lst = readdirSync(d, { withFileTypes: true }).find((e) => e.name === name)!;
      if (lst.isSymbolicLink()) out.push(`${rel}${name} -> link`);
      else if (st?.isDirectory()) {
        out.push(`${rel}${name}/`);
        walk(full, `${rel}${name}/`);
      } else out.push(`${rel}${name}: ${readFileSync(full, 'utf8')}`);
    }
  };
  walk(dir, '');
  return out;
}

/** Prepares, then commits when that succeeded: the first failing phase's exit code. */
function restoreWith(shell: Shell, scripts: RestoreScripts): { code: number } {
  const prepared = run(shell, scripts.prepare);
  return prepared.code ? prepared : run(shell, scripts.commit);
}

function save(shell: Shell, root: string, src: string): { archive: string; keeps: string } {
  const out = path.join(root, 'out');
  mkdirSync(out, { recursive: true });
  const owner = `${process.getuid!()}:${process.getgid!()}`;
  const r = run(shell, saveScript({ archive: 'a.tar.gz', owner, data: src, out }));
  expect(r.code).toBe(0);
  expect(statSync(path.join(out, 'a.tar.gz')).mode & 0o777).toBe(0o600);
  return { archive: 'a.tar.gz', keeps: keptBy(r.out) };
}

describe.each(['gnu', 'busybox'] as const)('with %s tar', (shell) => {
  it('saves and restores a folder by swapping it whole', () => {
    const root = scratch();
    const src = dataFolder(root);
    const { archive, keeps } = save(shell, root, src);
    expect(keeps).toBe(shell === 'gnu' ? 'xattrs' : 'none');
    const parent = path.join(root, 'project');
    mkdirSync(path.join(parent, 'data', 'later'), { recursive: true });
    writeFileSync(path.join(parent, 'data', 'later', 'new'), 'written after the snapshot');
    const r = restoreWith(
      shell,
      restoreFolderScripts({ archive, folder: 'data', parent, input: path.join(root, 'out') }),
    );
    expect(r.code).toBe(0);
    expect(tree(path.join(parent, 'data'))).toEqual(tree(src));
    expect(readdirSync(parent)).toEqual(['data']);
    if (shell === 'gnu') {
      expect(xattr(path.join(parent, 'data', 'base', '16384', 'table'))).toBe('saved');
      for (const d of ['data', 'data/base', 'data/base/16384'])
        expect(statSync(path.join(parent, d)).mtime).toEqual(OLD);
    }
  });

  it('restores a volume through a folder inside it, dotfiles and times included', () => {
    const root = scratch();
    const src = dataFolder(root);
    const { archive } = save(shell, root, src);
    const volume = path.join(root, 'volume');
    mkdirSync(path.join(volume, 'later'), { recursive: true });
    writeFileSync(path.join(volume, '.later'), 'x');
    const r = restoreWith(
      shell,
      restoreVolumeScripts({ archive, data: volume, input: path.join(root, 'out') }),
    );
    expect(r.code).toBe(0);
    expect(tree(volume)).toEqual(tree(src));
    if (shell === 'gnu') {
      expect(xattr(path.join(volume, 'base', '16384', 'table'))).toBe('saved');
      expect(statSync(volume).mtime).toEqual(OLD);
    }
  });

  it('leaves the data as it was when the archive is garbage', () => {
    const root = scratch();
    const src = dataFolder(root);
    mkdirSync(path.join(root, 'out'));
    writeFileSync(path.join(root, 'out', 'bad.tar.gz'), 'not an archive');
    const before = tree(src);
    const input = path.join(root, 'out');
    expect(
      restoreWith(shell, restoreVolumeScripts({ archive: 'bad.tar.gz', data: src, input })).code,
    ).toBe(1);
    expect(tree(src)).toEqual(before);
    expect(
      restoreWith(
        shell,
        restoreFolderScripts({ archive: 'bad.tar.gz', folder: 'src', parent: root, input }),
      ).code,
    ).toBe(1);
    expect(tree(src)).toEqual(before);
  });
});

it("BusyBox's tar restores what GNU tar saved", () => {
  const root = scratch();
  const src = dataFolder(root);
  const { archive } = save('gnu', root, src);
  const volume = path.join(root, 'volume');
  mkdirSync(volume);
  const r = restoreWith(
    'busybox',
    restoreVolumeScripts({ archive, data: volume, input: path.join(root, 'out') }),
  );
  expect(r.code).toBe(0);
  expect(tree(volume)).toEqual(tree(src));
});

describe('a restore cut in the middle is undone by the next one', () => {
  const garbage = (root: string): string => {
    mkdirSync(path.join(root, 'out'), { recursive: true });
    writeFileSync(path.join(root, 'out', 'bad.tar.gz'), 'not an archive');
    return path.join(root, 'out');
  };

  it('folder: cut between its two renames', () => {
    const root = scratch();
    const input = garbage(root);
    const parent = path.join(root, 'project');
    // The live folder renamed aside, the new one complete beside it.
    mkdirSync(path.join(parent, '.stager-restore-old-data'), { recursive: true });
    writeFileSync(path.join(parent, '.stager-restore-old-data', 'db'), 'live');
    mkdirSync(path.join(parent, '.stager-restore-new-data'));
    writeFileSync(path.join(parent, '.stager-restore-new-data', 'db'), 'saved');
    const r = restoreWith(
      'gnu',
      restoreFolderScripts({ archive: 'bad.tar.gz', folder: 'data', parent, input }),
    );
    expect(r.code).toBe(1);
    expect(readdirSync(parent)).toEqual(['data']);
    expect(readFileSync(path.join(parent, 'data', 'db'), 'utf8')).toBe('live');
  });

  it('volume: cut while the old data was being moved aside', () => {
    const root = scratch();
    const input = garbage(root);
    const volume = path.join(root, 'volume');
    mkdirSync(path.join(volume, '.stager-restore-old'), { recursive: true });
    mkdirSync(path.join(volume, '.stager-restore-new'));
    writeFileSync(path.join(volume, 'still-here'), 'live 1');
    writeFileSync(path.join(volume, '.stager-restore-old', 'moved'), 'live 2');
    writeFileSync(path.join(volume, '.stager-restore-new', 'moved'), 'saved');
    expect(
      restoreWith('gnu', restoreVolumeScripts({ archive: 'bad.tar.gz', data: volume, input })).code,
    ).toBe(1);
    expect(tree(volume)).toEqual(['moved: live 2', 'still-here: live 1']);
  });

  it('volume: cut while the new data was being moved up', () => {
    const root = scratch();
    const input = garbage(root);
    const volume = path.join(root, 'volume');
    mkdirSync(path.join(volume, '.stager-restore-old-done'), { recursive: true });
    mkdirSync(path.join(volume, '.stager-restore-new'));
    writeFileSync(path.join(volume, '.stager-restore-old-done', 'a'), 'live a');
    writeFileSync(path.join(volume, '.stager-restore-old-done', '.b'), 'live b');
    writeFileSync(path.join(volume, 'a'), 'saved a');
    writeFileSync(path.join(volume, '.stager-restore-new', 'c'), 'saved c');
    expect(
      restoreWith('gnu', restoreVolumeScripts({ archive: 'bad.tar.gz', data: volume, input })).code,
    ).toBe(1);
    expect(tree(volume)).toEqual(['.b: live b', 'a: live a']);
  });
});

describe('two phases', () => {
  it('prepare changes nothing the services see, and abort drops what it prepared', () => {
    const root = scratch();
    const src = dataFolder(root);
    const { archive } = save('gnu', root, src);
    const input = path.join(root, 'out');
    const parent = path.join(root, 'project');
    mkdirSync(path.join(parent, 'data'), { recursive: true });
    writeFileSync(path.join(parent, 'data', 'db'), 'live');
    const volume = path.join(root, 'volume');
    mkdirSync(volume);
    writeFileSync(path.join(volume, 'db'), 'live');
    const folder = restoreFolderScripts({ archive, folder: 'data', parent, input });
    const vol = restoreVolumeScripts({ archive, data: volume, input });
    for (const scripts of [folder, vol]) expect(run('gnu', scripts.prepare).code).toBe(0);
    expect(readFileSync(path.join(parent, 'data', 'db'), 'utf8')).toBe('live');
    expect(readFileSync(path.join(volume, 'db'), 'utf8')).toBe('live');
    for (const scripts of [folder, vol]) expect(run('gnu', scripts.abort).code).toBe(0);
    expect(tree(parent)).toEqual(['data/', 'data/db: live']);
    expect(tree(volume)).toEqual(['db: live']);
  });
});
