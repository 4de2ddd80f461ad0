/**
 * `stager lint`: the Dockerfiles named, or every one the project builds, checked against the
 * rules in src/dockerfile/rules.ts; with `fix`, the cache-mount findings rewritten in place.
 */
import path from 'node:path';
import type { Project } from '../../config/model/project.js';
import { fixDockerfile } from '../../dockerfile/fix.js';
import { parseDockerfile } from '../../dockerfile/parse.js';
import { lintDockerfile, type Finding } from '../../dockerfile/rules.js';
import { NotFoundError } from '../../errors.js';
import { buildTargets } from './build.js';
import type { HostFs } from '../../host/host.js';

export interface LintSource {
  /** A path, or `<service> dockerfile_inline`. */
  name: string;
  text: string;
  /** Inline Dockerfiles live in the compose file: there is no file to rewrite. */
  file?: string;
}

export interface LintedFile {
  name: string;
  findings: Finding[];
  fixed: number;
}

export interface LintResult {
  files: LintedFile[];
  warnings: number;
  infos: number;
}

export function sourcesFromPaths(fs: HostFs, paths: readonly string[], cwd: string): LintSource[] {
  return paths.map((p) => {
    const file = path.resolve(cwd, p);
    if (!fs.existsSync(file)) throw new NotFoundError(`no Dockerfile at ${file}`);
    return { name: p, text: fs.readFileSync(file, 'utf8'), file };
  });
}

/** Every Dockerfile the project's services build, each once. */
export function sourcesFromProject(fs: HostFs, project: Project, cwd: string): LintSource[] {
  const seen = new Set<string>();
  const out: LintSource[] = [];
  for (const target of buildTargets(project)) {
    const b = target.build;
    if (b.dockerfile_inline !== undefined) {
      out.push({ name: `${target.services[0]} dockerfile_inline`, text: b.dockerfile_inline });
      continue;
    }
    const file = path.resolve(b.context, b.dockerfile ?? 'Dockerfile');
    if (seen.has(file)) continue;
    seen.add(file);
    if (!fs.existsSync(file))
      throw new NotFoundError(`service ${target.services[0]}: no Dockerfile at ${file}`);
    out.push({ name: path.relative(cwd, file) || file, text: fs.readFileSync(file, 'utf8'), file });
  }
  return out;
}

export function lintSources(
  fs: HostFs,
  sources: readonly LintSource[],
  options: { fix?: boolean } = {},
): LintResult {
  const files = sources.map((s): LintedFile => {
    let text = s.text;
    let fixed = 0;
    if (options.fix && s.file) {
      const result = fixDockerfile(text);
      if (result.fixed) {
        fs.writeFileSync(s.file, result.text);
        text = result.text;
        fixed = result.fixed;
      }
    }
    return { name: s.name, findings: lintDockerfile(parseDockerfile(text)), fixed };
  });
  const all = files.flatMap((f) => f.findings);
  return {
    files,
    warnings: all.filter((f) => f.severity === 'warning').length,
    infos: all.filter((f) => f.severity === 'info').length,
  };
}
