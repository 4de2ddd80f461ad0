/** env and init on a scratch folder: .env from the sample, never over one; a template laid down. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../src/errors.js';
import { nodeHost } from '../../../../src/host/node-host.js';
import { checkEnvFile, findSample, initEnv } from '../../../../src/ops/project/env-file.js';
import { initProject, listTemplates } from '../../../../src/ops/project/init.js';
import { scratchFolders } from '../../../support/scratch.js';

const scratch = scratchFolders('stager-env-');
const { fs } = nodeHost;

describe('env', () => {
  it('makes .env from the sample with generated secrets, private, and never overwrites it', () => {
    const dir = scratch({ 'sample.env': 'DB_USER=app\nDB_PASSWORD=\n' });
    const sample = findSample(fs, dir, undefined, dir);
    expect(sample).toBe(path.join(dir, 'sample.env'));
    const made = initEnv(fs, { dir, sample, generateSecrets: true });
    expect(made.generated).toEqual(['DB_PASSWORD']);
    const env = readFileSync(path.join(dir, '.env'), 'utf8');
    expect(env).toMatch(/^DB_USER=app\nDB_PASSWORD=\S{16,}\n$/);
    expect(statSync(path.join(dir, '.env')).mode & 0o777).toBe(0o600);
    expect(() => initEnv(fs, { dir, sample, generateSecrets: false })).toThrow(ConflictError);
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).toBe(env);
  });

  it('says which variables the compose file needs that .env lacks', () => {
    const dir = scratch({
      'sample.env': 'A=1\nB=2\n',
      'compose.yaml': 'services:\n  app:\n    image: busybox\n    environment: [A=${A}, B=${B}]\n',
    });
    writeFileSync(path.join(dir, '.env'), 'A=1\n');
    const result = checkEnvFile(fs, {
      dir,
      sample: path.join(dir, 'sample.env'),
      composeFiles: [path.join(dir, 'compose.yaml')],
      showSecrets: false,
    });
    expect(JSON.stringify(result)).toMatch(/"B"/);
  });
});

describe('init', () => {
  it('lays a template down, and lists what it would replace without --force', () => {
    const names = listTemplates(fs).map((t) => t.name);
    expect(names).toContain('hello');
    const dir = scratch();
    const made = initProject(fs, { template: 'hello', dir });
    expect(made.created).toContain('compose.yaml');
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toMatch(/services:/);
    expect(() => initProject(fs, { template: 'hello', dir })).toThrow(/compose\.yaml/);
  });
});
