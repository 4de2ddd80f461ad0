/**
 * Brings one file's raw data to the long forms, before merging, so that the merge can match
 * entries by key (volumes by target, environment by name) whatever syntax each file used.
 * `!reset` / `!override` tags are carried through for the merge to act on.
 */
import { joinPath } from './key-path.js';
import { OverrideTag, ResetTag } from './yaml-source.js';
import { parsePortSpec } from './parse-port.js';
import { cleanTarget, parseVolumeSpec } from './parse-volume.js';
import { shellSplit } from './shell-split.js';
import type { PortConfig } from './model/project.js';

export type Raw = Record<string, unknown>;

export interface CanonicalIssue {
  path: string;
  message: string;
}

export function isPlainObject(value: unknown): value is Raw {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof ResetTag) &&
    !(value instanceof OverrideTag)
  );
}

/** Applies `fn` under any tag, keeping the tag. */
function tagged(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (value instanceof ResetTag) return value;
  if (value instanceof OverrideTag) return new OverrideTag(fn(value.value));
  return fn(value);
}

function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** `[K=V, K]` or `{K: V}` to a map; `bare` is what a key without `=` gets. */
export function listOrDict(
  value: unknown,
  sep: '=' | ':=',
  bare: null | '',
): Record<string, unknown> {
  if (Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const item of value) {
      const text = scalarText(item);
      const i = sep === '=' ? text.indexOf('=') : firstOf(text, ['=', ':']);
      if (i < 0) out[text] = bare;
      else out[text.slice(0, i)] = text.slice(i + 1);
    }
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        v instanceof ResetTag || v instanceof OverrideTag ? v : v === null ? bare : scalarText(v);
    }
    return out;
  }
  return value as Record<string, unknown>;
}

function firstOf(text: string, seps: string[]): number {
  const found = seps.map((s) => text.indexOf(s)).filter((i) => i >= 0);
  return found.length ? Math.min(...found) : -1;
}

function stringList(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.map((v) => (v === null ? v : scalarText(v)));
  return value;
}

function command(value: unknown): unknown {
  if (typeof value === 'string') return shellSplit(value);
  if (Array.isArray(value)) return value.map(scalarText);
  return value;
}

function extraHosts(value: unknown): unknown {
  const out: Record<string, string[]> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = scalarText(item);
      // `host=ip` is the current form; `host:ip` the historic one (an IPv6 address has colons too).
      const i = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
      if (i < 0) throw new Error(`invalid extra_hosts entry "${text}": expected HOST=IP`);
      const host = text.slice(0, i);
      const ip = text.slice(i + 1).replace(/^\[(.*)\]$/, '$1');
      (out[host] ??= []).push(ip);
    }
    return out;
  }
  if (isPlainObject(value)) {
    for (const [host, ip] of Object.entries(value)) {
      out[host] = (Array.isArray(ip) ? ip : [ip]).map((x) =>
        scalarText(x).replace(/^\[(.*)\]$/, '$1'),
      );
    }
    return out;
  }
  return value;
}

function ports(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.flatMap((item): unknown[] => {
    if (typeof item === 'string' || typeof item === 'number') return parsePortSpec(item);
    if (isPlainObject(item)) {
      const port: Raw = { mode: 'ingress', ...item };
      port.protocol = (item.protocol as string | undefined) ?? 'tcp';
      if (item.target !== undefined) port.target = Number(item.target);
      if (item.published !== undefined && item.published !== null)
        port.published = scalarText(item.published);
      return [port as unknown as PortConfig];
    }
    return [item];
  });
}

function volumes(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item) => {
    if (typeof item === 'string') return parseVolumeSpec(item);
    if (isPlainObject(item) && typeof item.target === 'string')
      item = { ...item, target: cleanTarget(item.target) };
    return item;
  });
}

function fileRefs(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item) => (typeof item === 'string' ? { source: item } : item));
}

function dependsOn(value: unknown): unknown {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((s) => [scalarText(s), { condition: 'service_started', required: true }]),
    );
  }
  if (isPlainObject(value)) {
    const out: Raw = {};
    for (const [name, dep] of Object.entries(value)) {
      out[name] = tagged(dep, (d) =>
        isPlainObject(d) ? { condition: 'service_started', required: true, ...d } : d,
      );
    }
    return out;
  }
  return value;
}

