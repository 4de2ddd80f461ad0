import { describe, expect, it } from 'vitest';
import {
  checkEnv,
  demandedVariables,
  fillSecrets,
  isSecretKey,
  maskValue,
  sampleKeys,
} from '../../../src/config/env-sample.js';

describe('env samples', () => {
  it.each([
    ['DB_PASSWORD', true],
    ['SECRET_KEY', true],
    ['API_TOKEN', true],
    ['AWS_SECRET', true],
    ['KEY', true],
    ['APIKEY', true],
    ['SECRET_KEY_BASE', true],
    ['DB_PASSWD', true],
    ['GCP_CREDENTIALS', true],
    ['ssh.keys', true],
    ['KEYCLOAK_URL', false],
    ['KEY_PREFIX_URL', true],
    ['DB_HOST', false],
    ['S3_BUCKET', false],
  ])('%s is secret: %s', (key, secret) => {
    expect(isSecretKey(key)).toBe(secret);
  });

  it('masks secret values only', () => {
    expect(maskValue('DB_PASSWORD', 'hunter2', false)).toBe('****');
    expect(maskValue('DB_PASSWORD', 'hunter2', true)).toBe('hunter2');
    expect(maskValue('PORT', '80', false)).toBe('80');
  });

  it('marks keys required or secret by a comment on or above their line', () => {
    expect(
      sampleKeys('# required\nA=\nB= # required\nC=1\n# secret\nD=\nE= # Secret, required\n'),
    ).toEqual([
      { key: 'A', value: '', required: true, secret: false },
      { key: 'B', value: '', required: true, secret: false },
      { key: 'C', value: '1', required: false, secret: false },
      { key: 'D', value: '', required: false, secret: true },
      { key: 'E', value: '', required: true, secret: true },
    ]);
  });

  it('finds variables a compose file demands with :? or ?', () => {
    expect([...demandedVariables(['image: ${IMG:?x}\nuser: ${USER?}\ntag: ${TAG:-1}'])]).toEqual([
      'IMG',
      'USER',
    ]);
  });

  it('reports missing, unknown and required-but-empty keys', () => {
    const result = checkEnv(
      'A=1\nDB_PASSWORD=s3cret\n# required\nR=\nD=\n',
      'A=2\nR=\nD=\nOLD=x\n',
      new Set(['D']),
      false,
    );
    expect(result).toEqual({
      missing: [{ key: 'DB_PASSWORD', sample: '****' }],
      unknown: ['OLD'],
      empty: ['R', 'D'],
      ok: false,
    });
    expect(checkEnv('A=1\n', 'A=2\n', new Set(), false).ok).toBe(true);
  });

  it('fills empty secret values, keeps comments and everything else', () => {
    const sample =
      '# db\nDB_PASSWORD=\nSECRET_KEY= # required\nAPI_TOKEN=""\nSET_KEY=keep\nPORT=\n';
    const { text, generated } = fillSecrets(sample, () => 'R');
    expect(text).toBe(
      '# db\nDB_PASSWORD=R\nSECRET_KEY=R # required\nAPI_TOKEN=R\nSET_KEY=keep\nPORT=\n',
    );
    expect(generated).toEqual(['DB_PASSWORD', 'SECRET_KEY', 'API_TOKEN']);
  });
});
