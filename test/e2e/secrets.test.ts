/**
 * Secrets print as `****` in everything stager itself says, wherever interpolation carried them:
 * commands, healthchecks, labels, the task list, hook lines, --verbose output and errors.
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, testProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

const SECRETS = {
  DB_PASSWORD: 'hunter2-db',
  SECRET_KEY_BASE: 'base-s3cret-value',
  APIKEY: 'apikey-987654',
  INVITE_CODE: 'open-sesame-42',
};

const ENV = Object.entries(SECRETS)
  .map(([k, v]) => `${k}=${v}\n`)
  .join('');

const COMPOSE = `services:
  db:
    image: busybox:1.36
    init: true
    command: ["sh", "-c", "echo pw=\${DB_PASSWORD}; sleep 3600"]
    environment:
      DB_PASSWORD: \${DB_PASSWORD}
      APP_BASE: \${SECRET_KEY_BASE}
    labels:
      api: key=\${APIKEY}
      invite: \${INVITE_CODE}
    healthcheck:
      test: ["CMD-SHELL", "test -n \${DB_PASSWORD}"]
      interval: 1s
x-stager:
  tasks:
    dump: {service: db, command: "echo dumped -p\${DB_PASSWORD}", description: "dump with \${APIKEY}"}
  hooks:
    post-up:
      - {service: db, command: "test \${INVITE_CODE} = open-sesame-42"}
    pre-down:
      - {service: db, command: "test \${DB_PASSWORD} = not-it"}
`;

function expectMasked(output: string, what: string): void {
  for (const [name, value] of Object.entries(SECRETS)) {
    expect(output, `${what}: ${name}`).not.toContain(value);
  }
}

describe('secrets never show', () => {
  it('are masked by value in every command that prints the project, unless --show-secrets', async () => {
    const p = testProject(
      'secrets',
      { 'compose.yaml': COMPOSE, '.env': ENV, 'sample.env': 'INVITE_CODE= # secret\n' },
      cleanups,
    );
    const runs: [string[], number][] = [
      [['config'], 0],
      [['config', '--format', 'json'], 0],
      [['--json', 'config'], 0],
      [['tasks'], 0],
      [['--json', 'tasks'], 0],
      [['--verbose', '--progress', 'plain', 'up', '-d', '--wait'], 0],
      [['ps', '--no-trunc'], 0],
      [['ps', '--format', 'json'], 0],
      [['ps', '--format', '{{.Command}} {{.Labels}}'], 0],
      [['--json', 'ps'], 0],
      [['--progress', 'plain', 'restart', 'db'], 0],
      [['--verbose', '--progress', 'plain', 'down'], 1],
    ];
    const silent: string[] = [];
    for (const [args, code] of runs) {
      const r = await p.run(args);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      const all = `${r.stdout}\n${r.stderr}`;
      expectMasked(all, args.join(' '));
      if (!all.includes('****')) silent.push(args.join(' '));
    }
    // Every run above but restart printed something secret, and it was hidden.
    expect(silent).toEqual(['--progress plain restart db']);

    // What the containers print is theirs: logs pass it through as they wrote it.
    expect((await p.run(['logs', 'db'])).stdout).toContain('pw=hunter2-db');
    // Asked for, the values show.
    const shown = await p.run(['--show-secrets', 'config']);
    expect(shown.stdout).toContain('echo pw=hunter2-db');
    expect(shown.stdout).toContain('invite: open-sesame-42');
    expect((await p.run(['config', '--show-secrets'])).stdout).toContain('key=apikey-987654');
  });

  it('are left out of an env file error that quotes a line', async () => {
    const p = testProject(
      'secrets-env',
      {
        'compose.yaml': 'services:\n  app:\n    image: busybox:1.36\n',
        '.env': 'DB_PASSWORD hunter2-db\n',
      },
      cleanups,
    );
    const r = await p.run(['config']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('.env:1');
    expect(r.stderr).toContain('DB_PASSWORD ****');
    expectMasked(r.stderr, 'config');
  });
});
