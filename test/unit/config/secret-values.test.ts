import { describe, expect, it } from 'vitest';
import { declaredSecrets, secretValues } from '../../../src/config/secret-values.js';
import { memoryFs } from '../../../src/config/source-fs.js';
import type { Project } from '../../../src/config/model/project.js';

const project = (over: Partial<Project>): Project =>
  ({ services: {}, secrets: {}, ...over }) as unknown as Project;

describe('secret values', () => {
  it('takes the values of secret-looking variables, declared ones and none else', () => {
    const values = secretValues({
      variables: new Map([
        ['DB_PASSWORD', 'hunter22'],
        ['APIKEY', 'k-123456'],
        ['SECRET_KEY_BASE', 'base-abcdef'],
        ['DB_HOST', 'db.internal'],
        ['INVITE', 'open-sesame'],
      ]),
      declared: new Set(['INVITE']),
    });
    expect(values.sort()).toEqual(['base-abcdef', 'hunter22', 'k-123456', 'open-sesame']);
  });

  it('leaves values too short or too common to mask every line', () => {
    const values = secretValues({
      variables: [
        ['A_TOKEN', 'abc'],
        ['B_TOKEN', 'true'],
        ['C_TOKEN', 'None'],
        ['D_TOKEN', ''],
        ['E_TOKEN', undefined],
      ],
      declared: new Set(),
    });
    expect(values).toEqual([]);
  });

  it('takes secret-looking environment entries, build args and the variables secrets read', () => {
    const values = secretValues({
      variables: [],
      declared: new Set(),
      lookup: (name) => (name === 'SIGNING' ? 'from-the-shell' : undefined),
      project: project({
        services: {
          web: {
            environment: { MAIL_PASSWORD: 'from-env-file', PORT: '8080' },
            build: { context: '.', args: { NPM_TOKEN: 'npm_abcdef' } },
          },
        } as unknown as Project['services'],
        secrets: {
          signing: { name: 'signing', environment: 'SIGNING' },
          inline: { name: 'inline', content: 'inline-value' },
        },
      }),
    });
    expect(values.sort()).toEqual([
      'from-env-file',
      'from-the-shell',
      'inline-value',
      'npm_abcdef',
    ]);
  });

  it('reads the keys a sample env file declares secret', () => {
    const fs = memoryFs({ '/p/.env.example': 'A=1 # secret\nB=2\n# secret\nC=\n' });
    expect([...declaredSecrets(fs, '/p')]).toEqual(['A', 'C']);
    expect([...declaredSecrets(fs, '/elsewhere')]).toEqual([]);
  });
});
