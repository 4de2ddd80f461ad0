/**
 * Merges canonical files with Compose's rules: mappings merge, `command`/`entrypoint`/
 * `healthcheck.test`/`profiles` are replaced, lists of mounts merge by target, environment-like
 * maps by key, and list-valued options append without duplicates. `!reset` removes what earlier
 * files set; `!override` replaces instead of merging.
 */
import { isPlainObject, type Raw } from './canonical.js';
import { OverrideTag, ResetTag } from './yaml-source.js';

type Rule =
  | { kind: 'replace' }
  | { kind: 'by-key' }
  | { kind: 'keyed-list'; key: (item: unknown) => string }
  | { kind: 'unique' };

const REPLACE: Rule = { kind: 'replace' };
const BY_KEY: Rule = { kind: 'by-key' };
const UNIQUE: Rule = { kind: 'unique' };

const byTarget = (item: unknown): string =>
  isPlainObject(item)
    ? String(item.target ?? item.source ?? JSON.stringify(item))
    : JSON.stringify(item);
const byFileTarget = (item: unknown): string =>
  isPlainObject(item) ? String(item.target ?? item.source) : JSON.stringify(item);
const byPath = (item: unknown): string =>
  isPlainObject(item) ? String(item.path) : JSON.stringify(item);
const byDevice = (item: unknown): string => {
  if (typeof item === 'string') {
    const parts = item.split(':');
    return parts[1] ?? parts[0] ?? item;
  }
  return isPlainObject(item) ? String(item.target ?? item.source) : JSON.stringify(item);
};

/** Rules by the path below a service (`environment`, `build.args`). */
const SERVICE_RULES: Record<string, Rule> = {
  command: REPLACE,
  entrypoint: REPLACE,
  'healthcheck.test': REPLACE,
  profiles: REPLACE,
  environment: BY_KEY,
  labels: BY_KEY,
  annotations: BY_KEY,
  sysctls: BY_KEY,
  extra_hosts: BY_KEY,
  ulimits: BY_KEY,
  depends_on: BY_KEY,
  'build.args': BY_KEY,
  'build.labels': BY_KEY,
  'build.additional_contexts': BY_KEY,
  'build.extra_hosts': BY_KEY,
  'deploy.labels': BY_KEY,
  'logging.options': BY_KEY,
  volumes: { kind: 'keyed-list', key: byTarget },
  devices: { kind: 'keyed-list', key: byDevice },
  secrets: { kind: 'keyed-list', key: byFileTarget },
  configs: { kind: 'keyed-list', key: byFileTarget },
  env_file: { kind: 'keyed-list', key: byPath },
  ports: UNIQUE,
  expose: UNIQUE,
  dns: UNIQUE,
  dns_search: UNIQUE,
  dns_opt: UNIQUE,
  tmpfs: UNIQUE,
  cap_add: UNIQUE,
  cap_drop: UNIQUE,
  external_links: UNIQUE,
  links: UNIQUE,
  security_opt: UNIQUE,
  group_add: UNIQUE,
  device_cgroup_rules: UNIQUE,
  'build.cache_from': UNIQUE,
  'build.tags': UNIQUE,
};

/** Removes tags left in a value that has nothing to merge with. */
export function stripTags(value: unknown): unknown {
  if (value instanceof OverrideTag) return stripTags(value.value);
  if (Array.isArray(value)) return value.filter((v) => !(v instanceof ResetTag)).map(stripTags);
  if (isPlainObject(value)) {
    const out: Raw = {};
    for (const [k, v] of Object.entries(value)) if (!(v instanceof ResetTag)) out[k] = stripTags(v);
    return out;
  }
  return value;
}

const REMOVE = Symbol('remove');

function mergeValue(base: unknown, over: unknown, rulePath: string | undefined): unknown {
  if (over instanceof ResetTag) return REMOVE;
  if (over instanceof OverrideTag) return stripTags(over.value);
  if (base === undefined) return stripTags(over);
  const rule = rulePath === undefined ? undefined : SERVICE_RULES[rulePath];
  switch (rule?.kind) {
    case 'replace':
      return stripTags(over);
    case 'by-key':
      if (isPlainObject(base) && isPlainObject(over))
        return mergeMaps(base, over, undefined, 'by-key');
      return stripTags(over);
    case 'keyed-list':
      if (Array.isArray(base) && Array.isArray(over)) return mergeKeyedList(base, over, rule.key);
      return stripTags(over);
    case 'unique':
      if (Array.isArray(base) && Array.isArray(over))
        return uniqueAppend(base, stripTags(over) as unknown[]);
      return stripTags(over);
    default:
      if (isPlainObject(base) && isPlainObject(over))
        return mergeMaps(base, over, rulePath, 'deep');
      return stripTags(over);
  }
}

function mergeMaps(
  base: Raw,
  over: Raw,
  rulePath: string | undefined,
  mode: 'deep' | 'by-key',
): Raw {
  const out: Raw = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const childPath =
      mode === 'by-key' || rulePath === undefined
        ? undefined
        : rulePath
          ? `${rulePath}.${key}`
          : key;
    // In by-key maps an entry is replaced whole, except a null network entry that keeps the base.
    const merged =
      mode === 'by-key'
        ? value instanceof ResetTag
          ? REMOVE
          : stripTags(value)
        : mergeValue(base[key], value, childPath);
    if (merged === REMOVE) delete out[key];
    else out[key] = merged;
  }
  return out;
}

function mergeKeyedList(
  base: unknown[],
  over: unknown[],
  key: (item: unknown) => string,
): unknown[] {
  const out = new Map<string, unknown>();
  for (const item of base) out.set(key(item), item);
  for (const item of over) {
    if (item instanceof ResetTag) continue;
    const k = key(item);
    const previous = out.get(k);
    out.delete(k);
    out.set(
      k,
      isPlainObject(previous) && isPlainObject(item)
        ? mergeMaps(previous, item, undefined, 'deep')
        : stripTags(item),
    );
  }
  return [...out.values()];
}

function uniqueAppend(base: unknown[], over: unknown[]): unknown[] {
  const seen = new Set(base.map((v) => JSON.stringify(v)));
  const out = [...base];
  for (const item of over) {
    const k = JSON.stringify(item);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(item);
    }
  }
  return out;
}

/** Merges one service definition over another (files, and `extends`). */
export function mergeService(base: Raw | undefined, over: unknown): Raw {
  const merged = mergeValue(base, over, '');
  return (merged === REMOVE || !isPlainObject(merged) ? {} : merged) as Raw;
}

/** Merges whole canonical files, later over earlier. */
export function mergeFiles(files: readonly Raw[]): Raw {
  let out: Raw = {};
  for (const file of files) {
    for (const [key, value] of Object.entries(file)) {
      if (key === 'services' && isPlainObject(value)) {
        const services: Raw = isPlainObject(out.services) ? { ...out.services } : {};
        for (const [name, svc] of Object.entries(value)) {
          if (svc instanceof ResetTag) {
            delete services[name];
            continue;
          }
          // A first definition keeps its `!reset` tags: `extends` applies them to its base.
          services[name] =
            services[name] === undefined && isPlainObject(svc)
              ? svc
              : mergeService(services[name] as Raw | undefined, svc ?? {});
        }
        out.services = services;
        continue;
      }
      const merged = mergeValue(out[key], value, undefined);
      if (merged === REMOVE) delete out[key];
      else out = { ...out, [key]: merged };
    }
  }
  return out;
}
