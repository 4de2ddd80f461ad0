import { describe, expect, it } from 'vitest';
import { SecretMask } from '../../../src/ui/secret-mask.js';

describe('secret mask', () => {
  it('masks every occurrence, the longest secret first', () => {
    const mask = new SecretMask();
    mask.add(['pass', 'pass-word+1']);
    expect(mask.text('mysql -ppass-word+1 && echo pass')).toBe('mysql -p**** && echo ****');
  });

  it('treats a secret as text, not as a pattern', () => {
    const mask = new SecretMask();
    mask.add(['a.b*c(d)']);
    expect(mask.text('x a.b*c(d) aXbbc(d)')).toBe('x **** aXbbc(d)');
  });

  it('masks inside data before it is rendered, keys included', () => {
    const mask = new SecretMask();
    mask.add(['s3cr3t!']);
    const when = new Date(0);
    expect(mask.deep({ a: ['x s3cr3t!'], b: { 's3cr3t!': 1, n: 2, when }, c: null })).toEqual({
      a: ['x ****'],
      b: { '****': 1, n: 2, when },
      c: null,
    });
  });

  it('masks nothing when secrets are to be shown', () => {
    const mask = new SecretMask(false);
    mask.add(['s3cr3t!']);
    expect(mask.text('s3cr3t!')).toBe('s3cr3t!');
  });
});

describe('output with secrets', () => {
  const streams = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
    };
  };

  it('masks progress, results before they are cut, and printed text', async () => {
    const { createOutput } = await import('../../../src/ui/output.js');
    const s = streams();
    const output = await createOutput({
      json: false,
      color: false,
      quiet: false,
      verbose: true,
      env: {},
      stdout: s.stdout,
      stderr: s.stderr,
      progress: 'plain',
    });
    output.secrets.add(['hunter2-db']);
    output.reporter.report({ type: 'info', message: 'Hook post-up: mysql -phunter2-db' });
    output.reporter.report({ type: 'debug', message: 'POST cmd=hunter2-db' });
    output.result({ cmd: 'x'.repeat(40) + 'hunter2-db' }, (r) => `${r.cmd.slice(0, 44)}\n`);
    output.print('password: hunter2-db\n');
    output.close();
    expect(s.err.join('')).toContain('Hook post-up: mysql -p****');
    expect(s.err.join('')).toContain('POST cmd=****');
    expect(s.out.join('')).toContain(`${'x'.repeat(40)}****`);
    expect(s.out.join('')).toContain('password: ****');
    expect(s.err.join('') + s.out.join('')).not.toContain('hunter2');
  });
});
