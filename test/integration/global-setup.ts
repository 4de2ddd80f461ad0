/**
 * Integration tests need a real engine and the built CLI. Both are prepared by scripts/test.sh;
 * here we only check, and fail loudly: an unreachable engine is never a reason to skip.
 */
import { existsSync } from 'node:fs';
import { execa } from 'execa';

export default async function setup(): Promise<void> {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false });
  if (info.exitCode !== 0) {
    throw new Error(
      `integration tests need a Docker engine and none answers (${info.stderr.trim() || info.shortMessage}). Run: bash scripts/dev-engine.sh`,
    );
  }
  if (!existsSync(new URL('../../dist/bin.js', import.meta.url))) {
    throw new Error(
      'integration tests run the built CLI: run `npm run build` first (npm test does)',
    );
  }
}
