/**
 * `extends`: a service starts from another one, in the same files or in another file, and
 * merges its own keys over it with the usual merge rules.
 */
import { isPlainObject, type Raw } from './canonical.js';
import { mergeService } from './merge.js';

export interface ExtendsIssue {
  service: string;
  file: string | undefined;
  message: string;
}

export interface ExtendsLoader {
  /** Another file's services, canonical and with paths made absolute against its folder. */
  servicesOf(file: string): Raw;
}

export function resolveExtends(services: Raw, loader: ExtendsLoader, issues: ExtendsIssue[]): Raw {
  const resolved = new Map<string, Raw>();

  const resolve = (
    name: string,
    pool: Raw,
    file: string | undefined,
    stack: string[],
  ): Raw | undefined => {
    const key = `${file ?? ''}#${name}`;
    const done = resolved.get(key);
    if (done) return done;
    const service = pool[name];
    if (!isPlainObject(service)) {
      issues.push({
        service: stack.at(-1)?.split('#')[1] ?? name,
        file,
        message: `extends names service "${name}", which is not defined${file ? ` in ${file}` : ''}`,
      });
      return undefined;
    }
    if (service.extends === undefined) {
      resolved.set(key, service);
      return service;
    }
    if (stack.includes(key)) {
      issues.push({
        service: name,
        file,
        message: `extends cycle: ${[...stack, key].map((k) => k.split('#')[1]).join(' -> ')}`,
      });
      return undefined;
    }
    const spec =
      typeof service.extends === 'string' ? { service: service.extends } : service.extends;
    if (!isPlainObject(spec) || typeof spec.service !== 'string') {
      issues.push({ service: name, file, message: 'extends needs a service name' });
      return undefined;
    }
    let base: Raw | undefined;
    if (typeof spec.file === 'string') {
      let other: Raw;
      try {
        other = loader.servicesOf(spec.file);
      } catch (err) {
        issues.push({
          service: name,
          file,
          message: `extends file ${spec.file}: ${(err as Error).message}`,
        });
        return undefined;
      }
      base = resolve(spec.service, other, spec.file, [...stack, key]);
    } else {
      base = resolve(spec.service, pool, file, [...stack, key]);
    }
    if (!base) return undefined;
    const { extends: _extends, ...own } = service;
    const merged = mergeService(base, own);
    resolved.set(key, merged);
    return merged;
  };

  const out: Raw = {};
  for (const name of Object.keys(services)) {
    out[name] = resolve(name, services, undefined, []) ?? services[name];
  }
  return out;
}
