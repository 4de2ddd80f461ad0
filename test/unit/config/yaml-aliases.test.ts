/** Aliases: copied where used, and bounded, as Compose bounds them ("excessive aliasing"). */
import { describe, expect, it } from 'vitest';
import { readYamlSource } from '../../../src/config/yaml-source.js';

const read = (text: string) =>
  readYamlSource(text, { file: 'compose.yaml', lookup: () => undefined });

describe('YAML aliases', () => {
  it('copies an anchor where an alias names it', () => {
    const { source, issues } = read(
      'x: &env {A: "1"}\nservices:\n  a: {image: i, environment: *env}\n',
    );
    expect(issues).toEqual([]);
    expect(source.data).toMatchObject({ services: { a: { environment: { A: '1' } } } });
  });

  it('stops a file whose aliases multiply (a billion laughs) at once, in one line', () => {
    const levels = ['  a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `  a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    // Unbounded, this would run for hours: the test's own timeout is the guard.
    const { issues } = read(`x-bomb:\n${levels.join('\n')}\nservices:\n  a: {image: i}\n`);
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'compose.yaml',
        message: 'excessive aliasing: the aliases copy more than a compose file can hold',
      }),
    ]);
  });
});

describe('YAML keys written twice', () => {
  it('names the key and the line it was first written on, in v2 words', () => {
    const { issues } = read(
      'services:\n  web:\n    image: a\n    environment:\n      A: "1"\n    image: b\n',
    );
    expect(issues).toEqual([
      {
        file: 'compose.yaml',
        line: 6,
        column: 5,
        message: 'mapping key "image" already defined at line 3',
      },
    ]);
  });
});
