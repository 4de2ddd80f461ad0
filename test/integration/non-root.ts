/**
 * A user who is not root but may use the engine, for tests where root-owned files must really
 * be out of the host user's reach. Made once, idempotently; when the tests already run as a
 * non-root user, that user is used.
 */
import { chownSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll } from 'vitest';
import {
  BIN,
  cleanupAfterEach,
  ENGINE,
  engineSocket,
  projectDir,
  removeProject,
  uniqueProject,
} from './helpers.js';

export interface TestUser {
  uid: number;
  gid: number;
  home: string;
  name: string;
}

const NAME = 'stagertest';

export async function nonRootUser(): Promise<TestUser> {
  if (process.getuid!() !== 0) {
    return {
      uid: process.getuid!(),
      gid: process.getgid!(),
      home: process.env.HOME ?? '/tmp',
      name: process.env.USER ?? 'me',
    };
  }
  const socketGid = statSync(engineSocket()).gid;
  const exists = await execa('id', ['-u', NAME], { reject: false });
  if (exists.exitCode !== 0) {
    await execa('useradd', ['--create-home', '--shell', '/bin/sh', NAME]);
  }
  const uid = Number((await execa('id', ['-u', NAME])).stdout);
  // The engine socket's group, as primary group: a spawned process gets no supplementary ones.
  return { uid, gid: socketGid, home: `/home/${NAME}`, name: NAME };
}

/** Gives a folder and all it holds to the user. */
export function chownTree(dir: string, user: TestUser): void {
  chownSync(dir, user.uid, user.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(p, user);
    else chownSync(p, user.uid, user.gid);
  }
}

/** A project owned by the user, and stager run as that user; cleaned up through `cleanups`. */
export function userProject(
  user: TestUser,
  prefix: string,
  files: Record<string, string>,
  cleanups: (() => Promise<void>)[],
) {
  const name = uniqueProject(prefix);
  const p = projectDir(name, files);
  chownTree(path.dirname(p.dir), user);
  cleanups.push(async () => {
    await removeProject(name);
    p.cleanup();
  });
  const run = async (args: string[]) => {
    const r = await execa(process.execPath, [BIN, ...args], {
      cwd: p.dir,
      uid: user.uid,
      gid: user.gid,
      env: {
        NO_COLOR: '1',
        HOME: user.home,
        USER: user.name,
        CI: 'true',
        DOCKER_HOST: ENGINE.host,
      },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  return { name, dir: p.dir, run };
}

export interface FileState {
  sha256?: string;
  uid: number;
  gid: number;
  mode: number;
  link?: string;
}

/**
 * Path -> content hash, owner, mode (and link target) of everything under dir, read as root
 * through the engine so that files the host user may not read are seen too; `skip` are
 * absolute paths left out.
 */
export async function treeState(
  dir: string,
  skip: string[] = [],
): Promise<Record<string, FileState>> {
  const script = [
    'cd /d',
    // type, uid, gid, mode, path; then a hash line for files
    `find . -mindepth 1 | sort | while read -r p; do`,
    `  if [ -L "$p" ]; then echo "L $(stat -c '%u %g %a' "$p") $p -> $(readlink "$p")";`,
    `  elif [ -d "$p" ]; then echo "D $(stat -c '%u %g %a' "$p") $p";`,
    `  else echo "F $(stat -c '%u %g %a' "$p") $p $(sha256sum "$p" | cut -d' ' -f1)"; fi`,
    'done',
  ].join('\n');
  const { stdout } = await execa('docker', [
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${dir}:/d:ro`,
    'busybox:1.36',
    'sh',
    '-c',
    script,
  ]);
  const out: Record<string, FileState> = {};
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [type, uid, gid, mode, found, ...rest] = line.split(' ');
    const rel = found!.replace(/^\.\//, '');
    const abs = path.join(dir, rel);
    if (skip.some((s) => abs === s || abs.startsWith(`${s}/`))) continue;
    out[rel] = {
      uid: Number(uid),
      gid: Number(gid),
      mode: parseInt(mode!, 8),
      ...(type === 'F' ? { sha256: rest[0] } : {}),
      ...(type === 'L' ? { link: rest[1] } : {}),
    };
  }
  return out;
}

/**
 * For a test file whose projects belong to the non-root user: the user (made before the first
 * test) and a project maker whose projects are cleaned up after each test.
 */
export function nonRootProjects() {
  let made: TestUser | undefined;
  beforeAll(async () => {
    made = await nonRootUser();
  });
  const cleanups = cleanupAfterEach();
  return {
    get user(): TestUser {
      if (!made) throw new Error('the non-root user is made in beforeAll');
      return made;
    },
    cleanups,
    project(prefix: string, files: Record<string, string>) {
      return userProject(this.user, prefix, files, cleanups);
    },
  };
}
