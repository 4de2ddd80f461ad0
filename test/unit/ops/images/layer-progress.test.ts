import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../../src/format.js';
import { describeProgress, LayerProgress } from '../../../../src/ops/images/layer-progress.js';

describe('LayerProgress', () => {
  it('folds layers into one byte count with a rate and an ETA', () => {
    let now = 0;
    const p = new LayerProgress(() => now);
    p.accept({ id: '', status: 'Pulling from library/postgres' });
    p.accept({ id: 'aaaaaaaaaaaa', status: 'Pulling fs layer' });
    p.accept({ id: 'bbbbbbbbbbbb', status: 'Already exists' });
    p.accept({ id: 'aaaaaaaaaaaa', status: 'Downloading', current: 1_000_000, total: 4_000_000 });
    now = 2000;
    p.accept({ id: 'aaaaaaaaaaaa', status: 'Downloading', current: 2_000_000, total: 4_000_000 });
    expect(p.snapshot()).toEqual({
      phase: 'Downloading',
      current: 2_000_000,
      total: 4_000_000,
      layers: 2,
      layersDone: 1,
      rate: 1_000_000,
      etaSeconds: 2,
    });
    expect(describeProgress(p.snapshot())).toBe('Downloading 2.0 MB / 4.0 MB, 1.0 MB/s, 2s left');
    p.accept({ id: 'aaaaaaaaaaaa', status: 'Extracting', current: 10, total: 4_000_000 });
    p.accept({ id: 'aaaaaaaaaaaa', status: 'Pull complete' });
    expect(p.snapshot()).toMatchObject({ current: 4_000_000, layersDone: 2 });
  });

  it('says what happens before any byte moves', () => {
    const p = new LayerProgress(() => 0);
    p.accept({ id: '', status: 'The push refers to repository [127.0.0.1:5000/app]' });
    p.accept({ id: 'cccccccccccc', status: 'Preparing' });
    expect(describeProgress(p.snapshot())).toBe('Resolving (0/1 layers)');
  });

  it.each([
    [999, '999 B'],
    [1500, '1.5 kB'],
    [12_345_678, '12 MB'],
    [3_200_000_000, '3.2 GB'],
  ])('formats %d bytes as %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
