/** volumes and df on the fake engine: what the project keeps, and where. */
import { describe, expect, it } from 'vitest';
import { listVolumes } from '../../../../src/ops/data/volumes.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { diskUsage } from '../../../../src/ops/system/df.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();

describe('volumes and df on the fake engine', () => {
  it("lists the project's named volumes, those not created yet too, and counts them in df", async () => {
    const ctx = context();
    const model = projectOf(`services:
  db:
    image: busybox:1.36
    volumes: ["data:/data"]
  cache:
    image: busybox:1.36
    volumes: ["cache:/cache"]
    profiles: [later]
volumes:
  data:
  cache:
`);
    await up(ctx, model, {});
    const listed = await listVolumes(ctx, model);
    expect(listed.volumes.map((v) => `${v.name} ${v.exists}`)).toEqual(['p_data true']);
    const df = await diskUsage(ctx, 'p');
    expect(df.projectRows.find((r) => r.kind === 'volumes')?.total).toBe(1);
    expect(df.projectRows.find((r) => r.kind === 'containers')?.active).toBe(1);
  });
});
