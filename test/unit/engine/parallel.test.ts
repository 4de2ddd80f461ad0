/** --parallel: engine changes held to the bound, reads never held back. */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { limitedEngine } from '../../../src/engine/parallel.js';

function counting() {
  let active = 0;
  let most = 0;
  const work = async () => {
    active++;
    most = Math.max(most, active);
    await new Promise((r) => setTimeout(r, 5));
    active--;
  };
  const engine = { startContainer: work, inspectContainer: work } as unknown as Engine;
  return { engine, most: () => most };
}

describe('the --parallel bound', () => {
  it('runs at most n changes at once, and every one of them', async () => {
    const c = counting();
    const limited = limitedEngine(c.engine, 2);
    await Promise.all(Array.from({ length: 7 }, (_, i) => limited.startContainer(`c${i}`)));
    expect(c.most()).toBe(2);
  });

  it('lets reads through whatever the bound', async () => {
    const c = counting();
    const limited = limitedEngine(c.engine, 1);
    await Promise.all(Array.from({ length: 4 }, (_, i) => limited.inspectContainer(`c${i}`)));
    expect(c.most()).toBe(4);
  });
});
