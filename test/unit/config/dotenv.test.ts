import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../src/config/dotenv.js';

const values = (text: string, env: Record<string, string> = {}): Record<string, string> =>
  Object.fromEntries(parseDotenv(text, { lookup: (n) => env[n] }).values);

describe('parseDotenv (Compose semantics)', () => {
  it.each([
    ['A=b', { A: 'b' }],
    ['A = b ', { A: 'b' }],
    ['export A=b', { A: 'b' }],
    ['A=', { A: '' }],
    ['# comment\n\nA=1', { A: '1' }],
    // Where the npm dotenv package differs, Compose wins: `#` only after white space is a comment.
    ['A=VAL# x', { A: 'VAL# x' }],
    ['A=VAL #comment', { A: 'VAL' }],
    ['A=VAL\t# comment', { A: 'VAL' }],
    ["A='single $B \\n'", { A: 'single $B \\n' }],
    ['A="x\\ny"', { A: 'x\ny' }],
    ['A="tab\\there"', { A: 'tab\there' }],
    ['A="back\\\\slash"', { A: 'back\\slash' }],
    ['A="say \\"hi\\""', { A: 'say "hi"' }],
    ['A="line1\nline2"', { A: 'line1\nline2' }],
    ['A="quoted" # comment', { A: 'quoted' }],
    ['A="has # hash"', { A: 'has # hash' }],
    ['A=`backticks`', { A: '`backticks`' }],
    ['A=1\nB=${A}2', { A: '1', B: '12' }],
    ['A=1\nB="$A 2"', { A: '1', B: '1 2' }],
    ["A=1\nB='$A'", { A: '1', B: '$A' }],
    ['B=${MISSING:-fallback}', { B: 'fallback' }],
    ['B=\\$LITERAL', { B: '$LITERAL' }],
    ['A=1\nA=2', { A: '2' }],
    ['A.B-C=1', { 'A.B-C': '1' }],
    ['A=x=y', { A: 'x=y' }],
    ['A=1\r\nB=2\r\n', { A: '1', B: '2' }],
  ])('%j', (text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it('takes the environment before earlier keys when interpolating', () => {
    expect(values('A=file\nB=$A', { A: 'shell' })).toEqual({ A: 'file', B: 'shell' });
  });

  it('gives a bare key the environment value, and skips it when unset', () => {
    expect(values('FROM_ENV\nNOT_SET', { FROM_ENV: 'v' })).toEqual({ FROM_ENV: 'v' });
  });

  it('reports bad lines with their line number and keeps going', () => {
    const result = parseDotenv('A=1\n1BAD=2\nC=3', { file: '.env' });
    expect(Object.fromEntries(result.values)).toEqual({ A: '1', C: '3' });
    expect(result.issues).toEqual([
      { file: '.env', line: 2, message: 'invalid variable name "1BAD"', path: '1BAD' },
    ]);
  });

  it('reports an unterminated quote at the line where the value starts', () => {
    const result = parseDotenv('A=1\nB="open\nC=3', { file: '.env' });
    expect(result.issues[0]).toMatchObject({
      line: 2,
      message: 'unterminated double-quoted value',
    });
  });

  it('never quotes what follows a secret-looking name in an error', () => {
    const r = parseDotenv('DB_PASSWORD hunter2\nAPI_TOKEN="abc"def\nPORT 80\n', { file: '.env' });
    expect(r.issues.map((i) => i.message)).toEqual([
      'invalid line "DB_PASSWORD ****": expected KEY=VALUE',
      'unexpected text after the closing quote',
      'invalid line "PORT 80": expected KEY=VALUE',
    ]);
  });

  it('counts lines across multi-line values', () => {
    const result = parseDotenv('A="1\n2\n3"\nB=ok\n9X=1', { file: '.env' });
    expect(result.issues[0]?.line).toBe(5);
    expect(result.entries.find((e) => e.key === 'B')?.line).toBe(4);
  });

  it('can leave values uninterpolated', () => {
    expect(Object.fromEntries(parseDotenv('A=${X:-y}', { interpolate: false }).values)).toEqual({
      A: '${X:-y}',
    });
  });
});

describe('bytes that are not text', () => {
  it('refuses a NUL byte with its line, and reads nothing of the file', () => {
    const r = parseDotenv('A=1\nB=x\0y\nC=3\n', { file: '.env' });
    expect(r.issues).toEqual([
      { file: '.env', line: 2, message: 'a NUL byte: an env file holds text only' },
    ]);
    expect(r.values.size).toBe(0);
  });
});
