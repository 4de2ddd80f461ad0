/**
 * The host as operations see it: its files, its processes and this process. Ops and config
 * reach the host only through what they are handed, so that tests can hand them another.
 */
import type fs from 'node:fs';

/** The synchronous file calls ops use, under node:fs's own names and types. */
export type HostFs = Pick<
  typeof fs,
  | 'existsSync'
  | 'readFileSync'
  | 'writeFileSync'
  | 'mkdirSync'
  | 'readdirSync'
  | 'statSync'
  | 'lstatSync'
  | 'realpathSync'
  | 'readlinkSync'
  | 'rmSync'
  | 'chmodSync'
  | 'statfsSync'
  | 'createReadStream'
  | 'createWriteStream'
>;

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  cwd?: string;
  timeoutMs?: number;
}

/** The single door to subprocesses: never throws for a non-zero exit, only reports it. */
export interface HostExec {
  run(file: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  runSync(file: string, args: readonly string[], options?: ExecOptions): ExecResult;
  /**
   * Runs a program on this terminal (its output goes straight to the user, its input too when
   * `stdin`); resolves to its exit code, rejects only when it could not be started.
   */
  interactive(
    file: string,
    args: readonly string[],
    options: { cwd?: string; stdin: boolean },
  ): Promise<number>;
}

/** This process: where it runs and as whom. */
export interface HostProcess {
  cwd(): string;
  platform: NodeJS.Platform;
  arch: string;
  nodeVersion: string;
  uid(): number;
  gid(): number;
}

/** Tar archives of host paths, as `cp` sends them to and takes them from a container. */
export interface HostArchive {
  /**
   * A tar of `source` (a file or a folder), its root entry called `name`; `contents` packs a
   * folder's entries alone (`cp dir/. ...`); `dereference` follows symbolic links.
   */
  pack(
    source: string,
    options: { name: string; contents?: boolean; dereference?: boolean },
  ): NodeJS.ReadableStream;
  /**
   * Unpacks a tar into the folder `into`, the root entry renamed `rename` when given; files
   * belong to this process's user unless `keepOwners`.
   */
  extract(
    tar: NodeJS.ReadableStream,
    into: string,
    options: { rename?: { from: string; to: string }; keepOwners?: boolean },
  ): Promise<void>;
}

export interface Host {
  fs: HostFs;
  exec: HostExec;
  proc: HostProcess;
  archive: HostArchive;
}
