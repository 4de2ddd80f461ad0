/**
 * `stager init`: a project from one of the templates shipped in `templates/`. Existing files are
 * never overwritten unless `force` (and then listed); `.gitignore` is merged, not replaced, so
 * that `.env`, `data/` and `.stager/` stay out of git in an existing repository too.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConflictError, NotFoundError, UsageError } from '../../errors.js';
import { didYouMean } from '../../config/semantics.js';
import type { HostFs } from '../../host/host.js';

export interface TemplateInfo {
  name: string;
  description: string;
}

/** npm drops dot-files named like these from packages: templates keep them without the dot. */
const RENAMED: Record<string, string> = { gitignore: '.gitignore', dockerignore: '.dockerignore' };
const META = 'template.json';

/** The templates folder of this installation: next to package.json, above the running code. */
export function templatesDir(fs: HostFs, from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  for (;;) {
    const candidate = path.join(dir, 'templates');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new NotFoundError('the templates folder of stager is missing');
    dir = parent;
  }
}

export function listTemplates(fs: HostFs, root: string = templatesDir(fs)): TemplateInfo[] {
  return fs
    .readdirSync(root)
    .filter((name) => fs.statSync(path.join(root, name)).isDirectory())
    .map((name) => {
      const meta = path.join(root, name, META);
      const description = fs.existsSync(meta)
        ? String(
            (JSON.parse(fs.readFileSync(meta, 'utf8')) as { description?: string }).description ??
              '',
          )
        : '';
      return { name, description };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface InitResult {
  template: string;
  dir: string;
  created: string[];
  replaced: string[];
  merged: string[];
}

function templateFiles(fs: HostFs, dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel)).flatMap((name) => {
    const r = rel ? `${rel}/${name}` : name;
    if (!rel && name === META) return [];
    return fs.statSync(path.join(dir, r)).isDirectory() ? templateFiles(fs, dir, r) : [r];
  });
}

export function initProject(
  fs: HostFs,
  options: {
    template: string;
    dir: string;
    force?: boolean;
    root?: string;
  },
): InitResult {
  const root = options.root ?? templatesDir(fs);
  const names = listTemplates(fs, root).map((t) => t.name);
  if (!names.includes(options.template))
    throw new UsageError(
      `no template "${options.template}"${didYouMean(options.template, names)}`,
      { hint: `templates: ${names.join(', ')}` },
    );
  const source = path.join(root, options.template);
  const files = templateFiles(fs, source).map((rel) => {
    const parts = rel.split('/');
    parts[parts.length - 1] = RENAMED[parts.at(-1)!] ?? parts.at(-1)!;
    return {
      from: path.join(source, rel),
      to: path.join(options.dir, ...parts),
      rel: parts.join('/'),
    };
  });
  const isGitignore = (f: { rel: string }): boolean => f.rel === '.gitignore';
  const existing = files.filter((f) => !isGitignore(f) && fs.existsSync(f.to)).map((f) => f.rel);
  if (existing.length && !options.force)
    throw new ConflictError(
      `${options.dir} already has ${existing.join(', ')}: nothing was written`,
      { hint: 'use --force to replace them (they are listed), or init into an empty folder' },
    );
  const result: InitResult = {
    template: options.template,
    dir: options.dir,
    created: [],
    replaced: [],
    merged: [],
  };
  for (const f of files) {
    fs.mkdirSync(path.dirname(f.to), { recursive: true });
    const text = fs.readFileSync(f.from);
    if (isGitignore(f) && fs.existsSync(f.to)) {
      const have = new Set(
        fs
          .readFileSync(f.to, 'utf8')
          .split(/\r?\n/)
          .map((l) => l.trim()),
      );
      const add = text
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() && !have.has(l.trim()));
      if (add.length) {
        const current = fs.readFileSync(f.to, 'utf8');
        fs.writeFileSync(
          f.to,
          `${current}${current.endsWith('\n') || !current ? '' : '\n'}${add.join('\n')}\n`,
        );
        result.merged.push(f.rel);
      }
      continue;
    }
    (fs.existsSync(f.to) ? result.replaced : result.created).push(f.rel);
    fs.writeFileSync(f.to, text, { mode: fs.statSync(f.from).mode & 0o777 });
  }
  return result;
}
