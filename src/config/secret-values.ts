/**
 * The values stager must never print: those of variables whose names look secret, of keys a
 * sample env file declares secret, of secret-looking `environment:` entries and build args, and
 * of the variables top-level `secrets:` read. Masking by value catches a password wherever it
 * was interpolated (a command, a healthcheck, a label, a hook line), not only under its name.
 */
import path from 'node:path';
import { sampleKeys } from './env-sample.js';
import { isSecretKey, secretLike } from './secret-names.js';
import type { Project } from './model/project.js';
import type { SourceFs } from './source-fs.js';

export const SAMPLE_NAMES = ['sample.env', '.env.example', '.env.sample', 'env.sample'];

export interface SecretSources {
  /** Variables by name: the shell's, or those of the project's env files. */
  variables: Iterable<readonly [string, string | undefined]>;
  /** Keys a sample env file declares secret (`declaredSecrets`). */
  declared: ReadonlySet<string>;
  project?: Project;
  /** Where the variables top-level `secrets:` name are read from. */
  lookup?: (name: string) => string | undefined;
}

export function secretValues(sources: SecretSources): string[] {
  const { declared, project } = sources;
  const found = new Set<string>();
  const take = (value: string | null | undefined): void => {
    if (secretLike(value)) found.add(value);
  };
  const secretName = (name: string): boolean => isSecretKey(name) || declared.has(name);
  for (const [name, value] of sources.variables) if (secretName(name)) take(value);
  if (project) {
    for (const service of Object.values(project.services)) {
      for (const map of [service.environment, service.build?.args]) {
        for (const [name, value] of Object.entries(map ?? {})) if (secretName(name)) take(value);
      }
    }
    for (const secret of Object.values(project.secrets)) {
      if (secret.environment) take(sources.lookup?.(secret.environment));
      if (typeof secret.content === 'string') take(secret.content);
    }
  }
  return [...found];
}

/** Keys the project's sample env file declares secret with a `# secret` comment. */
export function declaredSecrets(fs: SourceFs, dir: string): Set<string> {
  for (const name of SAMPLE_NAMES) {
    const text = fs.readFile(path.join(dir, name));
    if (text === undefined) continue;
    return new Set(
      sampleKeys(text)
        .filter((k) => k.secret)
        .map((k) => k.key),
    );
  }
  return new Set();
}
