/**
 * Paths a user gets wrong: one line and exit 2 each, never "this is a bug"; and --env-file as
 * Compose's option through the installed `stager` command, which Node 20 would otherwise read.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../integration/helpers.js';
import { nonRootUser, userProject, type TestUser } from '../integration/non-root.js';

const cleanups = cleanupAfterEach();
const command = fileURLToPath(new URL('../../bin/stager', import.meta.url));
let user: TestUser;
beforeAll(async () => {
  user = await nonRootUser();
});

const COMPOSE =
  'services:\n  app:\n    image: busybox:1.36\n    environment: ["GREETING=${GREETING:-none}"]\n';

describe('paths that cannot be read', () => {
  it('says what is wrong with a folder and an unreadable file, exit 2', async () => {
    const p = userProject(
      user,
      'badpath',
      { 'compose.yaml': COMPOSE, 'hello.env': 'GREETING=hi\n' },
      cleanups,
    );
    mkdirSync(path.join(p.dir, 'conf'));
    writeFileSync(path.join(p.dir, 'secret.yaml'), COMPOSE);
    chmodSync(path.join(p.dir, 'secret.yaml'), 0o000);
    const cases: [string[], string][] = [
      [['-f', 'conf', 'config', '-q'], '-f: conf: a folder, not a compose file'],
      [
        ['-f', 'secret.yaml', 'config', '-q'],
        `${p.dir}/secret.yaml: cannot be read (permission denied)`,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await p.run(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0], args.join(' ')).toContain(`error: ${message}`);
      expect(r.stderr).not.toContain('this is a bug');
    }
  });

  it('takes --env-file as Compose does through the stager command, on Node 20 too', async () => {
    const p = userProject(
      user,
      'envfile',
      { 'compose.yaml': COMPOSE, 'hello.env': 'GREETING=hi\n' },
      cleanups,
    );
    const run = (args: string[]) => execa(command, args, { cwd: p.dir, reject: false });
    const read = await run(['--env-file', 'hello.env', 'config', '--format', 'json']);
    expect(read.exitCode, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout).services.app.environment).toEqual({ GREETING: 'hi' });
    mkdirSync(path.join(p.dir, 'conf'));
    const folder = await run(['--env-file', 'conf', 'config', '-q']);
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr.trim()).toBe(`error: ${p.dir}/conf: a folder, not a file`);
    const missing = await run(['--env-file=nowhere.env', 'config', '-q']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('nowhere.env: env file not found (named by --env-file)');
  });
});
