/**
 * Integration tests need a real engine and the built CLI. scripts/test.sh prepares both and
 * names the engine in DOCKER_HOST; here we only check, and fail loudly: an unreachable engine is
 * never a reason to skip.
 */
import { existsSync } from 'node:fs';
import { execa } from 'execa';

export default async function setup(): Promise<void> {
  if (!process.env.DOCKER_HOST) {
    throw new Error(
      'integration tests run on an engine named by DOCKER_HOST: run them through `npm test` (scripts/test.sh), which starts the engines the tests own',
    );
  }
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false });
  if (info.exitCode !== 0) {
    throw new Error(
      `integration tests need the Docker engine at ${process.env.DOCKER_HOST} and it does not answer (${info.stderr.trim() || info.shortMessage}). Run: bash scripts/dev-engine.sh`,
    );
  }
  if (!existsSync(new URL('../../dist/bin.js', import.meta.url))) {
    throw new Error(
      'integration tests run the built CLI: run `npm run build` first (npm test does)',
    );
  }
}
