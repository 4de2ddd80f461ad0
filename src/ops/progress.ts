/**
 * The small vocabulary ops report progress in: one row per thing, named by its kind and name
 * (`Container shop-db-1`, id `container:shop-db-1`), moving through a few states. Reporters key
 * rows by id, so a thing keeps its row whatever the op calls it next.
 */
import type { Reporter, StepStatus } from './reporter.js';

export type Kind = 'container' | 'network' | 'volume' | 'image' | 'folder' | 'task';

const LABELS: Record<Kind, string> = {
  container: 'Container',
  network: 'Network',
  volume: 'Volume',
  image: 'Image',
  folder: 'Folder',
  task: 'Task',
};

/** One thing's row: `start`, `progress`, then `done`, `failed` or `skipped`, each with a word. */
export class Row {
  readonly id: string;
  readonly label: string;

  constructor(
    private readonly reporter: Reporter,
    id: string,
    label: string,
  ) {
    this.id = id;
    this.label = label;
  }

  private step(status: StepStatus, detail: string, transient?: boolean): void {
    this.reporter.report({
      type: 'step',
      id: this.id,
      label: this.label,
      status,
      detail,
      ...(transient ? { transient } : {}),
    });
  }

  start(detail: string): void {
    this.step('start', detail);
  }
  /** A passing update (bytes so far) that a live display shows and a line log leaves out. */
  progress(detail: string, transient = false): void {
    this.step('progress', detail, transient);
  }
  done(detail: string): void {
    this.step('done', detail);
  }
  failed(detail: string): void {
    this.step('failed', detail);
  }
  skipped(detail: string): void {
    this.step('skipped', detail);
  }
}

export type Rows = Record<Kind, (name: string) => Row> & {
  /** A row that is not one thing of a kind: a build step, a hook, the build cache. */
  row(id: string, label: string): Row;
};

/** The rows of an op: `progress(ctx.reporter).container(name).start('Creating')`. */
export function progress(reporter: Reporter): Rows {
  const of = (kind: Kind) => (name: string) =>
    new Row(reporter, `${kind}:${name}`, `${LABELS[kind]} ${name}`);
  return {
    container: of('container'),
    network: of('network'),
    volume: of('volume'),
    image: of('image'),
    folder: of('folder'),
    task: of('task'),
    row: (id, label) => new Row(reporter, id, label),
  };
}
