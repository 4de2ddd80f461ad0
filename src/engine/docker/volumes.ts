/** The engine's volumes. */
import type { VolumeOps, VolumeSpec, VolumeSummary } from '../engine.js';
import { toVolumeSummary } from './map-details.js';
import type { DockerApi } from './api.js';

export class DockerVolumes implements VolumeOps {
  constructor(private readonly api: DockerApi) {}

  async listVolumes(labels: readonly string[]): Promise<VolumeSummary[]> {
    const list = await this.api.call('list volumes', () =>
      this.api.docker.listVolumes({ filters: { label: [...labels] } }),
    );
    return (list.Volumes ?? []).map(toVolumeSummary);
  }

  async inspectVolume(name: string): Promise<VolumeSummary | undefined> {
    try {
      return toVolumeSummary(
        await this.api.call(`inspect volume ${name}`, () =>
          this.api.docker.getVolume(name).inspect(),
        ),
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'NotFoundError') return undefined;
      throw err;
    }
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    await this.api.call(`create volume ${spec.name}`, () =>
      this.api.docker.createVolume({
        Name: spec.name,
        Driver: spec.driver ?? 'local',
        DriverOpts: spec.driverOpts ?? {},
        Labels: spec.labels,
      }),
    );
  }

  async removeVolume(name: string): Promise<void> {
    await this.api.call(`remove volume ${name}`, () =>
      this.api.docker
        .getVolume(name)
        .remove()
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) throw err;
        }),
    );
  }
}
