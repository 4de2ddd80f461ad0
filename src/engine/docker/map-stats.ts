import type Docker from 'dockerode';
import type { ContainerStats } from '../engine.js';

/**
 * One stats sample as the docker CLI computes its columns: CPU from the two readings the engine
 * sends, memory without the page cache the kernel can drop (cgroup v1's total_inactive_file,
 * v2's inactive_file).
 */
export function toContainerStats(raw: Docker.ContainerStats): ContainerStats {
  const cpu = raw.cpu_stats;
  const pre = raw.precpu_stats;
  const cpuDelta = (cpu?.cpu_usage?.total_usage ?? 0) - (pre?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu?.system_cpu_usage ?? 0) - (pre?.system_cpu_usage ?? 0);
  const cpus = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 1;
  const cpuPercent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
  const mem = raw.memory_stats ?? ({} as Docker.ContainerStats['memory_stats']);
  const detail = (mem.stats ?? {}) as unknown as Record<string, number>;
  const cache =
    detail.total_inactive_file !== undefined && detail.total_inactive_file < (mem.usage ?? 0)
      ? detail.total_inactive_file
      : detail.inactive_file !== undefined && detail.inactive_file < (mem.usage ?? 0)
        ? detail.inactive_file
        : 0;
  const memUsage = (mem.usage ?? 0) - cache;
  const memLimit = mem.limit ?? 0;
  let netRx = 0;
  let netTx = 0;
  for (const n of Object.values(raw.networks ?? {})) {
    netRx += n.rx_bytes;
    netTx += n.tx_bytes;
  }
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = e.op.toLowerCase();
    if (op === 'read') blockRead += e.value;
    else if (op === 'write') blockWrite += e.value;
  }
  return {
    cpuPercent,
    memUsage,
    memLimit,
    memPercent: memLimit > 0 ? (memUsage / memLimit) * 100 : 0,
    netRx,
    netTx,
    blockRead,
    blockWrite,
    pids: raw.pids_stats?.current ?? 0,
  };
}
