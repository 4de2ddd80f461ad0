import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tar from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeHost } from '../../../../src/host/node-host.js';
import { packContext } from '../../../../src/ops/images/build-context.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'stager-ctx-'));
  dirs.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

async function entries(stream: NodeJS.ReadableStream): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const extract = tar.extract();
  extract.on('entry', (header, body, next) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    body.on('end', () => {
      if (header.type === 'file') out[header.name] = Buffer.concat(chunks).toString();
      next();
    });
  });
  const done = new Promise((resolve) => extract.on('finish', resolve));
  stream.pipe(extract);
  await done;
  return out;
}

describe('packContext', () => {
  it('leaves out what .dockerignore excludes, with ! exceptions and **', async () => {
    const root = tree({
      Dockerfile: 'FROM x\n',
      '.dockerignore':
        '# build output\n**/*.log\nnode_modules\ndocs/*\n!docs/keep.md\nDockerfile\n',
      'app.py': 'print()',
      'logs/a.log': 'x',
      'deep/er/b.log': 'x',
      'node_modules/m/index.js': 'x',
      'docs/drop.md': 'x',
      'docs/keep.md': 'kept',
    });
    const packed = packContext(nodeHost.fs, { context: root });
    expect(Object.keys(await entries(packed.stream)).sort()).toEqual([
      '.dockerignore',
      'Dockerfile',
      'app.py',
      'docs/keep.md',
    ]);
    expect(packed.dockerfile).toBe('Dockerfile');
  });

  it('prefers <Dockerfile>.dockerignore next to the Dockerfile', async () => {
    const root = tree({
      'build/web.Dockerfile': 'FROM x\n',
      'build/web.Dockerfile.dockerignore': 'secret.txt\n',
      '.dockerignore': 'app.py\n',
      'app.py': 'x',
      'secret.txt': 'x',
    });
    const packed = packContext(nodeHost.fs, { context: root, dockerfile: 'build/web.Dockerfile' });
    const names = Object.keys(await entries(packed.stream));
    expect(names).toContain('app.py');
    expect(names).not.toContain('secret.txt');
    expect(packed.dockerfile).toBe('build/web.Dockerfile');
  });

  it('adds an inline Dockerfile, or one from outside the context, to the tar', async () => {
    const root = tree({ 'app.py': 'x' });
    const inline = packContext(nodeHost.fs, { context: root, dockerfileInline: 'FROM busybox\n' });
    expect((await entries(inline.stream))[inline.dockerfile]).toBe('FROM busybox\n');
    const outside = tree({ 'Other.Dockerfile': 'FROM other\n' });
    const packed = packContext(nodeHost.fs, {
      context: root,
      dockerfile: path.join(outside, 'Other.Dockerfile'),
    });
    expect((await entries(packed.stream))[packed.dockerfile]).toBe('FROM other\n');
  });
});
