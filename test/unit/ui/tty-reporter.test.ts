/** The live progress in Compose v2's shape: header, rows rewritten in place, timers on the right. */
import { stripVTControlCharacters as strip } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TtyReporter } from '../../../src/ui/tty-reporter.js';
import { plainStyle } from '../../../src/ui/style.js';

describe('the terminal progress', () => {
  it('draws [+] Running done/total and each row with the seconds it took at the right edge', () => {
    let out = '';
    let now = 1000;
    const r = new TtyReporter(
      (t) => (out += t),
      plainStyle,
      false,
      () => 60,
      () => now,
    );
    r.report({
      type: 'step',
      id: 'network:p_default',
      label: 'Network p_default',
      status: 'done',
      detail: 'Created',
    });
    r.report({
      type: 'step',
      id: 'container:p-db-1',
      label: 'Container p-db-1',
      status: 'start',
      detail: 'Starting',
    });
    now = 3500;
    r.report({
      type: 'step',
      id: 'container:p-db-1',
      label: 'Container p-db-1',
      status: 'done',
      detail: 'Healthy',
    });
    r.close();
    // Each frame starts by moving up over the last one and clearing it.
    const esc = String.fromCharCode(27);
    const frames = out.split(new RegExp(`${esc}\\[\\d+A${esc}\\[0J`)).map((f) => strip(f));
    const last = frames.at(-1)!.split('\n').filter(Boolean);
    expect(last[0]).toBe('[+] Running 2/2');
    expect(last[1]).toMatch(/^ ✔ Network p_default {2}Created +0\.0s$/);
    expect(last[2]).toMatch(/^ ✔ Container p-db-1 {3}Healthy +2\.5s$/);
    expect(last[2]).toHaveLength(59);
    expect(frames.some((f) => f.includes('[+] Running 1/2'))).toBe(true);
  });
});
