/** stats on the fake engine, printed as the docker CLI prints them. */
import { describe, expect, it } from 'vitest';
import { readStats } from '../../../../src/ops/containers/stats.js';
import { kill } from '../../../../src/ops/lifecycle/lifecycle.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { binarySize, renderStats } from '../../../../src/ui/render/containers/stats.js';
import { toContainerStats } from '../../../../src/engine/docker/map-stats.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';
import type Docker from 'dockerode';

const context = fakeContexts();

describe('stats on the fake engine', () => {
  it("reads the running containers, the stopped ones with -a, in the docker CLI's columns", async () => {
    const ctx = context();
    const model = projectOf(
      'services:\n  web: {image: busybox:1.36}\n  db: {image: busybox:1.36}\n',
    );
    await up(ctx, model, { scale: { web: 2 } });
    await kill(ctx, { project: 'p', model, services: ['db'] });
    const running = await readStats(ctx, { project: 'p' });
    expect(running.containers.map((c) => c.name)).toEqual(['p-web-1', 'p-web-2']);
    const table = renderStats(running).split('\n');
    expect(table[0]).toMatch(
      /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS$/,
    );
    expect(table[2]).toMatch(
      /p-web-2\s+2\.00%\s+2MiB \/ 1GiB\s+0\.20%\s+2kB \/ 1kB\s+0B \/ 0B\s+2$/,
    );
    const all = await readStats(ctx, { project: 'p', all: true });
    expect(JSON.parse(renderStats(all, { format: 'json' }).split('\n')[0]!)).toMatchObject({
      Name: 'p-db-1',
      CPUPerc: '0.00%',
      MemUsage: '0B / 0B',
    });
    expect(renderStats(all, { format: '{{.Name}}:{{.PIDs}}' })).toBe(
      'p-db-1:0\np-web-1:1\np-web-2:2\n',
    );
  });

  it('computes CPU and memory from the raw reading as the docker CLI does', () => {
    const raw = {
      cpu_stats: { cpu_usage: { total_usage: 300 }, system_cpu_usage: 2000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1000 },
      memory_stats: { usage: 3 * 1048576, limit: 8 * 1048576, stats: { inactive_file: 1048576 } },
      networks: { eth0: { rx_bytes: 1500, tx_bytes: 700 } },
      blkio_stats: {
        io_service_bytes_recursive: [
          { op: 'read', value: 4096 },
          { op: 'Write', value: 8192 },
        ],
      },
      pids_stats: { current: 3 },
    } as unknown as Docker.ContainerStats;
    expect(toContainerStats(raw)).toEqual({
      cpuPercent: 40,
      memUsage: 2 * 1048576,
      memLimit: 8 * 1048576,
      memPercent: 25,
      netRx: 1500,
      netTx: 700,
      blockRead: 4096,
      blockWrite: 8192,
      pids: 3,
    });
    expect([0, 1023, 1536, 1572864, 8_190_000_000].map(binarySize)).toEqual([
      '0B',
      '1023B',
      '1.5KiB',
      '1.5MiB',
      '7.628GiB',
    ]);
  });
});
