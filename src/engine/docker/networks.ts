/** The engine's networks. */
import type { NetworkOps, NetworkSpec, NetworkSummary } from '../engine.js';
import { toNetworkSummary } from './map-details.js';
import type { DockerApi } from './api.js';

export class DockerNetworks implements NetworkOps {
  constructor(private readonly api: DockerApi) {}

  async listNetworks(labels: readonly string[]): Promise<NetworkSummary[]> {
    const list = await this.api.call('list networks', () =>
      this.api.docker.listNetworks({ filters: { label: [...labels] } }),
    );
    return list.map(toNetworkSummary);
  }

  async findNetworks(name: string): Promise<NetworkSummary[]> {
    // The engine's name filter matches parts of names: keep the exact ones.
    const list = await this.api.call(`list networks named ${name}`, () =>
      this.api.docker.listNetworks({ filters: { name: [name] } }),
    );
    return list.filter((n) => n.Name === name).map(toNetworkSummary);
  }

  async inspectNetwork(name: string): Promise<NetworkSummary | undefined> {
    try {
      return toNetworkSummary(
        await this.api.call(`inspect network ${name}`, () =>
          this.api.docker.getNetwork(name).inspect(),
        ),
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'NotFoundError') return undefined;
      throw err;
    }
  }

  async createNetwork(spec: NetworkSpec): Promise<string> {
    const network = await this.api.call(`create network ${spec.name}`, () =>
      this.api.docker.createNetwork({
        Name: spec.name,
        CheckDuplicate: true,
        Driver: spec.driver ?? 'bridge',
        Labels: spec.labels,
        Internal: spec.internal ?? false,
        Attachable: spec.attachable ?? false,
        EnableIPv6: spec.enableIpv6 ?? false,
        Options: spec.driverOpts ?? {},
        ...(spec.ipam
          ? {
              IPAM: {
                Driver: spec.ipam.driver ?? 'default',
                Config: spec.ipam.config.map((c) => ({
                  Subnet: c.subnet,
                  IPRange: c.ipRange,
                  Gateway: c.gateway,
                })),
              },
            }
          : {}),
      }),
    );
    return network.id;
  }

  async removeNetwork(name: string): Promise<void> {
    await this.api.call(`remove network ${name}`, () =>
      this.api.docker
        .getNetwork(name)
        .remove()
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404) throw err;
        }),
    );
  }
}
