import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, docker, testProject } from '../integration/helpers.js';

const cleanups = cleanupAfterEach();

// Neither service can be stopped gracefully within the 60 s grace period but by its own handler.
const COMPOSE = `services:
  deaf:
    image: busybox:1.36
    command: ["sleep", "3600"]
    stop_grace_period: 60s
  listening:
    image: busybox:1.36
    command: ["sh", "-c", "trap 'echo bye; exit 0' TERM; while :; do sleep 0.1; done"]
    stop_grace_period: 60s
`;

describe('stop when PID 1 cannot receive the stop signal', () => {
  it('kills at once what would ignore SIGTERM, and still stops gracefully what handles it', async () => {
    const p = testProject('sigdrop', { 'compose.yaml': COMPOSE }, cleanups);
    expect((await p.run(['up', '-d'])).exitCode).toBe(0);
    const started = Date.now();
    const stop = await p.run(['stop']);
    expect(stop.exitCode, stop.stderr).toBe(0);
    // Waiting out the grace period would take 60 s; neither stop needs it.
    expect(Date.now() - started).toBeLessThan(30_000);
    const exit = async (service: string) =>
      docker(['inspect', '-f', '{{.State.ExitCode}}', `${p.name}-${service}-1`]);
    expect(await exit('deaf')).toBe('137');
    expect(await exit('listening')).toBe('0');
    expect(await docker(['logs', `${p.name}-listening-1`])).toBe('bye');
  }, 60_000);
});