function networks(value: unknown): unknown {
  if (Array.isArray(value)) return Object.fromEntries(value.map((n) => [scalarText(n), null]));
  return value;
}

function envFiles(value: unknown): unknown {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) return value;
  return list.map((item) =>
    typeof item === 'string'
      ? { path: item, required: true }
      : isPlainObject(item)
        ? { required: true, ...item }
        : item,
  );
}

function build(value: unknown): unknown {
  if (typeof value === 'string') return { context: value };
  if (!isPlainObject(value)) return value;
  const out: Raw = { ...value };
  const convert: Record<string, (v: unknown) => unknown> = {
    args: (v) => listOrDict(v, '=', null),
    labels: (v) => listOrDict(v, '=', ''),
    additional_contexts: (v) => listOrDict(v, '=', ''),
    extra_hosts: extraHosts,
    cache_from: stringList,
  };
  for (const [key, fn] of Object.entries(convert)) if (key in out) out[key] = tagged(out[key], fn);
  return out;
}

function healthcheck(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const out: Raw = { ...value };
  if ('test' in out) {
    out.test = tagged(out.test, (t) =>
      typeof t === 'string' ? ['CMD-SHELL', t] : Array.isArray(t) ? t.map(scalarText) : t,
    );
  }
  return out;
}

function deploy(value: unknown): unknown {
  if (!isPlainObject(value) || !('labels' in value)) return value;
  return { ...value, labels: tagged(value.labels, (v) => listOrDict(v, '=', '')) };
}

const SERVICE_FIELDS: Record<string, (v: unknown) => unknown> = {
  build,
  command,
  entrypoint: command,
  environment: (v) => listOrDict(v, '=', null),
  labels: (v) => listOrDict(v, '=', ''),
  annotations: (v) => listOrDict(v, '=', ''),
  sysctls: (v) => listOrDict(v, '=', ''),
  extra_hosts: extraHosts,
  ports,
  expose: stringList,
  volumes,
  secrets: fileRefs,
  configs: fileRefs,
  depends_on: dependsOn,
  networks,
  env_file: envFiles,
  dns: stringList,
  dns_search: stringList,
  tmpfs: stringList,
  healthcheck,
  deploy,
  profiles: stringList,
};

export function canonicalService(raw: unknown, path: string, issues: CanonicalIssue[]): unknown {
  if (!isPlainObject(raw)) return raw;
  const out: Raw = {};
  for (const [key, value] of Object.entries(raw)) {
    const fn = SERVICE_FIELDS[key];
    if (!fn) {
      out[key] = value;
      continue;
    }
    // Each bad volume is its own problem: all of them are reported in one run.
    if (key === 'volumes' && Array.isArray(value)) {
      out[key] = value.map((item: unknown, i) => {
        try {
          return (volumes([item]) as unknown[])[0];
        } catch (err) {
          issues.push({ path: joinPath(joinPath(path, key), i), message: (err as Error).message });
          return item;
        }
      });
      continue;
    }
    try {
      out[key] = tagged(value, fn);
    } catch (err) {
      issues.push({ path: joinPath(path, key), message: (err as Error).message });
      out[key] = value;
    }
  }
  return out;
}

/** A whole file: services canonicalized, empty top-level entries made `{}`. */
export function canonicalFile(data: unknown, issues: CanonicalIssue[]): Raw {
  if (!isPlainObject(data)) return {};
  const out: Raw = { ...data };
  if (isPlainObject(data.services)) {
    const services: Raw = {};
    for (const [name, svc] of Object.entries(data.services)) {
      services[name] = tagged(svc, (s) =>
        canonicalService(s ?? {}, joinPath('services', name), issues),
      );
    }
    out.services = services;
  }
  for (const section of ['networks', 'volumes', 'secrets', 'configs']) {
    const value = data[section];
    if (!isPlainObject(value)) continue;
    const entries: Raw = {};
    for (const [name, entry] of Object.entries(value)) entries[name] = entry === null ? {} : entry;
    out[section] = entries;
  }
  return out;
}
