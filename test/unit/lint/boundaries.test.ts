/**
 * The layers hold because lint refuses a crossing: each case is a file that crosses one
 * boundary, linted as if it lived where it crosses from.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The fixtures exist only here, not on disk: the rules that need the project's types are off.
const eslint = new ESLint({
  cwd: new URL('../../..', import.meta.url).pathname,
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
    },
  },
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint keeps the layers apart', () => {
  it.each([
    ['src/ops/fixture.ts', "import { readFileSync } from 'node:fs';\nreadFileSync('x');\n", /host/],
    ['src/ops/fixture.ts', "import { execa } from 'execa';\nvoid execa('git');\n", /host/],
    ['src/ops/fixture.ts', "export const load = () => import('execa');\n", /host/],
    ['src/config/fixture.ts', "export const load = () => import('node:fs');\n", /host/],
    ['src/ops/fixture.ts', 'export const here = process.cwd();\n', /cwd, env and the platform/],
    [
      'src/ops/fixture.ts',
      "export type { Output } from '../ui/output.js';\n",
      /only src\/ui\/ renders/,
    ],
    ['src/config/fixture.ts', 'export const env = process.env;\n', /cwd, env and the platform/],
    [
      'src/config/fixture.ts',
      "export type { OpContext } from '../ops/context.js';\n",
      /Config is pure/,
    ],
    [
      'src/cli/commands/fixture.ts',
      "export { connectDocker } from '../../engine/docker/index.js';\n",
      /Engine port/,
    ],
    [
      'src/cli/fixture.ts',
      "import Docker from 'dockerode';\nexport default Docker;\n",
      /dockerode/,
    ],
    ['src/ops/fixture.ts', "import chalk from 'chalk';\nexport default chalk;\n", /chalk/],
  ])('%s: %s', async (file, code, expected) => {
    const found = await problems(file, code);
    expect(found.join('\n')).toMatch(expected);
  });

  it('lets the same code live where it belongs', async () => {
    expect(
      await problems(
        'src/host/fixture.ts',
        "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'src/engine/docker/fixture.ts',
        "import Docker from 'dockerode';\nexport default Docker;\n",
      ),
    ).toEqual([]);
  });
});
