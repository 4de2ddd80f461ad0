import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'src/config/generated/',
      'node_modules/',
      'coverage/',
      'test/fixtures/',
      'test/conformance/cases/',
      'templates/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // TypeScript already checks names; ESLint's own check does not know Node's globals.
      'no-undef': 'off',
    },
  },
  {
    // Rules that need the types: a promise nobody awaits loses its error; a switch over a union
    // must name every case or say what the rest do.
    files: ['src/**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: path.dirname(fileURLToPath(import.meta.url)),
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
    },
  },
  // The layers, as import rules. ESLint keeps one no-restricted-imports per file (a later block
  // replaces an earlier one), so each zone below is disjoint and lists all that applies to it.
  ...zones(),
);

/** Who may import what: one block per zone of src/, every restriction of that zone in it. */
function zones() {
  const dockerode = [
    { name: 'dockerode', message: 'Only src/engine/docker/ may import dockerode.' },
    { name: 'docker-modem', message: 'Only src/engine/docker/ may import docker-modem.' },
  ];
  const chalk = [{ name: 'chalk', message: 'Only src/ui/ may import chalk.' }];
  const host = [
    'fs',
    'node:fs',
    'fs/promises',
    'node:fs/promises',
    'child_process',
    'node:child_process',
    'execa',
  ].map((name) => ({
    name,
    message: 'Reach the host through what the context hands you (src/host/).',
  }));
  const notUi = {
    group: ['**/ui/**'],
    message: 'Ops and config report events; only src/ui/ renders.',
  };
  const notCli = { group: ['**/cli/**'], message: 'The CLI calls inward, never the reverse.' };
  const notDocker = {
    group: ['**/engine/docker/**'],
    message: 'Use the Engine port (src/engine/engine.ts); only the CLI runtime connects.',
  };
  const notOps = {
    group: ['**/ops/**'],
    message: 'Config is pure: it knows nothing of operations.',
  };
  const block = (files, ignores, paths, patterns = [], extra = {}) => ({
    files,
    ignores,
    rules: {
      'no-restricted-imports': ['error', { paths, patterns }],
      ...extra,
    },
  });
  const noProcess = {
    // A dynamic import() escapes no-restricted-imports: these are refused by syntax.
    'no-restricted-syntax': [
      'error',
      {
        selector:
          'ImportExpression[source.value=/^(node:)?(fs|fs\\/promises|child_process)$|^execa$/]',
        message: 'Reach the host through what the context hands you (src/host/).',
      },
    ],
    'no-restricted-globals': [
      'error',
      {
        name: 'process',
        message: 'Ops and config get cwd, env and the platform from their context.',
      },
    ],
    'no-console': 'error',
  };
  return [
    block(['src/engine/docker/**/*.ts'], [], chalk, [], { 'no-console': 'error' }),
    block(['src/ui/**/*.ts', 'src/bin.ts'], [], dockerode),
    block(
      ['src/ops/**/*.ts'],
      [],
      [...dockerode, ...chalk, ...host],
      [notUi, notCli, notDocker],
      noProcess,
    ),
    block(
      ['src/config/**/*.ts'],
      [],
      [...dockerode, ...chalk, ...host],
      [notUi, notCli, notDocker, notOps],
      noProcess,
    ),
    block(['src/cli/commands/**/*.ts'], [], [...dockerode, ...chalk], [notDocker], {
      'no-console': 'error',
    }),
    block(
      ['src/**/*.ts'],
      [
        'src/engine/docker/**',
        'src/ui/**',
        'src/bin.ts',
        'src/ops/**',
        'src/config/**',
        'src/cli/commands/**',
      ],
      [...dockerode, ...chalk],
      [],
      { 'no-console': 'error' },
    ),
  ];
}
