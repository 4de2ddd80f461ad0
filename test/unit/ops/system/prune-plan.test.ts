import { describe, expect, it } from 'vitest';
import type { DiskUsage, NetworkSummary } from '../../../../src/engine/engine.js';
import { planFromUsage } from '../../../../src/ops/system/prune.js';

const P = 'com.docker.compose.project';
const NOW = new Date('2026-11-24T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

const image = (id: string, over: object = {}) => ({
  id,
  tags: [],
  labels: { [P]: 'shop' },
  created: hoursAgo(48),
  size: 100,
  uniqueSize: 10,
  containers: 0,
  ...over,
});
const container = (id: string, state: string, over: object = {}) => ({
  id,
  name: id,
  labels: { [P]: 'shop' },
  state,
  size: 5,
  volumes: [] as string[],
  imageId: '',
  ...over,
});

const df: DiskUsage = {
  layersSize: 1000,
  images: [
    image('sha256:old'),
    image('sha256:tagged', { tags: ['shop-web:latest'] }),
    image('sha256:fresh', { created: hoursAgo(1) }),
    image('sha256:theirs', { labels: { [P]: 'blog' } }),
    image('sha256:running', { containers: 1 }),
    image('sha256:unlabelled', { labels: {} }),
  ],
  containers: [
    container('web', 'running', { imageId: 'sha256:running', volumes: ['shop_db'] }),
    container('migrate', 'exited', { imageId: 'sha256:old', volumes: ['shop_cache'] }),
    container('blog-web', 'exited', { labels: { [P]: 'blog' } }),
  ],
  volumes: [
    { name: 'shop_db', labels: { [P]: 'shop' }, size: 50, refCount: 1 },
    { name: 'shop_cache', labels: { [P]: 'shop' }, size: 7, refCount: 1 },
  ],
  buildCache: [
    {
      id: 'a',
      type: 'regular',
      description: 'a',
      size: 300,
      inUse: false,
      shared: false,
      lastUsedAt: hoursAgo(30),
    },
    {
      id: 'b',
      type: 'regular',
      description: 'b',
      size: 200,
      inUse: false,
      shared: false,
      lastUsedAt: hoursAgo(2),
    },
    {
      id: 'c',
      type: 'regular',
      description: 'c',
      size: 100,
      inUse: true,
      shared: false,
      lastUsedAt: hoursAgo(40),
    },
  ],
};
const networks: NetworkSummary[] = [
  {
    id: '1',
    name: 'shop_default',
    labels: { [P]: 'shop' },
    created: '2026-01-01T00:00:00Z',
    containers: ['web'],
  },
  {
    id: '2',
    name: 'shop_jobs',
    labels: { [P]: 'shop' },
    created: '2026-01-01T00:00:00Z',
    containers: ['migrate'],
  },
  { id: '3', name: 'bridge', labels: {}, created: '2026-01-01T00:00:00Z', containers: [] },
];

const ids = (plan: ReturnType<typeof planFromUsage>) => plan.items.map((i) => `${i.kind}:${i.id}`);

describe('planFromUsage', () => {
  it("takes only this project's stopped containers, dangling images and networks they leave", () => {
    const plan = planFromUsage(df, networks, { project: 'shop' }, NOW);
    expect(ids(plan)).toEqual([
      'container:migrate',
      'image:sha256:old',
      'image:sha256:fresh',
      'network:shop_jobs',
    ]);
    expect(plan.bytes).toBe(5 + 10 + 10);
  });

  it('adds volumes only when asked, and never one a remaining container mounts', () => {
    const plan = planFromUsage(
      df,
      networks,
      { project: 'shop', volumes: true, untilMs: 24 * 3_600_000 },
      NOW,
    );
    expect(ids(plan)).toEqual([
      'container:migrate',
      'image:sha256:old',
      'network:shop_jobs',
      'volume:shop_cache',
    ]);
  });

  it('engine-wide: images of every project, the build cache down to --keep-storage', () => {
    const plan = planFromUsage(
      df,
      networks,
      { allProjects: true, builder: true, allImages: true, keepStorageBytes: 250 },
      NOW,
    );
    expect(ids(plan)).toEqual([
      'image:sha256:tagged',
      'image:sha256:fresh',
      'image:sha256:theirs',
      'image:sha256:unlabelled',
      'build cache:a',
    ]);
  });
});
