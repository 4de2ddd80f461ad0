/**
 * The public conformance corpus (test/conformance/cases, from ../shared/conformance): every case
 * that docker-compose v1 resolves must resolve to the same semantics; every `invalid-input` case
 * must be rejected with a located message; cases v1 rejects only for being older than the file
 * must load, and match the specification's stated result where the case has one.
 * Deliberate departures from v1 are listed in DIFFERENCES.md and in KNOWN below.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadProject } from '../../src/config/load.js';
import { projectDocument } from '../../src/config/serialize.js';
import { nodeFs } from '../../src/config/source-fs.js';
import { semantics } from './compare.js';
import { KNOWN_DIFFERENCES } from './known-differences.js';

const ROOT = fileURLToPath(new URL('./cases/', import.meta.url));

interface CaseManifest {
  kind: string;
  files: string[];
  project_directory: string;
  env_file: string | null;
  environment: Record<string, string>;
  v1_failure?: { class: string; reason: string };
  v1_noname_variant?: { exit_code: number; failure?: { class: string } };
}

interface Case {
  id: string;
  dir: string;
  manifest: CaseManifest;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const source of readdirSync(ROOT)) {
    for (const name of readdirSync(path.join(ROOT, source))) {
      const dir = path.join(ROOT, source, name);
      const manifest = parse(readFileSync(path.join(dir, 'case.yaml'), 'utf8')) as CaseManifest;
      out.push({ id: `${source}/${name}`, dir, manifest });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

function load(c: Case): ReturnType<typeof loadProject> {
  const projectDir = path.join(c.dir, c.manifest.project_directory);
  return loadProject({
    cwd: projectDir,
    env: { HOME: '/__HOME__', PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8', ...c.manifest.environment },
    fs: nodeFs,
    files: c.manifest.files.length ? c.manifest.files.map((f) => path.join(c.dir, f)) : undefined,
    projectDirectory: projectDir,
    envFiles: c.manifest.env_file ? [path.resolve(projectDir, c.manifest.env_file)] : undefined,
    profiles: ['*'],
  });
}

/** Our document with the case folder written as v1's placeholder. */
function ours(c: Case): unknown {
  const doc = projectDocument(load(c).project);
  return JSON.parse(JSON.stringify(doc).split(c.dir).join('/__CASE__'));
}

function expected(c: Case, name: string): unknown {
  const file = path.join(c.dir, name);
  if (!existsSync(file)) return undefined;
  return parse(readFileSync(file, 'utf8'), { version: '1.1' });
}

function unescapeDollars(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\$/g, '$');
  if (Array.isArray(value)) return value.map(unescapeDollars);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescapeDollars(v)]));
  }
  return value;
}

const all = cases();

describe('conformance corpus', () => {
  it('has the public cases', () => {
    expect(all.length).toBe(178);
  });

  for (const c of all) {
    // Where v1 was run again without `name:`, that run says whether the rest is valid.
    const failure = c.manifest.v1_noname_variant
      ? c.manifest.v1_noname_variant.failure?.class
      : c.manifest.v1_failure?.class;
    const known = KNOWN_DIFFERENCES[c.id];
    it(`${c.id}${failure ? ` (${failure})` : ''}`, () => {
      if (failure === 'invalid-input' || known?.expect === 'error') {
        let error: unknown;
        try {
          load(c);
        } catch (err) {
          error = err;
        }
        expect(error, 'a case v1 rejects as invalid input must be rejected').toBeInstanceOf(
          ConfigError,
        );
        const issues = (error as ConfigError).issues;
        expect(issues.length).toBeGreaterThan(0);
        for (const issue of issues) expect(issue.message).not.toBe('');
        return;
      }
      const reference =
        expected(c, 'expected.spec.yaml') ??
        (failure ? expected(c, 'expected.v1.noname.yaml') : expected(c, 'expected.v1.yaml'));
      const actual = ours(c);
      if (reference === undefined || reference === null) {
        expect(actual).toBeTruthy();
        return;
      }
      // v1's `config` writes every `$` as `$$` so that its output can be read back.
      const fromV1 = !existsSync(path.join(c.dir, 'expected.spec.yaml'));
      expect(semantics(actual)).toEqual(semantics(fromV1 ? unescapeDollars(reference) : reference));
    });
  }
});
