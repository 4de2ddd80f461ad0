import { describe, expect, it } from 'vitest';
import { discoverComposeFiles } from '../../../src/config/discover.js';
import { memoryFs } from '../../../src/config/source-fs.js';

const base = { files: undefined, composeFile: undefined, pathSeparator: ':' };

describe('discoverComposeFiles', () => {
  it('walks up to the first folder with a compose file and adds its override', () => {
    const fs = memoryFs({
      '/proj/compose.yaml': '',
      '/proj/compose.override.yaml': '',
      '/proj/src/app/main.py': '',
    });
    expect(discoverComposeFiles({ ...base, cwd: '/proj/src/app', fs })).toEqual([
      '/proj/compose.yaml',
      '/proj/compose.override.yaml',
    ]);
  });

  it('prefers compose.yaml over docker-compose.yml, as Compose does', () => {
    const fs = memoryFs({ '/p/docker-compose.yml': '', '/p/compose.yaml': '' });
    expect(discoverComposeFiles({ ...base, cwd: '/p', fs })).toEqual(['/p/compose.yaml']);
  });

  it('pairs docker-compose.yml with docker-compose.override.yml', () => {
    const fs = memoryFs({ '/p/docker-compose.yml': '', '/p/docker-compose.override.yml': '' });
    expect(discoverComposeFiles({ ...base, cwd: '/p', fs })).toEqual([
      '/p/docker-compose.yml',
      '/p/docker-compose.override.yml',
    ]);
  });

  it('takes -f files as given, relative to the working folder, without overrides', () => {
    const fs = memoryFs({ '/p/a.yaml': '', '/p/b.yaml': '', '/p/compose.override.yaml': '' });
    expect(
      discoverComposeFiles({ ...base, cwd: '/p', files: ['a.yaml', '/p/b.yaml'], fs }),
    ).toEqual(['/p/a.yaml', '/p/b.yaml']);
  });

  it('splits COMPOSE_FILE on the path separator', () => {
    const fs = memoryFs({ '/p/a.yaml': '', '/p/b.yaml': '' });
    expect(discoverComposeFiles({ ...base, cwd: '/p', composeFile: 'a.yaml:b.yaml', fs })).toEqual([
      '/p/a.yaml',
      '/p/b.yaml',
    ]);
  });

  it('keeps - for standard input', () => {
    expect(discoverComposeFiles({ ...base, cwd: '/p', files: ['-'], fs: memoryFs({}) })).toEqual([
      '-',
    ]);
  });

  it('says which -f file is missing', () => {
    expect(() =>
      discoverComposeFiles({ ...base, cwd: '/p', files: ['nope.yaml'], fs: memoryFs({}) }),
    ).toThrow('-f: nope.yaml: no such file');
  });

  it('says where it looked when there is no compose file', () => {
    expect(() =>
      discoverComposeFiles({ ...base, cwd: '/empty', fs: memoryFs({ '/empty/x': '' }) }),
    ).toThrow('no compose file found in /empty or any folder above it');
  });
});
