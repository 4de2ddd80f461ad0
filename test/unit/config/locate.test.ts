import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { locateProject } from '../../../src/config/locate.js';
import { normalizeProjectName } from '../../../src/config/project-name.js';
import { memoryFs } from '../../../src/config/source-fs.js';

const compose = 'services:\n  web:\n    image: busybox\n';

describe('project name', () => {
  it.each([
    ['My App', 'myapp'],
    ['_under', 'under'],
    ['-dash-', 'dash-'],
    ['app.v2', 'appv2'],
    ['Ünïcode', 'ncode'],
  ])('normalizes the folder %j to %j', (folder, name) => {
    expect(normalizeProjectName(folder)).toBe(name);
  });

  const locate = (files: Record<string, string>, over: Record<string, unknown> = {}) =>
    locateProject({ cwd: '/work/My_App', env: {}, fs: memoryFs(files), ...over });

  it('falls back to the normalized folder name', () => {
    expect(locate({ '/work/My_App/compose.yaml': compose })).toMatchObject({
      name: 'my_app',
      nameSource: 'folder',
    });
  });

  it('takes name: from the last file that sets it, interpolated', () => {
    const files = {
      '/work/My_App/compose.yaml': `name: base\n${compose}`,
      '/work/My_App/compose.override.yaml': 'name: ${STAGE:-dev}-app\n',
    };
    expect(locate(files)).toMatchObject({ name: 'dev-app', nameSource: 'name:' });
  });

  it('lets COMPOSE_PROJECT_NAME from .env win over name:, and -p over both', () => {
    const files = {
      '/work/My_App/compose.yaml': `name: base\n${compose}`,
      '/work/My_App/.env': 'COMPOSE_PROJECT_NAME=fromenv\n',
    };
    expect(locate(files)).toMatchObject({ name: 'fromenv', nameSource: 'COMPOSE_PROJECT_NAME' });
    expect(locate(files, { projectName: 'flag' })).toMatchObject({
      name: 'flag',
      nameSource: '-p',
    });
    expect(locate(files, { env: { COMPOSE_PROJECT_NAME: 'shell' } })).toMatchObject({
      name: 'shell',
    });
  });

  it('rejects an invalid explicit name', () => {
    expect(() =>
      locate({ '/work/My_App/compose.yaml': compose }, { projectName: 'Bad Name' }),
    ).toThrow(/"Bad Name" is not a valid project name/);
  });

  it('reads COMPOSE_FILE from the .env of the starting folder', () => {
    const files = {
      '/work/My_App/.env': 'COMPOSE_FILE=deploy/a.yaml:deploy/b.yaml\n',
      '/work/My_App/deploy/a.yaml': compose,
      '/work/My_App/deploy/b.yaml': 'services: {}\n',
    };
    const location = locate(files);
    expect(location.configFiles).toEqual([
      '/work/My_App/deploy/a.yaml',
      '/work/My_App/deploy/b.yaml',
    ]);
    expect(location.workingDir).toBe('/work/My_App/deploy');
  });

  it('works from -p alone when the command allows it', () => {
    expect(
      locate({ '/work/My_App/x': '' }, { projectName: 'demo', filesOptional: true }),
    ).toMatchObject({
      name: 'demo',
      configFiles: [],
    });
  });

  it('collects YAML errors with file, line and column', () => {
    let error: unknown;
    try {
      locate({ '/work/My_App/compose.yaml': 'services:\n  web:\n    image: [unclosed\n' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]).toMatchObject({
      file: '/work/My_App/compose.yaml',
      line: expect.any(Number),
    });
  });

  it('lists unset variables for one warning each', () => {
    const files = {
      '/work/My_App/compose.yaml':
        'services:\n  web:\n    image: "${IMG}:${TAG}"\n    command: $IMG\n',
    };
    expect(locate(files).unsetVariables).toEqual(['IMG', 'TAG']);
  });

  it('fails on ${VAR:?} with the file and line', () => {
    const files = {
      '/work/My_App/compose.yaml': 'services:\n  web:\n    image: ${IMG:?set IMG in .env}\n',
    };
    expect(() => locate(files)).toThrow(
      '/work/My_App/compose.yaml:3:12: services.web.image: required variable IMG is missing a value: set IMG in .env',
    );
  });
});
