import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  cleanupAfterEach,
  docker,
  projectDir,
  removeProject,
  stager,
  uniqueProject,
} from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

const COMPOSE = `services:
  web:
    image: busybox:1.36
    command: ["sh", "-c", "sleep 300"]
    ports: ["127.0.0.1::8080"]
  worker:
    image: busybox:1.36
    command: ["sh", "-c", "exit 3"]
`;

/** A project brought up by Debian's docker-compose v1: the labels stager must understand. */
async function composeV1Project(prefix: string): Promise<{ project: string; dir: string }> {
  const project = uniqueProject(prefix);
  const { dir, cleanup } = projectDir(project, { 'docker-compose.yml': COMPOSE });
  cleanups.push(async () => {
    await removeProject(project);
    cleanup();
  });
  await execa('docker-compose', ['up', '-d'], { cwd: dir });
  // worker exits at once; wait until the engine says so, so that ps states are settled.
  await execa('docker', ['wait', `${project}_worker_1`]);
  return { project, dir };
}

describe('stager ps', () => {
  it('lists the running containers of a project started by docker-compose', async () => {
    const { project, dir } = await composeV1Project('ps');
    const result = await stager(['ps', '--json'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.project).toBe(project);
    expect(doc.containers).toHaveLength(1);
    const [web] = doc.containers;
    expect(web).toMatchObject({
      service: 'web',
      name: `${project}_web_1`,
      number: 1,
      state: 'running',
      image: 'busybox:1.36',
    });
    const published = await docker(['port', `${project}_web_1`, '8080/tcp']);
    expect(web.ports).toContainEqual({
      containerPort: 8080,
      protocol: 'tcp',
      hostIp: '127.0.0.1',
      hostPort: Number(published.split(':').pop()),
    });
  });

  it('includes stopped containers with --all, and filters by service', async () => {
    const { dir } = await composeV1Project('psall');
    const all = JSON.parse((await stager(['ps', '--all', '--json'], { cwd: dir })).stdout);
    expect(
      all.containers.map((c: { service: string; state: string }) => [c.service, c.state]),
    ).toEqual([
      ['web', 'running'],
      ['worker', 'exited'],
    ]);
    const worker = JSON.parse(
      (await stager(['ps', '-a', 'worker', '--json'], { cwd: dir })).stdout,
    );
    expect(worker.containers.map((c: { service: string }) => c.service)).toEqual(['worker']);
  });

  it("renders Compose v2's table: name, image, command, service, created, status, ports", async () => {
    const { project, dir } = await composeV1Project('pstable');
    const result = await stager(['ps', '-a'], { cwd: dir });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${project}_web_1\\s+busybox:1\\.36\\s+".*"\\s+web\\s+.* ago\\s+Up .*\\s127\\.0\\.0\\.1:\\d+->8080/tcp$`,
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(
        `^${project}_worker_1\\s+busybox:1\\.36\\s+".*"\\s+worker\\s+.* ago\\s+Exited \\(3\\)`,
      ),
    );
  });

  it('accepts global options before and after the command', async () => {
    const { project } = await composeV1Project('psglobal');
    const elsewhere = projectDir('elsewhere', {});
    try {
      const before = await stager(['-p', project, 'ps', '--json'], { cwd: elsewhere.dir });
      const after = await stager(['ps', '--json', '-p', project], { cwd: elsewhere.dir });
      expect(before.exitCode).toBe(0);
      expect(JSON.parse(before.stdout).containers).toHaveLength(1);
      const ids = (r: { stdout: string }) =>
        JSON.parse(r.stdout).containers.map((c: { id: string }) => c.id);
      expect(ids(after)).toEqual(ids(before));
    } finally {
      elsewhere.cleanup();
    }
  });

  it('shows health from the engine', async () => {
    const project = uniqueProject('pshealth');
    const { dir, cleanup } = projectDir(project, {
      'docker-compose.yml': `version: "2.4"
services:
  db:
    image: busybox:1.36
    command: ["sleep", "300"]
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
`,
    });
    cleanups.push(async () => {
      await removeProject(project);
      cleanup();
    });
    await execa('docker-compose', ['up', '-d'], { cwd: dir });
    let health = '';
    for (let i = 0; i < 30 && health !== 'healthy'; i++) {
      health = JSON.parse((await stager(['ps', '--json'], { cwd: dir })).stdout).containers[0]
        .health;
      if (health !== 'healthy') await new Promise((r) => setTimeout(r, 500));
    }
    expect(health).toBe('healthy');
  });

  it('prints the header alone and succeeds for a project with no containers', async () => {
    const project = uniqueProject('psempty');
    const { dir, cleanup } = projectDir(project, { 'compose.yaml': COMPOSE });
    cleanups.push(async () => {
      await removeProject(project);
      cleanup();
    });
    const result = await stager(['ps'], { cwd: dir });
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: 'NAME      IMAGE     COMMAND   SERVICE   CREATED   STATUS    PORTS\n',
    });
  });

  it('rejects a malformed compose file with its line and column, exit code 2', async () => {
    const project = uniqueProject('psbad');
    const { dir, cleanup } = projectDir(project, {
      'compose.yaml': 'services:\n  web:\n    image: [oops\n',
    });
    cleanups.push(async () => {
      await removeProject(project);
      cleanup();
    });
    const result = await stager(['ps'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`compose\\.yaml:\\d+:\\d+: `));
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says where it looked when there is no compose file and no -p', async () => {
    const empty = projectDir('nothing-here', {});
    try {
      const result = await stager(['ps'], { cwd: empty.dir });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`no compose file found in ${empty.dir}`);
    } finally {
      empty.cleanup();
    }
  });

  it('colors as --ansi says, and as COMPOSE_ANSI says without it', async () => {
    const { dir } = await composeV1Project('psansi');
    const escape = '\u001b[';
    const always = await stager(['--ansi', 'always', 'ps'], {
      cwd: dir,
      env: { NO_COLOR: undefined },
    });
    expect(always.exitCode, always.stderr).toBe(0);
    expect(always.stdout).toContain(escape);
    const never = await stager(['ps', '--ansi', 'never'], {
      cwd: dir,
      env: { NO_COLOR: undefined, FORCE_COLOR: '1' },
    });
    expect(never.stdout).not.toContain(escape);
    const fromEnv = await stager(['ps'], {
      cwd: dir,
      env: { NO_COLOR: undefined, COMPOSE_ANSI: 'always' },
    });
    expect(fromEnv.stdout).toContain(escape);
    const wrong = await stager(['--ansi', 'sometimes', 'ps'], { cwd: dir });
    expect(wrong.exitCode).toBe(2);
  });
});
