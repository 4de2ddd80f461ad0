import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectDir, stager } from '../integration/helpers.js';

const SAMPLE =
  '# Port the app listens on\nAPP_PORT=8000\n# required\nDB_PASSWORD=\nS3_BUCKET=media\n';
const COMPOSE =
  'services:\n  app:\n    image: busybox:1.36\n    environment: ["BUCKET=${S3_BUCKET:?set S3_BUCKET}"]\n';

describe('stager env', () => {
  it('init copies sample.env to .env with generated secrets, and never overwrites it', async () => {
    const p = projectDir('envinit', { 'compose.yaml': COMPOSE, 'sample.env': SAMPLE });
    try {
      const first = await stager(['env', 'init', '--generate-secrets', '--json'], { cwd: p.dir });
      expect(first.exitCode).toBe(0);
      expect(JSON.parse(first.stdout)).toEqual({
        created: path.join(p.dir, '.env'),
        from: path.join(p.dir, 'sample.env'),
        generated: ['DB_PASSWORD'],
      });
      const env = readFileSync(path.join(p.dir, '.env'), 'utf8');
      expect(env).toMatch(/^DB_PASSWORD=[A-Za-z0-9_-]{32}$/m);
      expect(env).toContain('# Port the app listens on\nAPP_PORT=8000\n');
      expect(statSync(path.join(p.dir, '.env')).mode & 0o777).toBe(0o600);

      writeFileSync(path.join(p.dir, '.env'), 'MINE=1\n');
      const again = await stager(['env', 'init'], { cwd: p.dir });
      expect(again.exitCode).toBe(5);
      expect(again.stderr).toContain('already exists');
      expect(readFileSync(path.join(p.dir, '.env'), 'utf8')).toBe('MINE=1\n');
    } finally {
      p.cleanup();
    }
  });

  it('init works in a folder without a compose file, and from --from', async () => {
    const p = projectDir('envfrom', { 'deploy/dev.env': 'A=1\n' });
    try {
      const result = await stager(['env', 'init', '--from', 'deploy/dev.env'], { cwd: p.dir });
      expect(result.exitCode).toBe(0);
      expect(readFileSync(path.join(p.dir, '.env'), 'utf8')).toBe('A=1\n');
    } finally {
      p.cleanup();
    }
  });

  it('check lists missing, unknown and required-but-empty keys, masks secrets, exits 1', async () => {
    const p = projectDir('envcheck', {
      'compose.yaml': COMPOSE,
      'sample.env': SAMPLE.replace('DB_PASSWORD=', 'DB_PASSWORD=changeme'),
      '.env': 'APP_PORT=9000\nS3_BUCKET=\nLEGACY=1\n',
    });
    try {
      const result = await stager(['env', 'check', '--json'], { cwd: p.dir });
      expect(result.exitCode).toBe(1);
      expect(JSON.parse(result.stdout)).toMatchObject({
        missing: [{ key: 'DB_PASSWORD', sample: '****' }],
        unknown: ['LEGACY'],
        empty: ['S3_BUCKET'],
        ok: false,
      });
      const shown = await stager(['env', 'check', '--show-secrets'], { cwd: p.dir });
      expect(shown.stdout).toContain('sample: changeme');
      expect(shown.stdout).toContain('required but empty: S3_BUCKET');

      writeFileSync(path.join(p.dir, '.env'), 'APP_PORT=1\nDB_PASSWORD=x\nS3_BUCKET=b\n');
      const ok = await stager(['env', 'check'], { cwd: p.dir });
      expect(ok.exitCode).toBe(0);
      expect(ok.stdout).toMatch(/^ok: /);
    } finally {
      p.cleanup();
    }
  });

  it('check says how to create a missing .env', async () => {
    const p = projectDir('envnone', { 'compose.yaml': COMPOSE, 'sample.env': SAMPLE });
    try {
      const result = await stager(['env', 'check'], { cwd: p.dir });
      expect(result.exitCode).toBe(4);
      expect(result.stderr).toContain('stager env init');
    } finally {
      p.cleanup();
    }
  });
});
