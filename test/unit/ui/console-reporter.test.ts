/** Plain progress lines: fixed columns, and colors that end before the newline. */
import { describe, expect, it } from 'vitest';
import { ConsoleReporter } from '../../../src/ui/console-reporter.js';
import { plainStyle, type Style } from '../../../src/ui/style.js';

/** Marks where each color would start and reset. */
const marking = new Proxy(plainStyle, {
  get: () => (s: string) => `<${s}>`,
}) as Style;

describe('plain progress lines', () => {
  it('start their states in one fixed column, whatever label came before', () => {
    let out = '';
    const r = new ConsoleReporter({
      write: (t) => (out += t),
      style: plainStyle,
      verbose: false,
      quiet: false,
    });
    r.report({
      type: 'step',
      id: 'a',
      label: 'Container p-web-1',
      status: 'done',
      detail: 'Started',
    });
    r.report({
      type: 'step',
      id: 'b',
      label: 'Image p-web [stage-0 3/7] RUN pip install -r requirements.txt',
      status: 'done',
      detail: 'DONE',
    });
    r.report({
      type: 'step',
      id: 'c',
      label: 'Network p_default',
      status: 'done',
      detail: 'Removed',
    });
    const [first, long, last] = out.split('\n');
    expect(first!.indexOf('Started')).toBe(32);
    expect(last!.indexOf('Removed')).toBe(32);
    expect(long).toMatch(/txt {2}DONE$/);
  });

  it('end every color before the newline', () => {
    let out = '';
    const r = new ConsoleReporter({
      write: (t) => (out += t),
      style: marking,
      verbose: true,
      quiet: false,
    });
    r.report({ type: 'debug', message: 'plan' });
    r.report({
      type: 'step',
      id: 'a',
      label: 'Container p-web-1',
      status: 'failed',
      detail: 'exited',
    });
    r.report({ type: 'warning', message: 'careful', hint: 'do this' });
    expect(out).not.toMatch(/\n>/);
    expect(
      out
        .split('\n')
        .every((line) => (line.match(/</g) ?? []).length === (line.match(/>/g) ?? []).length),
    ).toBe(true);
  });
});
