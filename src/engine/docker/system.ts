/** The engine itself: its version, disk usage and event stream. */
import type {
  DiskUsage,
  EngineEvent,
  EngineVersion,
  EventStream,
  EventWindow,
  SystemOps,
} from '../engine.js';
import { toDiskUsage, type RawDiskUsage } from './map-disk.js';
import { compareApiVersions } from './api-version.js';
import type { DockerApi } from './api.js';

export class DockerSystem implements SystemOps {
  constructor(private readonly api: DockerApi) {}

  negotiatedApiVersion(): Promise<string> {
    return this.api.negotiatedApiVersion();
  }

  async inspectVersion(): Promise<EngineVersion> {
    const ping = await this.api.connect();
    const v = await this.api.call('version', () => this.api.docker.version());
    const modem = this.api.docker.modem as { version?: string };
    return {
      version: v.Version,
      apiVersion: v.ApiVersion,
      minApiVersion: (v as { MinAPIVersion?: string }).MinAPIVersion ?? v.ApiVersion,
      negotiatedApiVersion: (modem.version ?? '').replace(/^v/, ''),
      os: v.Os,
      arch: v.Arch,
      kernelVersion: v.KernelVersion,
      buildkit:
        ping.buildkitOffered &&
        (ping.osType ?? v.Os) === 'linux' &&
        compareApiVersions(v.ApiVersion, '1.39') >= 0,
      defaultBuilder: ping.defaultBuildkit ? 'buildkit' : 'classic',
    };
  }

  async diskUsage(): Promise<DiskUsage> {
    const df = (await this.api.call('disk usage', () => this.api.docker.df())) as RawDiskUsage;
    return toDiskUsage(df);
  }

  async streamEvents(
    filters: Record<string, string[]>,
    onEvent: (e: EngineEvent) => void,
    window: EventWindow = {},
  ): Promise<EventStream> {
    const stream = (await this.api.call('watch events', () =>
      this.api.docker.getEvents({
        filters,
        ...(window.since !== undefined ? { since: window.since } : {}),
        ...(window.until !== undefined ? { until: window.until } : {}),
      } as Parameters<typeof this.api.docker.getEvents>[0]),
    )) as NodeJS.ReadableStream & { destroy(): void };
    const done = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
    });
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const e = JSON.parse(line) as {
          Type: string;
          Action: string;
          Actor: { ID: string; Attributes?: Record<string, string> };
          time: number;
        };
        const timeNano = /"timeNano":(\d+)/.exec(line)?.[1];
        onEvent({
          type: e.Type,
          action: e.Action,
          id: e.Actor.ID,
          attributes: e.Actor.Attributes ?? {},
          time: e.time,
          ...(timeNano ? { timeNano } : {}),
        });
      }
    });
    stream.on('error', () => undefined);
    return { close: () => stream.destroy(), done };
  }
}
