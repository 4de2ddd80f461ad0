import { describe, expect, it } from 'vitest';
import { StartOrder } from '../../../../src/ops/lifecycle/start-order.js';

/** A start that takes `ms` and records when it began and ended. */
function recorder() {
  const log: string[] = [];
  const start = (name: string, ms: number) => async () => {
    log.push(`${name} begins`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    log.push(`${name} ends`);
  };
  return { log, start };
}

describe('StartOrder', () => {
  it('starts what others wait on first, the rest once those starts are done', async () => {
    const order = new StartOrder(new Set(['db', 'redis']));
    const { log, start } = recorder();
    // All ready at once, the leaf asking first.
    await Promise.all([
      order.run('mail', start('mail', 5)),
      order.run('db', start('db', 20)),
      order.run('redis', start('redis', 10)),
    ]);
    expect(log.indexOf('mail begins')).toBeGreaterThan(log.indexOf('db ends'));
    expect(log.indexOf('mail begins')).toBeGreaterThan(log.indexOf('redis ends'));
    expect(log.slice(0, 2).sort()).toEqual(['db begins', 'redis begins']);
  });

  it('lets services nobody waits on start together, and passes results and failures through', async () => {
    const order = new StartOrder(new Set());
    const { log, start } = recorder();
    await Promise.all([order.run('a', start('a', 10)), order.run('b', start('b', 10))]);
    expect(log.slice(0, 2)).toEqual(['a begins', 'b begins']);
    await expect(order.run('a', async () => 7)).resolves.toBe(7);
    const critical = new StartOrder(new Set(['db']));
    await expect(
      critical.run('db', async () => {
        throw new Error('port taken');
      }),
    ).rejects.toThrow('port taken');
    // A failed start does not leave the others waiting.
    await expect(critical.run('web', async () => 'started')).resolves.toBe('started');
  });
});
