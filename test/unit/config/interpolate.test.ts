import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../src/config/interpolate.js';

const env: Record<string, string> = { A: 'a', EMPTY: '', B: 'b', PORT: '8080' };
const lookup = (name: string): string | undefined => env[name];

describe('interpolate', () => {
  it.each([
    ['plain text', 'plain text'],
    ['$A', 'a'],
    ['${A}', 'a'],
    ['x${A}y', 'xay'],
    ['$A-$B', 'a-b'],
    ['${UNSET:-def}', 'def'],
    ['${EMPTY:-def}', 'def'],
    ['${EMPTY-def}', ''],
    ['${UNSET-def}', 'def'],
    ['${A:-def}', 'a'],
    ['${A:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${UNSET:-${A}}', 'a'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${UNSET:-x${B}y}', 'xby'],
    ['$$A', '$A'],
    ['$${A}', '${A}'],
    ['a $$ b', 'a $ b'],
    ['${PORT}:80', '8080:80'],
    ['${UNSET:-a:b}', 'a:b'],
    ['${UNSET:-}', ''],
    ['${A:?must be set}', 'a'],
  ])('%s -> %s', (input, expected) => {
    const result = interpolate(input, lookup);
    expect(result.problems).toEqual([]);
    expect(result.value).toBe(expected);
  });

  it('reports each unset variable once and substitutes an empty string', () => {
    const result = interpolate('$NOPE ${NOPE} ${OTHER}', lookup);
    expect(result.value).toBe('  ');
    expect(result.unset).toEqual(['NOPE', 'OTHER']);
  });

  it('does not warn about variables in a default that is not used', () => {
    expect(interpolate('${A:-${NOPE}}', lookup).unset).toEqual([]);
  });

  it.each([
    [
      '${UNSET:?database password}',
      'required variable UNSET is missing a value: database password',
    ],
    ['${EMPTY:?}', 'required variable EMPTY is missing a value'],
    ['${UNSET?no}', 'required variable UNSET is missing a value: no'],
  ])('%s fails with its message', (input, message) => {
    const result = interpolate(input, lookup);
    expect(result.problems).toEqual([
      { kind: 'missing-required', variable: expect.any(String), message },
    ]);
  });

  it('accepts an empty but set variable with ?', () => {
    expect(interpolate('${EMPTY?x}', lookup)).toMatchObject({ value: '', problems: [] });
  });

  it.each(['${', '${A', '${A:-x', '${}', '${A!}', 'cost 5$', '$1'])('%s is invalid', (input) => {
    expect(interpolate(input, lookup).problems[0]?.kind).toBe('invalid');
  });
});
