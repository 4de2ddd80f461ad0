import { describe, expect, it } from 'vitest';
import { inspectVersions } from '../../../../src/ops/system/version.js';
import { fakeContexts } from '../../../support/op-context.js';

const context = fakeContexts();

describe('version', () => {
  it("reports stager's, Node's and the engine's versions and where the engine is", async () => {
    const ctx = context();
    const v = await inspectVersions(ctx, '9.9.9');
    expect(v.client).toEqual({
      version: '9.9.9',
      node: process.versions.node,
      platform: `${process.platform}/${process.arch}`,
    });
    expect(v.engine).toMatchObject({ version: '28.5.2', negotiatedApiVersion: '1.51' });
    expect(v.endpoint.url).toBe('fake://engine');
  });
});
