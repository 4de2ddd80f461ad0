/**
 * The public conformance corpus (test/conformance/cases, from ../shared/conformance), with
 * Docker Compose v2's `config --format json` result for each case as the reference: every case
 * v2 resolves must resolve to the same meaning and the same keys; every case v2 rejects must be
 * rejected with a located message. Where v2 departs from the Compose Specification stager
 * follows the specification; those cases are listed in DIFFERENCES.md and in KNOWN below.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadProject } from '../../src/config/load.js';
import { projectJson } from '../../src/config/serialize.js';
import { nodeFs } from '../../src/host/node-source-fs.js';
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
  });
}

/** Our document with the case folder written as the corpus writes it, its parent as /__TMP__. */
function ours(c: Case): unknown {
  const doc = JSON.parse(projectJson(load(c).project).replaceAll('$', '$$$$')) as unknown;
  return JSON.parse(
    JSON.stringify(doc).split(c.dir).join('/__CASE__').split(path.dirname(c.dir)).join('/__TMP__'),
  );
}

function read(c: Case, name: string): string | undefined {
  const file = path.join(c.dir, name);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Compose v2's result: its exit code and, when it resolved the case, its document. */
function v2(c: Case): { exit: number; doc?: unknown; err: string } {
  const exit = Number(read(c, 'expected.v2.exit')?.trim() ?? 'NaN');
  const json = read(c, 'expected.v2.json');
  return {
    exit,
    err: read(c, 'expected.v2.err') ?? '',
    ...(json ? { doc: JSON.parse(json) } : {}),
  };
}

/** The keys each service sets, as v2 prints them. */
function keysOf(doc: unknown): Record<string, string[]> {
  const services = (doc as { services?: Record<string, object> }).services ?? {};
  return Object.fromEntries(
    Object.entries(services).map(([name, s]) => [name, Object.keys(s ?? {}).sort()]),
  );
}

const all = cases();

describe('conformance corpus, against Compose v2', () => {
  it("has the public cases, each with v2's result", () => {
    expect(all.length).toBe(178);
    for (const c of all) expect(Number.isInteger(v2(c).exit), c.id).toBe(true);
  });

  for (const c of all) {
    const reference = v2(c);
    const known = KNOWN_DIFFERENCES[c.id];
    const rejects = known ? known.expect === 'error' : reference.exit !== 0;
    it(`${c.id}${rejects ? ' (rejected)' : ''}`, () => {
      if (rejects) {
        let error: unknown;
        try {
          load(c);
        } catch (err) {
          error = err;
        }
        expect(error, `v2 rejects it: ${reference.err.trim()}`).toBeInstanceOf(ConfigError);
        const issues = (error as ConfigError).issues;
        expect(issues.length).toBeGreaterThan(0);
        for (const issue of issues) expect(issue.message).not.toBe('');
        return;
      }
      const actual = ours(c);
      if (known?.expect === 'load') {
        expect(keysOf(actual)).toEqual(known.keys);
        return;
      }
      expect(semantics(actual)).toEqual(semantics(reference.doc));
      expect(keysOf(actual)).toEqual(keysOf(reference.doc));
    });
  }
});
