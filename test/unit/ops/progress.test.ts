import { describe, expect, it } from 'vitest';
import { progress } from '../../../src/ops/progress.js';
import type { ReportEvent } from '../../../src/ops/reporter.js';

describe('the progress vocabulary', () => {
  it('names each row kind:name with a label, and moves it through its states', () => {
    const events: ReportEvent[] = [];
    const rows = progress({ report: (e) => events.push(e) });
    const db = rows.container('shop-db-1');
    db.start('Creating');
    db.progress('Pulling 1 MB', true);
    db.done('Created');
    rows.volume('shop_data').failed('Failed');
    rows.row('build-cache', 'Build cache (3 records)').skipped('Kept');
    expect(events).toEqual([
      {
        type: 'step',
        id: 'container:shop-db-1',
        label: 'Container shop-db-1',
        status: 'start',
        detail: 'Creating',
      },
      {
        type: 'step',
        id: 'container:shop-db-1',
        label: 'Container shop-db-1',
        status: 'progress',
        detail: 'Pulling 1 MB',
        transient: true,
      },
      {
        type: 'step',
        id: 'container:shop-db-1',
        label: 'Container shop-db-1',
        status: 'done',
        detail: 'Created',
      },
      {
        type: 'step',
        id: 'volume:shop_data',
        label: 'Volume shop_data',
        status: 'failed',
        detail: 'Failed',
      },
      {
        type: 'step',
        id: 'build-cache',
        label: 'Build cache (3 records)',
        status: 'skipped',
        detail: 'Kept',
      },
    ]);
  });
});
