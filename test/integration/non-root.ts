/**
 * A user who is not root but may use the engine, for tests where root-owned files must really
 * be out of the host user's reach. Made once, idempotently; when the tests already run as a
 * non-root user, that user is used.
 */
import { chownSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

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
  const socketGid = statSync('/var/run/docker.sock').gid;
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
