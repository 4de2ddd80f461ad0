import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN } from '../integration/helpers.js';

const REGISTER = fileURLToPath(new URL('../fixtures/trace/register.mjs', import.meta.url));

interface Trace {
  /** dist chunk base names without their hash, e.g. `ps`, `locate`, `chunk`. */
  chunks: string[];
  /** Every CommonJS request, e.g. `dockerode/lib/session.js`. */
  requires: string[];
}

async function trace(args: string[]): Promise<Trace> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stager-trace-'));
  const file = path.join(dir, 'modules.txt');
  await execa(process.execPath, ['--import', REGISTER, BIN, ...args], {
    // A cold project cache: a warm one answers without loading the locator.
    env: { TRACE_FILE: file, NO_COLOR: '1', STAGER_CACHE_DIR: path.join(dir, 'cache') },
    reject: false,
  });
  const lines = readFileSync(file, 'utf8').split('\n');
  const chunks = lines
    .filter((l) => l.startsWith('file://') && l.includes('/dist/chunks/'))
    .map((l) => path.basename(fileURLToPath(l)).replace(/-[A-Z0-9]+\.js$/, ''));
  const requires = lines
    .filter((l) => l.startsWith('require:'))
    .map((l) => l.slice('require:'.length));
  return { chunks, requires };
}

describe('lazy startup', () => {
  it('--help loads only the command table: no engine, config, ops or colors', async () => {
    const { chunks, requires } = await trace(['--help']);
    expect(chunks.filter((c) => c !== 'chunk')).toEqual([]);
    expect(requires.filter((r) => !r.startsWith('node:') && !/^[a-z_]+$/.test(r))).toEqual([]);
  });

  it('ps loads its own modules, not those of other commands nor ssh2, grpc or BuildKit', async () => {
    const { chunks, requires } = await trace(['-p', 'stager-startup-probe', 'ps']);
    expect(chunks).toEqual(expect.arrayContaining(['runtime', 'locate', 'docker', 'ps']));
    expect(chunks).not.toContain('version');
    expect(chunks).not.toContain('color-style');
    expect(requires).toContain('http');
    const heavy = requires.filter((r) => /ssh|session|buildkit|grpc|protobuf/.test(r));
    expect(heavy).toEqual([]);
  });
});
