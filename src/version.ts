import { readFileSync } from 'node:fs';

// Set by the bundler (scripts/bundle.mjs); unbundled code (tests) reads package.json instead.
declare const __STAGER_VERSION__: string | undefined;

function fromPackageJson(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export const STAGER_VERSION: string =
  typeof __STAGER_VERSION__ === 'string' ? __STAGER_VERSION__ : fromPackageJson();
