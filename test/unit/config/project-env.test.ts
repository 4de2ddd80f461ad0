import { describe, expect, it } from 'vitest';
import { loadProjectEnv } from '../../../src/config/project-env.js';
import { memoryFs } from '../../../src/config/source-fs.js';

describe('the values stager provides (HOST_UID, HOST_GID, HOST_USER)', () => {
  const defaults = { HOST_UID: '1000', HOST_GID: '1000', HOST_USER: 'dev' };
  const env = (shell: Record<string, string>, dotenv: string) =>
    loadProjectEnv({
      cwd: '/p',
      projectDir: '/p',
      envFiles: undefined,
      shell,
      defaults,
      fs: memoryFs({ '/p/.env': dotenv }),
    });

  it('are there when nothing else sets them', () => {
    expect(env({}, '').lookup('HOST_UID')).toBe('1000');
  });

  it('lose to the .env file and to the shell', () => {
    expect(env({}, 'HOST_UID=501\n').lookup('HOST_UID')).toBe('501');
    expect(env({ HOST_UID: '0' }, 'HOST_UID=501\n').lookup('HOST_UID')).toBe('0');
    expect(env({}, '').lookup('HOST_USER')).toBe('dev');
  });
});
