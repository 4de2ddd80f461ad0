/** The container stager asks for: Compose v2's name, labels, ports and network aliases. */
import { describe, expect, it } from 'vitest';
import { containerSpec } from '../../../../src/ops/lifecycle/container-spec.js';
import { projectOf } from '../../../support/op-context.js';

describe('containerSpec', () => {
  const project = projectOf(`services:
  db:
    image: postgres:16
  web:
    image: busybox:1.36
    ports: ["127.0.0.1:8080:80"]
    environment: { MODE: dev }
    labels: { team: shop }
    depends_on: { db: { condition: service_healthy, restart: true } }
`);

  it('names and labels a service container as Compose v2 does', () => {
    const spec = containerSpec(project, project.services.web!, {
      number: 2,
      configHash: 'abc',
      image: 'busybox:1.36',
      imageId: 'sha256:1',
    });
    expect(spec.name).toBe('p-web-2');
    expect(spec.labels).toMatchObject({
      team: 'shop',
      'com.docker.compose.project': 'p',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '2',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.config-hash': 'abc',
      'com.docker.compose.image': 'sha256:1',
      'com.docker.compose.depends_on': 'db:service_healthy:true',
    });
    expect(spec.env).toContain('MODE=dev');
    expect(spec.portBindings).toEqual({ '80/tcp': [{ hostIp: '127.0.0.1', hostPort: '8080' }] });
    expect(spec.endpoints[0]).toMatchObject({ network: 'p_default' });
    expect(spec.endpoints[0]!.aliases).toContain('web');
  });

  it('gives a one-off its slug instead of a number, and publishes no ports unless asked', () => {
    const spec = containerSpec(project, project.services.web!, {
      number: 1,
      configHash: 'abc',
      image: 'busybox:1.36',
      slug: 'f'.repeat(64),
      name: 'p-web-run-ffffffffffff',
      publishPorts: false,
    });
    expect(spec.labels['com.docker.compose.slug']).toBe('f'.repeat(64));
    expect(spec.labels['com.docker.compose.container-number']).toBeUndefined();
    expect(spec.labels['com.docker.compose.oneoff']).toBe('True');
    expect(spec.portBindings).toEqual({});
  });

  it('lets -e on the command line win over environment:, one entry per name', () => {
    const spec = containerSpec(project, project.services.web!, {
      number: 1,
      configHash: 'abc',
      image: 'busybox:1.36',
      extraEnv: ['MODE=test', 'EXTRA=1'],
    });
    expect(spec.env.filter((e) => e.startsWith('MODE='))).toEqual(['MODE=test']);
    expect(spec.env).toContain('EXTRA=1');
  });

  it('turns links into endpoint links, as Compose v2 writes them', () => {
    const linked = projectOf(`services:
  db:
    image: busybox:1.36
    scale: 2
  web:
    image: busybox:1.36
    links: ["db:database"]
    external_links: ["legacy-cache:cache"]
`);
    const spec = containerSpec(linked, linked.services.web!, {
      number: 1,
      configHash: 'abc',
      image: 'busybox:1.36',
    });
    expect(spec.endpoints[0]!.links).toEqual([
      'p-db-1:database',
      'p-db-1:db-1',
      'p-db-1:p-db-1',
      'p-db-2:database',
      'p-db-2:db-1',
      'p-db-2:p-db-1',
      'legacy-cache:cache',
    ]);
  });
});
