/** port on the fake engine: the binding of a replica, the protocol, and the errors v2 gives. */
import { describe, expect, it } from 'vitest';
import { publishedPort } from '../../../../src/ops/containers/port.js';
import { up } from '../../../../src/ops/lifecycle/up.js';
import { fakeContexts, projectOf } from '../../../support/op-context.js';

const context = fakeContexts();

describe('port on the fake engine', () => {
  it("answers the replica's binding for a port and protocol, or says why not", async () => {
    const ctx = context();
    const project = projectOf(`services:
  web:
    image: busybox:1.36
    ports: ["127.0.0.1:8080:80", "5353:53/udp"]
  db:
    image: busybox:1.36
`);
    await up(ctx, project, {});
    expect(await publishedPort(ctx, 'p', { service: 'web', port: 80 })).toEqual({
      container: 'p-web-1',
      ip: '127.0.0.1',
      port: 8080,
    });
    expect(
      (await publishedPort(ctx, 'p', { service: 'web', port: 53, protocol: 'UDP' })).port,
    ).toBe(5353);
    await expect(publishedPort(ctx, 'p', { service: 'web', port: 81 })).rejects.toThrow(
      'no port 81/tcp for container p-web-1: 8080/tcp, 5353/udp',
    );
    await expect(publishedPort(ctx, 'p', { service: 'web', port: 80, index: 2 })).rejects.toThrow(
      'service web has no running container number 2',
    );
    await expect(publishedPort(ctx, 'p', { service: 'db', port: 80 })).rejects.toThrow(
      'no port 80/tcp for container p-db-1: ',
    );
  });
});
