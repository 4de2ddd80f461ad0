/**
 * stager types its dockerode calls with @types/dockerode 4: no types for dockerode 5 exist, and
 * 5.0.1's code differs from 4.0.10's only in how BuildKit session ids are made
 * (crypto.randomUUID instead of the uuid package), so 4's types describe 5's API. This pins the
 * pair: when either moves, compare dockerode's lib/ again before changing the pin.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string })
    .version;

describe('dockerode and its types', () => {
  it('are the pair whose API was compared: dockerode 5.0 with @types/dockerode 4', () => {
    expect(versionOf('dockerode')).toMatch(/^5\.0\.\d+$/);
    expect(versionOf('@types/dockerode')).toMatch(/^4\./);
  });
});
