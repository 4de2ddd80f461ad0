import type { SourceFs } from './source-fs.js';

/** What the user said about where the project is; every field but cwd/env/fs may be unset. */
export interface ProjectOptions {
  cwd: string;
  /** The shell environment: it wins over every env file. */
  env: Readonly<Record<string, string | undefined>>;
  /** Values stager provides (HOST_UID...): any env file or shell value wins over them. */
  defaults?: Readonly<Record<string, string>> | undefined;
  fs: SourceFs;
  files?: readonly string[] | undefined;
  projectName?: string | undefined;
  projectDirectory?: string | undefined;
  envFiles?: readonly string[] | undefined;
  profiles?: readonly string[] | undefined;
  /** Standard input's text, for `-f -`. */
  stdin?: (() => string) | undefined;
}
