/**
 * `stager env init` and `stager env check`: file work around a project's `.env`. A user's `.env`
 * is never overwritten.
 */
import path from 'node:path';
import { ConflictError, NotFoundError } from '../../errors.js';
import {
  checkEnv,
  demandedVariables,
  fillSecrets,
  type EnvCheck,
} from '../../config/env-sample.js';
import { SAMPLE_NAMES } from '../../config/secret-values.js';
import type { HostFs } from '../../host/host.js';

export function findSample(fs: HostFs, dir: string, from: string | undefined, cwd: string): string {
  if (from) {
    const file = path.resolve(cwd, from);
    if (!fs.existsSync(file)) throw new NotFoundError(`--from ${from}: no such file`);
    return file;
  }
  const found = SAMPLE_NAMES.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
  if (!found) {
    throw new NotFoundError(
      `no sample env file in ${dir} (looked for ${SAMPLE_NAMES.join(', ')})`,
      {
        hint: 'name one with --from FILE',
      },
    );
  }
  return found;
}

export interface EnvInitResult {
  created: string;
  from: string;
  generated: string[];
}

export function initEnv(
  fs: HostFs,
  options: {
    dir: string;
    sample: string;
    generateSecrets: boolean;
  },
): EnvInitResult {
  const target = path.join(options.dir, '.env');
  if (fs.existsSync(target)) {
    throw new ConflictError(`${target} already exists; stager never overwrites it`, {
      hint: 'see what differs with `stager env check`',
    });
  }
  const text = fs.readFileSync(options.sample, 'utf8');
  const filled = options.generateSecrets ? fillSecrets(text) : { text, generated: [] };
  // `wx` fails if the file appeared since the check: never clobber a .env.
  fs.writeFileSync(target, filled.text, { flag: 'wx', mode: 0o600 });
  return { created: target, from: options.sample, generated: filled.generated };
}

export interface EnvCheckResult extends EnvCheck {
  envFile: string;
  sampleFile: string;
}

export function checkEnvFile(
  fs: HostFs,
  options: {
    dir: string;
    sample: string;
    composeFiles: readonly string[];
    showSecrets: boolean;
  },
): EnvCheckResult {
  const envFile = path.join(options.dir, '.env');
  if (!fs.existsSync(envFile)) {
    throw new NotFoundError(`${envFile} does not exist`, {
      hint: 'create it from the sample with `stager env init`',
    });
  }
  const demanded = demandedVariables(
    options.composeFiles.filter((f) => f !== '-').map((f) => fs.readFileSync(f, 'utf8')),
  );
  const result = checkEnv(
    fs.readFileSync(options.sample, 'utf8'),
    fs.readFileSync(envFile, 'utf8'),
    demanded,
    options.showSecrets,
  );
  return { ...result, envFile, sampleFile: options.sample };
}
