/**
 * A cache of the loaded project, so that the commands run many times a day (`up` with nothing
 * to do, tasks, `exec`) skip parsing, merging and validating the compose files. An entry records
 * every file the loader looked at (its content hash, or that it was absent) and every variable it
 * read; it is used only when all of them are as recorded, and never across builds of stager.
 * STAGER_NO_CACHE=1 turns it off.
 */
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProjectLocation } from '../config/locate.js';
import type { Project } from '../config/model/project.js';
import type { ProjectOptions } from '../config/options.js';
import type { SourceFs } from '../config/source-fs.js';

/** What `ps`, `df` and `prune` need of the project: where it is and its name. */
export type CachedLocation = Pick<
  ProjectLocation,
  'name' | 'nameSource' | 'workingDir' | 'configFiles' | 'unsetVariables'
>;

/** What a cached load gives back: the model, and the little of the location commands use. */
export interface CachedLoad {
  project: Project;
  location: Omit<CachedLocation, 'unsetVariables'>;
  unsetVariables: string[];
}

type FsCall = ['read', string, string | null] | ['file' | 'dir', string, boolean];

interface Entry<T> {
  fs: FsCall[];
  env: [string, string | null][];
  result: T;
}

/** Projects remembered at most: one per folder and set of flags. */
const MAX_ENTRIES = 200;

const digest = (text: string): string => createHash('sha1').update(text).digest('hex');

/** Watches the loader's reads: the files and variables a result depends on. */
export class Recorder {
  readonly calls: FsCall[] = [];
  readonly vars = new Map<string, string | null>();
  /** Set when the loader did something that cannot be checked later (listed the environment). */
  uncacheable = false;

  /** Calls already recorded: an env_file shared by 20 services is checked once, not 20 times. */
  private readonly seen = new Set<string>();

  private record(call: FsCall): void {
    const key = JSON.stringify(call);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.calls.push(call);
  }

  fs(inner: SourceFs): SourceFs {
    return {
      readFile: (file) => {
        const text = inner.readFile(file);
        this.record(['read', file, text === undefined ? null : digest(text)]);
        return text;
      },
      isFile: (file) => {
        const yes = inner.isFile(file);
        this.record(['file', file, yes]);
        return yes;
      },
      isDirectory: (dir) => {
        const yes = inner.isDirectory(dir);
        this.record(['dir', dir, yes]);
        return yes;
      },
    };
  }

  env(inner: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
    return new Proxy({} as Record<string, string | undefined>, {
      get: (_t, key) => {
        if (typeof key !== 'string') return undefined;
        const value = inner[key];
        this.vars.set(key, value ?? null);
        return value;
      },
      has: (_t, key) => {
        if (typeof key === 'string') this.vars.set(key, inner[key] ?? null);
        return typeof key === 'string' && key in inner;
      },
      ownKeys: () => {
        this.uncacheable = true;
        return Reflect.ownKeys(inner);
      },
      getOwnPropertyDescriptor: (_t, key) => {
        this.uncacheable = true;
        return Reflect.getOwnPropertyDescriptor(inner, key);
      },
    });
  }
}

/** Holds a `CachedLoad`, or for the commands that need only the project's name, a location. */
export class ModelCache<T = CachedLoad> {
  constructor(
    private readonly dir: string,
    private readonly key: string,
  ) {}

  /** A cache for these options, or undefined when caching is off or cannot be safe. */
  static for<T = CachedLoad>(
    options: ProjectOptions & Record<string, unknown>,
    env: Readonly<Record<string, string | undefined>>,
  ): ModelCache<T> | undefined {
    if (env.STAGER_NO_CACHE === '1' || options.files?.includes('-')) return undefined;
    const dir =
      env.STAGER_CACHE_DIR ||
      path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'stager', 'projects');
    let build: string;
    try {
      // A rebuilt stager may load differently: its entries are not reused.
      const s = statSync(process.argv[1] ?? '');
      build = `${s.size}:${s.mtimeMs}`;
    } catch {
      return undefined;
    }
    const { fs: _fs, env: _env, stdin: _stdin, ...rest } = options;
    const key = digest(JSON.stringify({ build, ...rest }));
    return new ModelCache<T>(dir, key);
  }

  private get file(): string {
    return path.join(this.dir, `${this.key}.json`);
  }

  /** The cached load, when every file and variable it read is as it was. */
  get(fs: SourceFs, env: Readonly<Record<string, string | undefined>>): T | undefined {
    let entry: Entry<T>;
    try {
      entry = JSON.parse(readFileSync(this.file, 'utf8')) as Entry<T>;
    } catch {
      return undefined;
    }
    for (const [name, value] of entry.env) if ((env[name] ?? null) !== value) return undefined;
    for (const call of entry.fs) {
      if (call[0] === 'read') {
        const text = fs.readFile(call[1]);
        if ((text === undefined ? null : digest(text)) !== call[2]) return undefined;
      } else if ((call[0] === 'file' ? fs.isFile(call[1]) : fs.isDirectory(call[1])) !== call[2]) {
        return undefined;
      }
    }
    return entry.result;
  }

  put(recorder: Recorder, result: T): void {
    if (recorder.uncacheable) return;
    const entry: Entry<T> = { fs: recorder.calls, env: [...recorder.vars], result };
    try {
      mkdirSync(this.dir, { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(entry));
      renameSync(temp, this.file);
      this.trim();
    } catch {
      // A cache that cannot be written only costs the next command its speed.
    }
  }

  /** Keeps the folder small: past MAX_ENTRIES, the least recently written go. */
  private trim(): void {
    const names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    if (names.length <= MAX_ENTRIES) return;
    const byAge = names
      .map((n) => ({ n, t: statSync(path.join(this.dir, n)).mtimeMs }))
      .sort((a, b) => a.t - b.t);
    for (const { n } of byAge.slice(0, names.length - MAX_ENTRIES))
      rmSync(path.join(this.dir, n), { force: true });
  }
}
