/**
 * The whole project from its files: each file is read (interpolated), checked against the schema,
 * brought to long forms with paths made absolute, then `include`d files are loaded, the files are
 * merged, `extends` is resolved, env files are folded in, and references are checked. Every
 * problem from every step is collected and reported together, each at its file, line and key.
 */
import path from 'node:path';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { canonicalFile, isPlainObject, type Raw } from './canonical.js';
import { resolveExtends } from './extends.js';
import { finalizeProject } from './finalize.js';
import type { Lookup } from './interpolate.js';
import { locateProject, type LocateOptions, type ProjectLocation } from './locate.js';
import { mergeFiles, stripTags } from './merge.js';
import type { Project } from './model/project.js';
import { applyProfiles } from './profiles.js';
import { rebaseFileResources, rebaseService } from './rebase.js';
import { checkSemantics } from './semantics.js';
import type { SourceFs } from './source-fs.js';
import { validateSchema } from './validate-schema.js';
import { loadProjectEnv } from './project-env.js';
import { readYamlSource, type Position, type SourceFile } from './yaml-source.js';

export interface LoadOptions extends LocateOptions {
  /** Services named on the command line: enabled whatever their profiles, with their dependencies. */
  services?: readonly string[];
}

export interface LoadedProject {
  project: Project;
  location: ProjectLocation;
  /** Variables used without a value and without a default. */
  unsetVariables: string[];
}

interface Context {
  fs: SourceFs;
  home: string | undefined;
  shell: Readonly<Record<string, string | undefined>>;
  defaults: Readonly<Record<string, string>> | undefined;
  interpolate: boolean;
  issues: ConfigIssue[];
  /** Every file read, for locating problems found after merging. */
  sources: SourceFile[];
  unset: Set<string>;
}

export function loadProject(options: LoadOptions): LoadedProject {
  const location = locateProject(options);
  const ctx: Context = {
    fs: options.fs,
    home: options.env.HOME,
    shell: options.env,
    defaults: options.defaults,
    interpolate: options.interpolate !== false,
    issues: [],
    sources: [...location.sources],
    unset: new Set(location.unsetVariables),
  };
  const data = buildData(location.sources, location.workingDir, location.env.lookup, ctx, []);
  const finalizeIssues: { path: string; message: string; file?: string; line?: number }[] = [];
  const model = finalizeProject(
    {
      data,
      name: location.name,
      workingDir: location.workingDir,
      configFiles: location.configFiles,
      home: ctx.home,
      lookup: location.env.lookup,
      fs: options.fs,
    },
    finalizeIssues,
  );
  for (const issue of finalizeIssues) {
    if (issue.file)
      ctx.issues.push({
        file: issue.file,
        line: issue.line,
        path: issue.path,
        message: issue.message,
      });
    else ctx.issues.push(locate(issue.path, issue.message, ctx.sources));
  }
  // As Compose v2: only the services the profiles enable are checked; a build context is
  // looked for when building.
  const profiles = activeProfiles(options, location.env.lookup);
  const split = applyProfiles(model.services, profiles, options.services ?? []);
  const defined = new Set(Object.keys(model.services));
  for (const issue of checkSemantics({ ...model, services: split.enabled }, defined))
    ctx.issues.push(locate(issue.path, issue.message, ctx.sources));
  for (const m of split.missing) {
    ctx.issues.push(
      locate(
        `services.${m.service}.depends_on.${m.dependency}`,
        `depends on "${m.dependency}", which is off: enable it with --profile ${m.profiles[0] ?? '<profile>'}`,
        ctx.sources,
      ),
    );
  }
  if (ctx.issues.length) throw new ConfigError(sortIssues(ctx.issues));
  return {
    project: { ...model, services: split.enabled, disabledServices: split.disabled },
    location,
    unsetVariables: [...ctx.unset],
  };
}

