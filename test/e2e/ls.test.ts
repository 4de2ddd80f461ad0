/**
 * `stager ls` against `docker compose ls` on the same engine: the same projects, whichever tool
 * started them, in the same table, JSON and names.
 */
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  cleanupAfterEach,
  composeV2,
  SLEEPER,
  stager,
  testProject,
} from '../integration/helpers.js';

const cleanups = cleanupAfterEach();
const V2 = composeV2();

const STACK = `services:
  a:
${SLEEPER}  b:
${SLEEPER}`;

const v2 = async (args: string[], cwd?: string) =>
  (await execa(V2, args, { cwd, env: { COMPOSE_ANSI: 'never' } })).stdout;

describe('stager ls', () => {
  it('lists the projects of both tools as Compose v2 does: table, JSON, names, --all, --filter', async () => {
    const tag = `ls${randomBytes(3).toString('hex')}`;
    const mine = testProject(tag, { 'compose.yaml': STACK }, cleanups);
    const theirs = testProject(tag, { 'compose.yaml': STACK }, cleanups);
    const stopped = testProject(tag, { 'compose.yaml': STACK }, cleanups);
    expect((await mine.run(['up', '-d'])).exitCode).toBe(0);
    expect((await mine.run(['stop', 'b'])).exitCode).toBe(0);
    await v2(['up', '-d'], theirs.dir);
    expect((await stopped.run(['up', '-d'])).exitCode).toBe(0);
    expect((await stopped.run(['stop'])).exitCode).toBe(0);

    const filter = `name=stgt-${tag}`;
    for (const args of [
      ['ls', '--filter', filter],
      ['ls', '-a', '--filter', filter],
      ['ls', '-a', '--format', 'json', '--filter', filter],
      ['ls', '-a', '-q', '--filter', filter],
    ]) {
      const ours = await stager(args);
      expect(ours.exitCode, ours.stderr).toBe(0);
      expect(ours.stdout, args.join(' ')).toBe(`${await v2(args)}\n`);
    }
    const json = JSON.parse(
      (await stager(['ls', '-a', '--format', 'json', '--filter', filter])).stdout,
    ) as {
      Name: string;
      Status: string;
    }[];
    expect(json.map((p) => p.Status).sort()).toEqual([
      'exited(1), running(1)',
      'exited(2)',
      'running(2)',
    ]);
  });
});
