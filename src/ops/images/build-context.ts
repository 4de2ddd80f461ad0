/**
 * The build context as the engine receives it: a tar of the context folder without what
 * `.dockerignore` excludes (Docker's own matching rules, `!` exceptions and `**` included, from
 * @balena/dockerignore), plus the Dockerfile when it lives outside the context or is inline.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import tar from 'tar-fs';
import { UsageError } from '../../errors.js';
import type { HostFs } from '../../host/host.js';

export interface ContextSource {
  /** Absolute path of the context folder. */
  context: string;
  /** The Dockerfile's path relative to the context, or absolute. */
  dockerfile?: string;
  dockerfileInline?: string;
}

export interface PackedContext {
  stream: NodeJS.ReadableStream;
  /** The Dockerfile's name inside the tar. */
  dockerfile: string;
  /** Its text, for locating errors and for the checks made before a build. */
  dockerfileText: string;
  /** Where the Dockerfile is, for messages: a path, or `dockerfile_inline`. */
  dockerfileLabel: string;
}

// CommonJS (`module.exports = factory`) whose types declare a default export.
export const ignore = dockerignore as unknown as typeof dockerignore.default;

const INLINE_NAME = '.stager.inline.Dockerfile';

/** The ignore file Docker reads: `<Dockerfile>.dockerignore` next to the Dockerfile, else the context's. */
export function ignoreFileFor(fs: HostFs, source: ContextSource): string | undefined {
  if (source.dockerfile && !source.dockerfileInline) {
    const specific = `${path.resolve(source.context, source.dockerfile)}.dockerignore`;
    if (fs.existsSync(specific)) return specific;
  }
  const plain = path.join(source.context, '.dockerignore');
  return fs.existsSync(plain) ? plain : undefined;
}

/** The path patterns of a .dockerignore file: comments and blank lines dropped. */
export function ignorePatterns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

export function packContext(fs: HostFs, source: ContextSource): PackedContext {
  const root = source.context;
  if (!isDirectory(fs, root)) throw new UsageError(`build context ${root} is not a folder`);
  let dockerfile: string;
  let dockerfileText: string;
  let dockerfileLabel: string;
  let extra: { name: string; text: string } | undefined;
  if (source.dockerfileInline !== undefined) {
    dockerfile = INLINE_NAME;
    dockerfileText = source.dockerfileInline;
    dockerfileLabel = 'dockerfile_inline';
    extra = { name: INLINE_NAME, text: dockerfileText };
  } else {
    const absolute = path.resolve(root, source.dockerfile ?? 'Dockerfile');
    if (!fs.existsSync(absolute)) throw new Error(`Dockerfile ${absolute} does not exist`);
    dockerfileText = fs.readFileSync(absolute, 'utf8');
    dockerfileLabel = absolute;
    const inside = path.relative(root, absolute);
    if (inside.startsWith('..') || path.isAbsolute(inside)) {
      dockerfile = `.stager.${path.basename(absolute)}`;
      extra = { name: dockerfile, text: dockerfileText };
    } else dockerfile = inside.split(path.sep).join('/');
  }

  const ignoreFile = ignoreFileFor(fs, source);
  const patterns = ignoreFile ? ignorePatterns(fs.readFileSync(ignoreFile, 'utf8')) : [];
  const matcher = ignore().add(patterns);
  const hasExceptions = patterns.some((p) => p.startsWith('!'));
  // The Dockerfile and the ignore file always travel, whatever the patterns say.
  const keep = new Set([dockerfile, '.dockerignore']);
  const stream = tar.pack(root, {
    finalize: !extra,
    ignore: (name: string) => {
      const rel = path.relative(root, name).split(path.sep).join('/');
      if (!rel || keep.has(rel) || !matcher.ignores(rel)) return false;
      // A folder that matches may still hold an exception: walk into it.
      return !(hasExceptions && isDirectory(fs, name));
    },
    finish: extra
      ? (pack) => {
          pack.entry({ name: extra.name, mode: 0o644 }, extra.text);
          pack.finalize();
        }
      : undefined,
  });
  return { stream, dockerfile, dockerfileText, dockerfileLabel };
}

function isDirectory(fs: HostFs, p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The label a built image carries: what its context held, for `doctor` to compare with. */
export const CONTEXT_DIGEST_LABEL = 'dev.stager.context-digest';

/**
 * A digest of what the context sends, by content: each file's path, mode and bytes, in path
 * order, under the same .dockerignore rules as the build. Touching a file changes nothing;
 * editing one does.
 */
export function contextDigest(fs: HostFs, source: ContextSource, extra?: string): string {
  const root = source.context;
  const ignoreFile = ignoreFileFor(fs, source);
  const patterns = ignoreFile ? ignorePatterns(fs.readFileSync(ignoreFile, 'utf8')) : [];
  const matcher = ignore().add(patterns);
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    const names = (fs.readdirSync(dir) as string[]).sort();
    for (const name of names) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      const stat = fs.lstatSync(full);
      const kept = rel === source.dockerfile || rel === '.dockerignore' || !matcher.ignores(rel);
      if (stat.isDirectory()) {
        // An excluded folder may hold an exception; without exceptions it is skipped whole.
        if (kept || patterns.some((p) => p.startsWith('!'))) walk(full);
        continue;
      }
      if (!kept) continue;
      hash.update(`${rel}\0${stat.mode & 0o777}\0`);
      if (stat.isSymbolicLink()) hash.update(fs.readlinkSync(full));
      else if (stat.isFile()) hash.update(fs.readFileSync(full));
      hash.update('\0');
    }
  };
  walk(root);
  const dockerfile = source.dockerfile ? path.resolve(root, source.dockerfile) : undefined;
  if (source.dockerfileInline !== undefined) hash.update(`inline\0${source.dockerfileInline}`);
  else if (dockerfile && !dockerfile.startsWith(`${root}${path.sep}`) && fs.existsSync(dockerfile))
    hash.update(fs.readFileSync(dockerfile));
  if (extra) hash.update(`\0${extra}`);
  return `sha256:${hash.digest('hex')}`;
}
