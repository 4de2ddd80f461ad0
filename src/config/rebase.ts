/**
 * Makes a canonical service's relative paths absolute against a folder. Files named with `-f`
 * resolve against the project folder; a service taken by `extends` from another file, or a file
 * brought in by `include`, resolves against its own folder, so this runs at those points.
 */
import { isPlainObject, type Raw } from './canonical.js';
import { resolvePath } from './paths.js';
import { OverrideTag } from './yaml-source.js';

function under<T>(value: T, fn: (v: unknown) => unknown): T {
  if (value instanceof OverrideTag) return new OverrideTag(fn(value.value)) as T;
  return fn(value) as T;
}

export function rebaseService(service: Raw, base: string, home: string | undefined): Raw {
  const out: Raw = { ...service };
  if ('build' in out) {
    out.build = under(out.build, (b) => {
      if (!isPlainObject(b)) return b;
      const build: Raw = { ...b };
      if (typeof build.context === 'string') build.context = resolvePath(build.context, base, home);
      else if (build.context === undefined) build.context = base;
      if (isPlainObject(build.additional_contexts)) {
        build.additional_contexts = Object.fromEntries(
          Object.entries(build.additional_contexts).map(([k, v]) => [
            k,
            typeof v === 'string' && /^[./~]/.test(v) ? resolvePath(v, base, home) : v,
          ]),
        );
      }
      return build;
    });
  }
  if ('volumes' in out) {
    out.volumes = under(out.volumes, (list) =>
      Array.isArray(list)
        ? list.map((v) =>
            isPlainObject(v) && v.type === 'bind' && typeof v.source === 'string'
              ? { ...v, source: resolvePath(v.source, base, home) }
              : v,
          )
        : list,
    );
  }
  if ('env_file' in out) {
    out.env_file = under(out.env_file, (list) =>
      Array.isArray(list)
        ? list.map((f) =>
            isPlainObject(f) && typeof f.path === 'string'
              ? { ...f, path: resolvePath(f.path, base, home) }
              : f,
          )
        : list,
    );
  }
  if (
    'label_file' in out &&
    (typeof out.label_file === 'string' || Array.isArray(out.label_file))
  ) {
    const files =
      typeof out.label_file === 'string' ? [out.label_file] : (out.label_file as unknown[]);
    out.label_file = files.map((f) => (typeof f === 'string' ? resolvePath(f, base, home) : f));
  }
  if (isPlainObject(out.extends) && typeof out.extends.file === 'string') {
    out.extends = { ...out.extends, file: resolvePath(out.extends.file, base, home) };
  }
  return out;
}

/** Top-level secrets and configs name files relative to the file that declares them. */
export function rebaseFileResources(
  entries: unknown,
  base: string,
  home: string | undefined,
): unknown {
  if (!isPlainObject(entries)) return entries;
  return Object.fromEntries(
    Object.entries(entries).map(([name, entry]) => [
      name,
      isPlainObject(entry) && typeof entry.file === 'string'
        ? { ...entry, file: resolvePath(entry.file, base, home) }
        : entry,
    ]),
  );
}
