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
    // The engine port is the project's own; only its Docker implementation may speak dockerode.
    files: ['src/**/*.ts'],
    ignores: ['src/engine/docker/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'dockerode', message: 'Only src/engine/docker/ may import dockerode.' },
            { name: 'docker-modem', message: 'Only src/engine/docker/ may import docker-modem.' },
          ],
        },
      ],
    },
  },
  {
    // Rendering belongs to src/ui: core code reports events instead.
    files: ['src/**/*.ts'],
    ignores: ['src/ui/**', 'src/bin.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'chalk', message: 'Only src/ui/ may import chalk.' },
            { name: 'dockerode', message: 'Only src/engine/docker/ may import dockerode.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine/docker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'chalk', message: 'Only src/ui/ may import chalk.' }] },
      ],
    },
  },
);
