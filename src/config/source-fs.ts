/**
 * The few file operations config code needs, handed in so that loading stays testable with an
 * in-memory tree and nothing in src/config reaches for the real disk on its own (the real one is
 * src/host/node-source-fs.ts).
 */
export interface SourceFs {
  /** The file's text, or undefined when there is no such file. */
  readFile(file: string): string | undefined;
  isFile(file: string): boolean;
  isDirectory(dir: string): boolean;
}

/** An in-memory tree for tests: paths are absolute, folders are implied by the files in them. */
export function memoryFs(files: Record<string, string>): SourceFs {
  const dirs = new Set<string>();
  for (const file of Object.keys(files)) {
    let dir = file;
    while (dir.includes('/') && dir !== '/') {
      dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
      dirs.add(dir);
    }
  }
  return {
    readFile: (file) => files[file],
    isFile: (file) => file in files,
    isDirectory: (dir) => dirs.has(dir),
  };
}
