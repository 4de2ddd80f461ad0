/**
 * Pull and push progress arrives per layer; people want one bar per image. This folds the
 * layers' statuses into bytes done of bytes known, a rate, an ETA and a phase.
 */
import type { PullProgress } from '../../engine/engine.js';
import type { Row } from '../progress.js';
import { formatBytes } from '../../format.js';

interface Layer {
  current: number;
  total: number;
  done: boolean;
}

export interface ImageProgress {
  phase: string;
  current: number;
  total: number;
  layers: number;
  layersDone: number;
  /** Bytes per second since the first byte moved. */
  rate?: number;
  etaSeconds?: number;
}

const DONE = /^(Pull complete|Already exists|Pushed|Layer already exists|Mounted from)/;
const TRANSFERRED = /^(Download complete|Verifying Checksum|Extracting)/;

export class LayerProgress {
  private readonly layers = new Map<string, Layer>();
  private firstByteAt: number | undefined;
  private phase = 'Waiting';

  constructor(private readonly now: () => number = Date.now) {}

  accept(p: PullProgress): void {
    if (!p.id || !/^[0-9a-f]{12,}$/.test(p.id)) {
      if (p.status)
        this.phase = p.status.replace(/^(Pulling from|The push refers to).*/, 'Resolving');
      return;
    }
    const layer = this.layers.get(p.id) ?? { current: 0, total: 0, done: false };
    this.layers.set(p.id, layer);
    if (p.total && p.total > layer.total) layer.total = p.total;
    if (DONE.test(p.status)) {
      layer.done = true;
      layer.current = layer.total;
    } else if (/^(Downloading|Pushing)/.test(p.status)) {
      this.phase = p.status.startsWith('Pushing') ? 'Pushing' : 'Downloading';
      if (p.current !== undefined) layer.current = Math.min(p.current, layer.total || p.current);
      this.firstByteAt ??= this.now();
    } else if (TRANSFERRED.test(p.status)) {
      layer.current = layer.total;
      if (p.status.startsWith('Extracting')) this.phase = 'Extracting';
    }
  }

  snapshot(): ImageProgress {
    const layers = [...this.layers.values()];
    const current = layers.reduce((n, l) => n + l.current, 0);
    const total = layers.reduce((n, l) => n + l.total, 0);
    const seconds = this.firstByteAt === undefined ? 0 : (this.now() - this.firstByteAt) / 1000;
    const rate = seconds > 0.5 ? current / seconds : undefined;
    return {
      phase: this.phase,
      current,
      total,
      layers: layers.length,
      layersDone: layers.filter((l) => l.done).length,
      ...(rate ? { rate } : {}),
      ...(rate && total > current ? { etaSeconds: Math.ceil((total - current) / rate) } : {}),
    };
  }
}

/** How often a live display gets a new byte count. */
const UPDATE_MS = 150;

/**
 * Feeds a pull's or push's layer events into one progress row of the reporter, at most every
 * UPDATE_MS; the row's last state is left to the caller (done or failed).
 */
export function layerProgress(row: Row): {
  progress: LayerProgress;
  onEvent: (p: PullProgress) => void;
} {
  const progress = new LayerProgress();
  let last = 0;
  return {
    progress,
    onEvent: (p) => {
      progress.accept(p);
      const now = Date.now();
      if (now - last < UPDATE_MS) return;
      last = now;
      const detail = describeProgress(progress.snapshot());
      row.progress(detail, true);
    },
  };
}

/** `Downloading 12 MB / 40 MB, 3.2 MB/s, 9s left` */
export function describeProgress(p: ImageProgress): string {
  if (!p.total) return p.layers ? `${p.phase} (${p.layersDone}/${p.layers} layers)` : p.phase;
  const parts = [`${p.phase} ${formatBytes(p.current)} / ${formatBytes(p.total)}`];
  if (p.rate) parts.push(`${formatBytes(Math.round(p.rate))}/s`);
  if (p.etaSeconds !== undefined) parts.push(`${p.etaSeconds}s left`);
  return parts.join(', ');
}