function activeProfiles(options: LoadOptions, lookup: Lookup): string[] {
  if (options.profiles?.length)
    return options.profiles.flatMap((p) => p.split(',')).filter(Boolean);
  return (lookup('COMPOSE_PROFILES') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Reads, checks, canonicalizes and merges a list of files that share one project folder. */
function buildData(
  sources: readonly SourceFile[],
  workingDir: string,
  lookup: Lookup,
  ctx: Context,
  stack: string[],
): Raw {
  const canonical: Raw[] = [];
  const included: { data: Raw; file: string }[] = [];
  for (const source of sources) {
    if (source.data === null || source.data === undefined) {
      ctx.issues.push({
        file: source.file,
        line: 1,
        message: 'the file is empty: a compose file needs at least a services key',
      });
      continue;
    }
    if (!isPlainObject(source.data)) {
      ctx.issues.push({
        file: source.file,
        line: 1,
        message: 'a compose file must be a mapping of keys (services:, volumes:, ...)',
      });
      continue;
    }
    for (const issue of validateSchema(stripTags(source.data)))
      ctx.issues.push(at(source, issue.path, issue.message));
    const problems: { path: string; message: string }[] = [];
    const file = canonicalFile(legacyFormat(source.data), problems);
    for (const p of problems) ctx.issues.push(at(source, p.path, p.message));
    if (Array.isArray(file.include)) {
      file.include.forEach((entry, i) => {
        const loaded = loadInclude(entry, source, i, ctx, stack);
        if (loaded) included.push({ data: loaded, file: source.file });
      });
    }
    delete file.include;
    canonical.push(rebaseFile(file, workingDir, ctx.home));
  }
  const merged = mergeFiles(canonical);
  if (isPlainObject(merged.services)) {
    const extendsIssues: { service: string; file: string | undefined; message: string }[] = [];
    merged.services = stripTags(
      resolveExtends(
        merged.services,
        { servicesOf: (file) => servicesOfFile(file, lookup, ctx) },
        extendsIssues,
      ),
    );
    for (const issue of extendsIssues) {
      const key = `services.${issue.service}.extends`;
      ctx.issues.push(
        issue.file
          ? { file: issue.file, path: key, message: issue.message }
          : locate(key, issue.message, ctx.sources),
      );
    }
  }
  for (const { data, file } of included) mergeIncluded(merged, data, file, ctx);
  return merged;
}

/** A file with neither `services` nor `version` is the old format whose top-level keys are services. */
function legacyFormat(data: Raw): Raw {
  const keys = Object.keys(data);
  const known = [
    'services',
    'version',
    'name',
    'include',
    'networks',
    'volumes',
    'secrets',
    'configs',
    'models',
  ];
  if (keys.some((k) => known.includes(k)) || keys.every((k) => k.startsWith('x-'))) return data;
  return { services: data };
}

function rebaseFile(file: Raw, dir: string, home: string | undefined): Raw {
  const out: Raw = { ...file };
  if (isPlainObject(out.services)) {
    out.services = Object.fromEntries(
      Object.entries(out.services).map(([n, s]) => [
        n,
        isPlainObject(s) ? rebaseService(s, dir, home) : s,
      ]),
    );
  }
  out.secrets = rebaseFileResources(out.secrets, dir, home);
  out.configs = rebaseFileResources(out.configs, dir, home);
  if (out.secrets === undefined) delete out.secrets;
  if (out.configs === undefined) delete out.configs;
  return out;
}

function readSource(file: string, lookup: Lookup, ctx: Context): SourceFile | undefined {
  const text = ctx.fs.readFile(file);
  if (text === undefined) return undefined;
  const result = readYamlSource(text, { file, lookup: ctx.interpolate ? lookup : undefined });
  ctx.issues.push(...result.issues);
  for (const u of result.unset) ctx.unset.add(u);
  ctx.sources.push(result.source);
  return result.source;
}

function servicesOfFile(file: string, lookup: Lookup, ctx: Context): Raw {
  const source = ctx.sources.find((s) => s.file === file) ?? readSource(file, lookup, ctx);
  if (!source) throw new Error('no such file');
  if (!isPlainObject(source.data)) return {};
  const problems: { path: string; message: string }[] = [];
  const canonical = rebaseFile(
    canonicalFile(legacyFormat(source.data), problems),
    path.dirname(file),
    ctx.home,
  );
  for (const p of problems) ctx.issues.push(at(source, p.path, p.message));
  return isPlainObject(canonical.services) ? canonical.services : {};
}

function loadInclude(
  entry: unknown,
  source: SourceFile,
  index: number,
  ctx: Context,
  stack: string[],
): Raw | undefined {
  const key = `include[${index}]`;
  const spec =
    typeof entry === 'string' ? { path: entry } : isPlainObject(entry) ? entry : undefined;
  if (!spec) return undefined;
  const baseDir = path.dirname(source.file);
  const paths = (Array.isArray(spec.path) ? spec.path : [spec.path]).filter(
    (p): p is string => typeof p === 'string',
  );
  const files = paths.map((p) => path.resolve(baseDir, p));
  const first = files[0];
  if (!first) return undefined;
  if (stack.includes(first) || first === source.file) {
    ctx.issues.push(
      at(
        source,
        key,
        `include cycle: ${[...stack, source.file, first].map((f) => path.basename(f)).join(' -> ')}`,
      ),
    );
    return undefined;
  }
  const workingDir =
    typeof spec.project_directory === 'string'
      ? path.resolve(baseDir, spec.project_directory)
      : path.dirname(first);
  const envFiles =
    spec.env_file === undefined
      ? undefined
      : (Array.isArray(spec.env_file) ? spec.env_file : [spec.env_file]).map((f) =>
          path.resolve(baseDir, String(f)),
        );
  let lookup: Lookup;
  try {
    const env = loadProjectEnv({
      cwd: baseDir,
      projectDir: workingDir,
      envFiles,
      shell: ctx.shell,
      defaults: ctx.defaults,
      fs: ctx.fs,
    });
    lookup = env.lookup;
  } catch (err) {
    if (err instanceof ConfigError) ctx.issues.push(...err.issues);
    return undefined;
  }
  const sources: SourceFile[] = [];
  for (const file of files) {
    const read = readSource(file, lookup, ctx);
    if (!read) ctx.issues.push(at(source, key, `included file ${file} not found`));
    else sources.push(read);
  }
  if (sources.length !== files.length) return undefined;
  return buildData(sources, workingDir, lookup, ctx, [...stack, source.file]);
}

function mergeIncluded(target: Raw, data: Raw, file: string, ctx: Context): void {
  for (const section of ['services', 'networks', 'volumes', 'secrets', 'configs']) {
    const incoming = data[section];
    if (!isPlainObject(incoming)) continue;
    const existing: Raw = isPlainObject(target[section]) ? { ...(target[section] as Raw) } : {};
    for (const [name, value] of Object.entries(incoming)) {
      if (name in existing && JSON.stringify(existing[name]) !== JSON.stringify(value)) {
        ctx.issues.push(
          locate(
            `${section}.${name}`,
            `${section.slice(0, -1)} "${name}" is also defined by an included file; remove one of them`,
            ctx.sources,
            file,
          ),
        );
        continue;
      }
      existing[name] = value;
    }
    target[section] = existing;
  }
}

function at(source: SourceFile, keyPath: string, message: string): ConfigIssue {
  const position = positionIn(source, keyPath);
  return {
    file: source.file,
    ...(position ? { line: position.line, column: position.column } : {}),
    ...(keyPath ? { path: keyPath } : {}),
    message,
  };
}

function positionIn(source: SourceFile, keyPath: string): Position | undefined {
  for (let p = keyPath; p; p = parentPath(p)) {
    const found = source.positions.get(p);
    if (found) return found;
  }
  return undefined;
}

function parentPath(p: string): string {
  const i = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
  return i <= 0 ? '' : p.slice(0, i);
}

/** Finds the last file that defines the key (or its closest parent), as the merge gave it the last word. */
function locate(
  keyPath: string,
  message: string,
  sources: readonly SourceFile[],
  preferFile?: string,
): ConfigIssue {
  const ordered = [...sources].reverse();
  if (preferFile)
    ordered.sort((a, b) => Number(b.file === preferFile) - Number(a.file === preferFile));
  for (let p = keyPath; p; p = parentPath(p)) {
    for (const source of ordered) {
      const found = source.positions.get(p);
      if (found)
        return {
          file: source.file,
          line: found.line,
          column: found.column,
          path: keyPath,
          message,
        };
    }
  }
  return { path: keyPath, message, ...(sources[0] ? { file: sources[0].file } : {}) };
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
