import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../../src/config/load.js';
import { memoryFs } from '../../../../src/config/source-fs.js';
import type { Engine } from '../../../../src/engine/engine.js';
import type { OpContext } from '../../../../src/ops/context.js';
import { olderApi, refuseUnsupportedKeys } from '../../../../src/ops/lifecycle/engine-features.js';

function project(compose: string) {
  return loadProject({
    cwd: '/p',
    env: {},
    fs: memoryFs({ '/p/compose.yaml': compose }),
  }).project;
}

/** An engine that only answers /version, counting how often it is asked. */
function engineOf(version: string, api: string) {
  const asked = { count: 0 };
  const engine = {
    negotiatedApiVersion: () => Promise.resolve(api),
    inspectVersion: () => {
      asked.count++;
      return Promise.resolve({ version, apiVersion: api, negotiatedApiVersion: api });
    },
  } as unknown as Engine;
  const ctx = {
    engine,
    reporter: { report: () => {} },
    now: () => new Date(),
  } as unknown as OpContext;
  return { ctx, asked };
}

const GATED = `services:
  db:
    image: busybox
    healthcheck: {test: ["CMD", "true"], start_interval: 100ms}
  web:
    image: busybox
`;

describe('keys the engine cannot honour', () => {
  it('refuses start_interval before API 1.44, naming the service and the engine', async () => {
    const { ctx } = engineOf('20.10.24', '1.41');
    await expect(refuseUnsupportedKeys(ctx, project(GATED), ['db', 'web'])).rejects.toThrow(
      'service db: healthcheck.start_interval needs Docker Engine 25 or newer (API 1.44); this engine is 20.10.24 (API 1.41)',
    );
  });

  it('passes it on a newer engine', async () => {
    const { ctx } = engineOf('28.5.2', '1.51');
    await expect(refuseUnsupportedKeys(ctx, project(GATED), ['db'])).resolves.toBeUndefined();
  });

  it('asks the engine for its version only to say why it refuses', async () => {
    const old = engineOf('20.10.24', '1.41');
    await refuseUnsupportedKeys(old.ctx, project(GATED), ['web']);
    expect(old.asked.count).toBe(0);
    const current = engineOf('28.5.2', '1.51');
    await refuseUnsupportedKeys(current.ctx, project(GATED), ['db']);
    expect(current.asked.count).toBe(0);
  });

  it('compares API versions by number', () => {
    expect(olderApi('1.41', '1.44')).toBe(true);
    expect(olderApi('1.51', '1.44')).toBe(false);
    expect(olderApi('1.44', '1.44')).toBe(false);
    expect(olderApi('1.9', '1.10')).toBe(true);
  });
});
