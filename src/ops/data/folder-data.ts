/**
 * Sizing and emptying the host folders that hold a project's data. Symlinks are removed, never
 * followed; what the host user may not delete is left to a helper container.
 */
import path from 'node:path';
import type { HostFs } from '../../host/host.js';

export interface FolderSize {
  files: number;
  bytes: number;
  /** Some folders could not be read: the figures are a lower bound. */
  partial: boolean;
}

export function measureFolder(fs: HostFs, folder: string): FolderSize {
  const size: FolderSize = { files: 0, bytes: 0, partial: false };
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') size.partial = true;
      return;
    }
    for (const name of entries) {
      const p = path.join(dir, name);
      let st;
      try {
        st = fs.lstatSync(p);
      } catch {
        size.partial = true;
        continue;
      }
      if (st.isDirectory()) walk(p);
      else {
        size.files++;
        size.bytes += st.size;
      }
    }
  };
  walk(folder);
  return size;
}

/**
 * Deletes everything inside `folder`, keeping the folder. Returns false when some of it is not
 * the host user's to delete (EACCES, EPERM): the caller then asks a helper container.
 */
export function emptyFolder(fs: HostFs, folder: string, keep: readonly string[] = []): boolean {
  let entries: string[];
  try {
    entries = fs.readdirSync(folder);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return true;
    if (code === 'EACCES' || code === 'EPERM') return false;
    throw err;
  }
  for (const name of entries) {
    const entry = path.join(folder, name);
    if (keep.includes(entry)) continue;
    // A folder that holds something to keep is emptied around it, not removed.
    if (keep.some((k) => k.startsWith(`${entry}/`))) {
      if (!emptyFolder(fs, entry, keep)) return false;
      continue;
    }
    try {
      // rm on a symlink removes the link: nothing outside the folder is reached.
      fs.rmSync(entry, { recursive: true, force: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'ENOTEMPTY') return false;
      throw err;
    }
  }
  return true;
}

/**
 * The shell script a helper runs to empty a mounted folder, hidden files included, leaving
 * `keep` (paths relative to the folder) and the folders that lead to them in place.
 */
export function emptyScript(target: string, keep: readonly string[] = []): string {
  const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
  const t = quote(target);
  if (!keep.length) return `rm -rf ${t}/..?* ${t}/.[!.]* ${t}/*`;
  const spared = new Set<string>();
  for (const k of keep) {
    spared.add(`-path ${quote(`./${k}`)} -o -path ${quote(`./${k}/*`)}`);
    const parts = k.split('/');
    for (let i = 1; i < parts.length; i++)
      spared.add(`-path ${quote(`./${parts.slice(0, i).join('/')}`)}`);
  }
  return `cd ${t} && find . -mindepth 1 -depth ! \\( ${[...spared].join(' -o ')} \\) -exec rm -rf {} +`;
}
