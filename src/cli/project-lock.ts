/**
 * One writer at a time per project and engine: commands that change a project hold a lock file
 * while they run, so two `up`s (or an `up` and a `down`) never interleave their requests. A
 * second command waits and says for what; a lock whose process is gone is taken over.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
}

export interface ProjectLock {
  release(): void;
}

/** Where the locks live: a sticky folder every user may write, like /tmp itself. */
function lockDir(): string {
  const dir = path.join(os.tmpdir(), 'stager-locks');
  try {
    mkdirSync(dir, { mode: 0o1777 });
    chmodSync(dir, 0o1777);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return dir;
}

function lockFile(endpoint: string, project: string): string {
  const key = createHash('sha256').update(`${endpoint}\n${project}`).digest('hex').slice(0, 16);
  return path.join(lockDir(), `${project.slice(0, 64)}-${key}.lock`);
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function olderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > ms;
  } catch {
    return true;
  }
}

function alive(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the project's lock, waiting while another live command holds it (`onWait` is told once,
 * with the holder); with `wait: false` it throws `LockBusy` at once instead.
 */
export async function lockProject(options: {
  endpoint: string;
  project: string;
  command: string;
  wait: boolean;
  onWait: (holder: LockHolder) => void;
  pollMs?: number;
}): Promise<ProjectLock> {
  const file = lockFile(options.endpoint, options.project);
  const me: LockHolder = { pid: process.pid, host: os.hostname(), command: options.command };
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let held = true;
      const release = (): void => {
        if (!held) return;
        held = false;
        process.off('exit', release);
        if (readHolder(file)?.pid === me.pid) rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    // A holder that died, or a file left empty by one that died while writing it, is stale.
    if (holder ? !alive(holder) : olderThan(file, 5000)) {
      rmSync(file, { force: true });
      continue;
    }
    if (!options.wait) throw new LockBusy(options.project, holder);
    if (!told && holder) {
      options.onWait(holder);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
}

export class LockBusy extends Error {
  constructor(
    readonly project: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(
      `project ${project} is being changed by ${holder ? `\`${holder.command}\` (pid ${holder.pid})` : 'another stager command'}`,
    );
  }
}
