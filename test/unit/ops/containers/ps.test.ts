/** ps on the fake engine: the project's containers by name, filtered, and printed as v2 prints them. */
import { PassThrough } from 'node:stream';
import { humanDuration } from '../../../../src/format.js';
import { describe, expect, it } from 'vitest';
import { listProjectContainers } from '../../../../src/ops/containers/ps.js';
import { kill } from '../../../../src/ops/lifecycle/lifecycle.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { runOneOff } from '../../../../src/ops/containers/exec.js';
import {
  displayablePorts,
  renderPs,
  renderPsJson,
} from '../../../../src/ui/render/containers/ps.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();

describe('ps on the fake engine', () => {
  it('lists running containers sorted by service and number; -a and --status widen and narrow it', async () => {
    const ctx = context();
    const model = projectOf(`services:
  web:
    image: busybox:1.36
  db:
    image: busybox:1.36
`);
    await up(ctx, model, { scale: { web: 2 } });
    await up(ctx, projectOf('services:\n  other:\n    image: busybox:1.36\n', 'q'), {});
    await kill(ctx, { project: 'p', model, services: ['db'] });
    const names = async (options: Partial<Parameters<typeof listProjectContainers>[1]>) =>
      (await listProjectContainers(ctx, { project: 'p', ...options })).containers.map(
        (c) => `${c.name} ${c.state}`,
      );
    expect(await names({})).toEqual(['p-web-1 running', 'p-web-2 running']);
    expect(await names({ all: true })).toEqual([
      'p-db-1 exited',
      'p-web-1 running',
      'p-web-2 running',
    ]);
    expect(await names({ status: ['exited'] })).toEqual(['p-db-1 exited']);
    expect(await names({ all: true, services: ['web'] })).toEqual([
      'p-web-1 running',
      'p-web-2 running',
    ]);
  });

  it('leaves one-off containers out unless -a, as Compose v2 does', async () => {
    const ctx = context();
    const model = projectOf('services:\n  web:\n    image: busybox:1.36\n');
    await up(ctx, model, {});
    const io = { stdout: new PassThrough(), stderr: new PassThrough() };
    await runOneOff(
      ctx,
      model,
      { service: 'web', detach: true, command: ['sleep', '9'], tty: false, stdin: false },
      { io },
    );
    const listed = async (all: boolean) =>
      (await listProjectContainers(ctx, { project: 'p', all })).containers.map((c) => c.oneoff);
    expect(await listed(false)).toEqual([false]);
    expect(await listed(true)).toEqual([false, true]);
  });

  it("prints v2's table, header included when empty, and v2's JSON fields in v2's order", async () => {
    const ctx = context();
    await up(
      ctx,
      projectOf(
        'services:\n  web:\n    image: busybox:1.36\n    command: [sleep, "300"]\n    ports: ["8080:80"]\n',
      ),
      {},
    );
    const result = await listProjectContainers(ctx, { project: 'p' });
    const table = renderPs({
      ...result,
      listedAt: new Date(Date.parse(result.containers[0]!.createdAt) + 150_000).toISOString(),
    });
    expect(table.split('\n')[0]).toBe(
      'NAME      IMAGE          COMMAND       SERVICE   CREATED         STATUS    PORTS',
    );
    expect(table.split('\n')[1]).toBe(
      'p-web-1   busybox:1.36   "sleep 300"   web       2 minutes ago   running   0.0.0.0:8080->80/tcp',
    );
    expect(renderPs({ project: 'p', listedAt: result.listedAt, containers: [] })).toBe(
      'NAME      IMAGE     COMMAND   SERVICE   CREATED   STATUS    PORTS\n',
    );
    const json = JSON.parse(renderPsJson(result).trim()) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'Command',
      'CreatedAt',
      'ExitCode',
      'Health',
      'ID',
      'Image',
      'Labels',
      'LocalVolumes',
      'Mounts',
      'Name',
      'Names',
      'Networks',
      'Ports',
      'Project',
      'Publishers',
      'RunningFor',
      'Service',
      'Size',
      'State',
      'Status',
    ]);
    expect(json).toMatchObject({ Name: 'p-web-1', Networks: 'p_default', Project: 'p' });
    expect(renderPsJson(result)).toContain('->'.replace('>', '\\u003e'));
  });

  it('groups ports and counts time as the docker CLI does', () => {
    const tcp = (containerPort: number, hostPort?: number, hostIp = '0.0.0.0') => ({
      containerPort,
      protocol: 'tcp' as const,
      ...(hostPort ? { hostPort, hostIp } : {}),
    });
    expect(
      displayablePorts([
        tcp(8001, 8001),
        tcp(8000, 8000),
        tcp(9000),
        tcp(80, 8080),
        tcp(81, 8081, '::'),
      ]),
    ).toBe('0.0.0.0:8000-8001->8000-8001/tcp, 9000/tcp, 0.0.0.0:8080->80/tcp, [::]:8081->81/tcp');
    expect(
      [0.5, 1, 59, 61, 3599, 3600, 47 * 3600, 10 * 86400, 40 * 86400, 400 * 86400, 800 * 86400].map(
        (s) => humanDuration(s * 1000),
      ),
    ).toEqual([
      'Less than a second',
      '1 second',
      '59 seconds',
      'About a minute',
      '59 minutes',
      'About an hour',
      '47 hours',
      '10 days',
      '5 weeks',
      '13 months',
      '2 years',
    ]);
  });
});
